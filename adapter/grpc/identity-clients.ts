/**
 * The adapter's gRPC clients to the identity service: one channel shared by every
 * service client, every call stamped with the tenant, the request id and a deadline.
 */
import { Channel, credentials, Metadata, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { DiscoveryServiceClient } from '../../proto/gen/openscim/identity/v1/discovery_service';
import { GroupServiceClient } from '../../proto/gen/openscim/identity/v1/group_service';
import { UserServiceClient } from '../../proto/gen/openscim/identity/v1/user_service';
import { REQUEST_ID_METADATA_KEY, TENANT_METADATA_KEY } from '../../services/identity/grpc/call-context';

export interface IdentityClients {
  users: UserServiceClient;
  groups: GroupServiceClient;
  discovery: DiscoveryServiceClient;
  close(): void;
}

/** Who a call is for, and how long it may take. */
export interface CallScope {
  tenant: string;
  requestId: string;
  deadlineMs: number;
}

export function createIdentityClients(address: string): IdentityClients {
  const channel = new Channel(address, credentials.createInsecure(), {});
  const options = { channelOverride: channel };
  return {
    users: new UserServiceClient(address, credentials.createInsecure(), options),
    groups: new GroupServiceClient(address, credentials.createInsecure(), options),
    discovery: new DiscoveryServiceClient(address, credentials.createInsecure(), options),
    close: () => channel.close(),
  };
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/** Calls one unary RPC as a promise. Pass the method bound to its client. */
export function callUnary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, scope: CallScope): Promise<Res> {
  const metadata = new Metadata();
  metadata.set(TENANT_METADATA_KEY, scope.tenant);
  metadata.set(REQUEST_ID_METADATA_KEY, scope.requestId);
  return new Promise((resolve, reject) => {
    method(request, metadata, { deadline: Date.now() + scope.deadlineMs }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}
