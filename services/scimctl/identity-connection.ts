/**
 * scimctl's connection to the identity service: the AdminService, UserService,
 * GroupService, BulkService and EventService clients over one channel, and one way to call them as
 * promises with the operator's service key (and, for tenant-scoped services, the
 * tenant) in the metadata.
 */
import { Channel, Metadata, type CallOptions, type ChannelCredentials, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { AdminServiceClient } from '../../proto/gen/openscim/identity/v1/admin_service';
import { BulkServiceClient } from '../../proto/gen/openscim/identity/v1/bulk_service';
import { EventServiceClient } from '../../proto/gen/openscim/identity/v1/event_service';
import { GroupServiceClient } from '../../proto/gen/openscim/identity/v1/group_service';
import { UserServiceClient } from '../../proto/gen/openscim/identity/v1/user_service';
import { DEFAULT_GRPC_MAX_MESSAGE_BYTES, messageLimitOptions } from '../config/grpc-message-limit';
import { AUTHORIZATION_METADATA_KEY, TENANT_METADATA_KEY } from '../identity/grpc/call-context';

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

export interface IdentityConnection {
  admin: AdminServiceClient;
  users: UserServiceClient;
  groups: GroupServiceClient;
  bulk: BulkServiceClient;
  /** Event receivers, and WatchEvents for `scimctl events watch`. */
  events: EventServiceClient;
  /** Calls a method bound to its client; `tenant` goes in `x-tenant-id` for the tenant-scoped services. */
  call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, tenant?: string): Promise<Res>;
  /** The metadata `call` sends, for streaming calls. */
  metadata(tenant?: string): Metadata;
  close(): void;
}

export interface ConnectionOptions {
  address: string;
  apiKey: string;
  credentials: ChannelCredentials;
  deadlineMs: number;
  /** The largest message either way: DEFAULT_GRPC_MAX_MESSAGE_BYTES unless given (GRPC_MAX_MESSAGE_BYTES). */
  maxMessageBytes?: number;
}

export function connectToIdentity(options: ConnectionOptions): IdentityConnection {
  // Large pages and groups come back as large messages, as they do to the adapter.
  const channel = new Channel(options.address, options.credentials, messageLimitOptions(options.maxMessageBytes ?? DEFAULT_GRPC_MAX_MESSAGE_BYTES));
  const clientOptions = { channelOverride: channel };
  const metadata = (tenant?: string) => {
    const sent = new Metadata();
    sent.set(AUTHORIZATION_METADATA_KEY, `Bearer ${options.apiKey}`);
    if (tenant !== undefined) sent.set(TENANT_METADATA_KEY, tenant);
    return sent;
  };
  return {
    admin: new AdminServiceClient(options.address, options.credentials, clientOptions),
    users: new UserServiceClient(options.address, options.credentials, clientOptions),
    groups: new GroupServiceClient(options.address, options.credentials, clientOptions),
    bulk: new BulkServiceClient(options.address, options.credentials, clientOptions),
    events: new EventServiceClient(options.address, options.credentials, clientOptions),
    call: (method, request, tenant) =>
      new Promise((resolve, reject) => {
        method(request, metadata(tenant), { deadline: Date.now() + options.deadlineMs }, (error, response) => (error ? reject(error) : resolve(response)));
      }),
    metadata,
    close: () => channel.close(),
  };
}
