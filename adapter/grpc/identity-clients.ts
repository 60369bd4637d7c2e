/**
 * The adapter's gRPC clients to the identity service: one channel shared by every
 * service client, every call stamped with the tenant, the request id and a deadline.
 */
import { Channel, connectivityState, Metadata, type ChannelCredentials, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { DiscoveryServiceClient } from '../../proto/gen/openscim/identity/v1/discovery_service';
import { GroupServiceClient } from '../../proto/gen/openscim/identity/v1/group_service';
import { UserServiceClient } from '../../proto/gen/openscim/identity/v1/user_service';
import { channelCredentials } from '../../services/config/grpc-tls';
import { REQUEST_ID_METADATA_KEY, TENANT_METADATA_KEY } from '../../services/identity/grpc/call-context';

export interface IdentityClients {
  users: UserServiceClient;
  groups: GroupServiceClient;
  discovery: DiscoveryServiceClient;
  /** Calls one unary RPC as a promise. Pass the method bound to its client. */
  call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, scope: CallScope): Promise<Res>;
  close(): void;
}

/** Who a call is for, and how long it may take. */
export interface CallScope {
  tenant: string;
  requestId: string;
  deadlineMs: number;
}

/**
 * How long a call waits for a lost connection to come back before failing with
 * UNAVAILABLE (HTTP 503): long enough to ride out a restart of the identity
 * service, short enough that an outage answers quickly.
 */
const CONNECT_WAIT_MS = 2000;

export function createIdentityClients(address: string, credentials: ChannelCredentials = channelCredentials()): IdentityClients {
  const channel = new Channel(address, credentials, {
    // Reconnect promptly after the identity service restarts (the default backoff starts at 1 s and grows to 120 s).
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 1000,
  });
  const options = { channelOverride: channel };
  return {
    users: new UserServiceClient(address, credentials, options),
    groups: new GroupServiceClient(address, credentials, options),
    discovery: new DiscoveryServiceClient(address, credentials, options),
    call: async (method, request, scope) => {
      await connected(channel, Math.min(Date.now() + CONNECT_WAIT_MS, Date.now() + scope.deadlineMs));
      return callUnary(method, request, scope);
    },
    close: () => channel.close(),
  };
}

/** Resolves when the channel is ready or the wait is over, whichever comes first; the call then succeeds or fails fast. */
function connected(channel: Channel, until: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const state = channel.getConnectivityState(true);
      if (state === connectivityState.READY || state === connectivityState.SHUTDOWN || Date.now() >= until) return resolve();
      channel.watchConnectivityState(state, until, check);
    };
    check();
  });
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

function callUnary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, scope: CallScope): Promise<Res> {
  const metadata = new Metadata();
  metadata.set(TENANT_METADATA_KEY, scope.tenant);
  metadata.set(REQUEST_ID_METADATA_KEY, scope.requestId);
  return new Promise((resolve, reject) => {
    method(request, metadata, { deadline: Date.now() + scope.deadlineMs }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}
