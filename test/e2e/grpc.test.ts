/**
 * The gRPC API as internal services use it: typed messages, tenancy in metadata,
 * rich error details in the grpc-status-details-bin trailer, health and reflection.
 */
import { credentials, loadPackageDefinition, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { ErrorReason, errorReasonToJSON } from '../../proto/gen/openscim/identity/v1/error_reason';
import { UserServiceClient, type CreateUserResponse, type ListUsersResponse } from '../../proto/gen/openscim/identity/v1/user_service';
import { decodeStatusDetails } from '../../services/identity/errors/status-details';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let users: UserServiceClient;
beforeAll(async () => {
  stack = await startStack();
  users = new UserServiceClient(stack.identity.address, credentials.createInsecure());
  const admin = stack.operator.admin;
  for (const tenantId of ['t1', 't2']) await stack.operator.call(admin.createTenant.bind(admin), { tenantId });
});
afterAll(async () => {
  users.close();
  await stack.stop();
});

/** The stack's admin key, as every call must carry a service credential. */
function authorized(): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${stack.adminKey}`);
  return metadata;
}

function tenant(id: string): Metadata {
  const metadata = authorized();
  metadata.set('x-tenant-id', id);
  return metadata;
}

function call<Res>(invoke: (callback: (error: ServiceError | null, response: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => invoke((error, response) => (error ? reject(error) : resolve(response))));
}

const reason = (value: ErrorReason) => errorReasonToJSON(value).replace(/^ERROR_REASON_/, '');

describe('the gRPC UserService', () => {
  it('creates and lists typed users, scoped to the tenant in the metadata', async () => {
    const created = await call<CreateUserResponse>((cb) =>
      users.createUser({ user: { userName: 'grpc-user', emails: [{ value: 'g@x.com', primary: true }], active: true } }, tenant('t1'), cb),
    );
    expect(created.user).toMatchObject({ userName: 'grpc-user', active: true, emails: [{ value: 'g@x.com', primary: true }] });
    expect(created.user?.meta?.version).toBe('W/"1"');
    expect(created.user?.meta?.created).toBeInstanceOf(Date);

    const sameTenant = await call<ListUsersResponse>((cb) => users.listUsers({ filter: 'userName eq "GRPC-USER"' }, tenant('t1'), cb));
    expect(sameTenant.users?.map((u) => u.id)).toEqual([created.user?.id]);
    const otherTenant = await call<ListUsersResponse>((cb) => users.listUsers({ filter: 'userName eq "grpc-user"' }, tenant('t2'), cb));
    expect(otherTenant.totalResults).toBe(0);
    await expect(call((cb) => users.getUser({ id: created.user?.id }, tenant('t2'), cb))).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('refuses a call without a tenant with UNAUTHENTICATED', async () => {
    await expect(call((cb) => users.listUsers({}, authorized(), cb))).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
  });

  it('carries the reason, scimType and attribute in the status details', async () => {
    await call((cb) => users.createUser({ user: { userName: 'dupe' } }, tenant('t1'), cb));
    const error = (await call((cb) => users.createUser({ user: { userName: 'DUPE' } }, tenant('t1'), cb)).catch((e: ServiceError) => e)) as ServiceError;
    expect(error.code).toBe(status.ALREADY_EXISTS);
    expect(decodeStatusDetails(error.metadata)).toMatchObject({
      reason: reason(ErrorReason.ERROR_REASON_UNIQUENESS),
      scimType: 'uniqueness',
      attribute: 'userName',
    });

    const filter = (await call((cb) => users.listUsers({ filter: 'userName eq' }, tenant('t1'), cb)).catch((e: ServiceError) => e)) as ServiceError;
    expect(filter.code).toBe(status.INVALID_ARGUMENT);
    expect(decodeStatusDetails(filter.metadata)).toMatchObject({ reason: 'INVALID_FILTER', scimType: 'invalidFilter' });

    const stale = await call<CreateUserResponse>((cb) => users.createUser({ user: { userName: 'stale' } }, tenant('t1'), cb));
    const mismatch = (await call((cb) =>
      users.replaceUser({ id: stale.user?.id, user: { userName: 'stale' }, etag: 'W/"9"' }, tenant('t1'), cb),
    ).catch((e: ServiceError) => e)) as ServiceError;
    expect(mismatch.code).toBe(status.ABORTED);
    expect(decodeStatusDetails(mismatch.metadata)).toMatchObject({ reason: 'ETAG_MISMATCH', currentVersion: 'W/"1"' });
  });

  it('never returns the password of a user created over gRPC', async () => {
    const created = await call<CreateUserResponse>((cb) => users.createUser({ user: { userName: 'pw', password: 'hunter2!x' } }, tenant('t1'), cb));
    expect(created.user?.password ?? '').toBe('');
  });
});

describe('grpc.health.v1 and reflection', () => {
  // Generic clients from the published .proto files, as grpcurl or any other tool would build them.
  type GenericClient = { close(): void } & Record<string, Function>;
  function clientFor(file: string, service: string): GenericClient {
    const definition = loadPackageDefinition(loadSync(file, { keepCase: true, enums: String })) as Record<string, any>;
    const Client = service.split('.').reduce((node, name) => node[name], definition) as unknown as new (
      address: string,
      creds: ReturnType<typeof credentials.createInsecure>,
    ) => GenericClient;
    return new Client(stack.identity.address, credentials.createInsecure());
  }

  it('reports SERVING', async () => {
    const health = clientFor(healthProtoPath, 'grpc.health.v1.Health');
    const response = await call<{ status?: string }>((cb) => health.Check({ service: '' }, cb));
    expect(response.status).toBe('SERVING');
    health.close();
  });

  it('lists the services through server reflection, so grpcurl needs no proto files', async () => {
    const file = require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1alpha/reflection.proto');
    const reflection = clientFor(file, 'grpc.reflection.v1alpha.ServerReflection');
    const stream = reflection.ServerReflectionInfo();
    const answer = new Promise<{ list_services_response?: { service: Array<{ name: string }> } }>((resolve, reject) => {
      stream.on('data', resolve);
      stream.on('error', reject);
    });
    stream.write({ list_services: '' });
    const names = (await answer).list_services_response?.service.map((s) => s.name) ?? [];
    stream.end();
    reflection.close();
    expect(names).toEqual(expect.arrayContaining(['openscim.identity.v1.UserService', 'openscim.identity.v1.GroupService', 'openscim.identity.v1.DiscoveryService']));
  });
});
