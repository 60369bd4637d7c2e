/**
 * THE one place where a failure becomes a gRPC status. Expected failures
 * (IdentityError) keep their code and details; anything else is logged with its
 * stack and leaves as INTERNAL with only a request id, so no stack trace or driver
 * message ever reaches a client.
 */
import { status, type StatusObject } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { EtagMismatchError } from './scim-errors';
import { IdentityError } from './identity-error';
import { encodeStatusDetails, type StatusDetails } from './status-details';

export function toGrpcStatus(error: unknown, requestId: string, log: Logger): Partial<StatusObject> {
  const details = failureDetails(error, requestId, log);
  return { code: details.code, details: details.detail, metadata: encodeStatusDetails(details) };
}

/**
 * What a failure tells its caller, whether it fails a whole call or one item of a
 * bulk request or an import: an IdentityError's own details, or, for anything else
 * (logged here with its stack), INTERNAL with only the request id.
 */
export function failureDetails(error: unknown, requestId: string, log: Logger): StatusDetails {
  if (error instanceof IdentityError) {
    return {
      code: error.code,
      detail: error.message,
      reason: error.reason,
      scimType: error.scimType,
      attribute: error.attribute,
      retryAfterSeconds: error.retryAfterSeconds,
      currentVersion: error instanceof EtagMismatchError ? error.currentVersion : undefined,
    };
  }
  log.error({ err: error, requestId }, 'unexpected error');
  return { code: status.INTERNAL, detail: `Internal error (request ${requestId}).`, reason: 'INTERNAL' };
}
