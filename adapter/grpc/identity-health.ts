/**
 * Asks the identity service's grpc.health.v1 Check whether it can serve, for the
 * adapter's /readyz. The client rides the channel the SCIM calls use, so readiness
 * reflects that very connection, and it is not traced: a probe every few seconds
 * would bury the traces of real requests.
 */
import { makeGenericClientConstructor, status, type CallOptions, type Channel, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

/** `SERVING`, another grpc.health.v1 status (`NOT_SERVING`), or the code of a failed check (`UNAVAILABLE`, `DEADLINE_EXCEEDED`). */
export type IdentityHealth = string;

type CheckMethod = (
  request: { service: string },
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response?: { status?: unknown }) => void,
) => void;

const HealthClient = makeGenericClientConstructor(healthService, 'grpc.health.v1.Health');

export function identityHealthCheck(address: string, credentials: ChannelCredentials, channel: Channel) {
  const client = new HealthClient(address, credentials, { channelOverride: channel });
  const check = (client.Check as CheckMethod).bind(client);
  /** The overall status ('' names the whole server), within `deadlineMs`. */
  return (deadlineMs: number): Promise<IdentityHealth> =>
    new Promise((resolve) => {
      check({ service: '' }, { deadline: Date.now() + deadlineMs }, (error, response) => {
        if (error) resolve(status[error.code] ?? 'UNKNOWN');
        else resolve(typeof response?.status === 'string' ? response.status : 'UNKNOWN');
      });
    });
}
