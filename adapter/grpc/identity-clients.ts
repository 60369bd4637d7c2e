/**
 * The adapter's gRPC clients to the identity service: one channel shared by every
 * service client, every call stamped with the adapter's service API key, the tenant,
 * the request id, the token and client address it is made for (for the audit trail),
 * a deadline and the trace context (a CLIENT span per call, its traceparent in the metadata).
 */
import { Channel, connectivityState, Metadata, type ChannelCredentials, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { AuthServiceClient, type AuthenticateTokenResponse } from '../../proto/gen/openscim/identity/v1/auth_service';
import { BulkServiceClient } from '../../proto/gen/openscim/identity/v1/bulk_service';
import { DiscoveryServiceClient } from '../../proto/gen/openscim/identity/v1/discovery_service';
import { EventServiceClient } from '../../proto/gen/openscim/identity/v1/event_service';
import { GroupServiceClient } from '../../proto/gen/openscim/identity/v1/group_service';
import { UserServiceClient } from '../../proto/gen/openscim/identity/v1/user_service';
import { DEFAULT_GRPC_MAX_MESSAGE_BYTES, messageLimitOptions } from '../../services/config/grpc-message-limit';
import { channelCredentials } from '../../services/config/grpc-tls';
import {
  ACTOR_METADATA_KEY,
  AUTHORIZATION_METADATA_KEY,
  CLIENT_ADDRESS_METADATA_KEY,
  REQUEST_ID_METADATA_KEY,
  TENANT_METADATA_KEY,
} from '../../services/identity/grpc/call-context';
import { grpcClientTracing } from '../../services/observability/grpc-tracing';
import { identityHealthCheck, type IdentityHealth } from './identity-health';

export interface IdentityClients {
  users: UserServiceClient;
  groups: GroupServiceClient;
  discovery: DiscoveryServiceClient;
  bulk: BulkServiceClient;
  /** RFC 8936 polls of SET receivers. */
  events: EventServiceClient;
  /** Calls one unary RPC as a promise. Pass the method bound to its client. */
  call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, scope: CallScope): Promise<Res>;
  /** AuthService.AuthenticateToken: the tenant and id of an IdP's bearer token, or the call's error. */
  authenticate(token: string, requestId: string, deadlineMs: number): Promise<AuthenticateTokenResponse>;
  /** The identity service's grpc.health.v1 status, or the code of the failed check, within `deadlineMs`. */
  health(deadlineMs: number): Promise<IdentityHealth>;
  close(): void;
}

/** Who a call is for, and how long it may take. */
export interface CallScope {
  tenant: string;
  requestId: string;
  deadlineMs: number;
  /** The id of the SCIM token the call is made for, recorded by the audit trail. */
  tokenId?: string;
  /** The IdP's address, recorded by the audit trail. */
  clientAddress?: string;
}

/**
 * How long a call waits for a lost connection to come back before failing with
 * UNAVAILABLE (HTTP 503): long enough to ride out a restart of the identity
 * service, short enough that an outage answers quickly.
 */
const CONNECT_WAIT_MS = 2000;

/** `apiKey` is the adapter's service credential, `sk_…`, sent on every call. */
export function createIdentityClients(
  address: string,
  apiKey: string,
  credentials: ChannelCredentials = channelCredentials(),
  maxMessageBytes = DEFAULT_GRPC_MAX_MESSAGE_BYTES,
): IdentityClients {
  const channel = new Channel(address, credentials, {
    ...messageLimitOptions(maxMessageBytes),
    // Reconnect promptly after the identity service restarts (the default backoff starts at 1 s and grows to 120 s).
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 1000,
  });
  const options = { channelOverride: channel, interceptors: [grpcClientTracing()] };
  const auth = new AuthServiceClient(address, credentials, options);
  const invoke = async <Req, Res>(method: UnaryMethod<Req, Res>, request: Req, metadata: Metadata, deadlineMs: number) => {
    await connected(channel, Math.min(Date.now() + CONNECT_WAIT_MS, Date.now() + deadlineMs));
    metadata.set(AUTHORIZATION_METADATA_KEY, `Bearer ${apiKey}`);
    return callUnary(method, request, metadata, deadlineMs);
  };
  return {
    users: new UserServiceClient(address, credentials, options),
    groups: new GroupServiceClient(address, credentials, options),
    discovery: new DiscoveryServiceClient(address, credentials, options),
    bulk: new BulkServiceClient(address, credentials, options),
    events: new EventServiceClient(address, credentials, options),
    call: (method, request, scope) => invoke(method, request, scopeMetadata(scope), scope.deadlineMs),
    authenticate: (token, requestId, deadlineMs) => {
      const metadata = new Metadata();
      metadata.set(REQUEST_ID_METADATA_KEY, requestId);
      return invoke(auth.authenticateToken.bind(auth), { token }, metadata, deadlineMs);
    },
    health: identityHealthCheck(address, credentials, channel),
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

function scopeMetadata(scope: CallScope): Metadata {
  const metadata = new Metadata();
  metadata.set(TENANT_METADATA_KEY, scope.tenant);
  metadata.set(REQUEST_ID_METADATA_KEY, scope.requestId);
  if (scope.tokenId) metadata.set(ACTOR_METADATA_KEY, scope.tokenId);
  if (scope.clientAddress) metadata.set(CLIENT_ADDRESS_METADATA_KEY, scope.clientAddress);
  return metadata;
}

function callUnary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, metadata: Metadata, deadlineMs: number): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, metadata, { deadline: Date.now() + deadlineMs }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}
