/**
 * Large groups and large bodies. Messages between the adapter and the identity service
 * larger than grpc-js's 4 MiB default (GRPC_MAX_MESSAGE_BYTES,
 * services/config/grpc-message-limit.ts): a large group read whole, a request body
 * past 4 MiB; past the configured limit, a SCIM error that says what to ask for
 * instead, not a 429 an IdP would retry forever. And a group of thousands of members
 * read and PUT back whole, as Okta updates.
 */
import pino from 'pino';
import { createApp } from '../../adapter/app';
import { createIdentityClients } from '../../adapter/grpc/identity-clients';
import { startHttpServer, type RunningHttpServer } from '../../adapter/http-server';
import { channelCredentials } from '../../services/config/grpc-tls';
import { ERROR_SCHEMA, scim, startStack, TEST_TENANT, type Stack } from '../support/stack';

const GRPC_DEFAULT_LIMIT = 4 * 1024 * 1024;
const MEMBERS = 2500;
/** 2,500 members shown with 2,000-character display names: about 5 MB, past grpc-js's default. */
const LONG_NAME = 'n'.repeat(2000);

let stack: Stack;
let groupId: string;

beforeAll(async () => {
  stack = await startStack({ maxBodyBytes: 8 * 1024 * 1024, rateLimits: false });
  // Seeded through the store, as a long-running tenant would have grown them: the test is about reading them back.
  const store = await stack.openStore();
  try {
    const now = new Date();
    const members = [];
    for (let i = 0; i < MEMBERS; i++) {
      const id = `member-${String(i).padStart(5, '0')}`;
      await store.users.insert(TEST_TENANT, id, { doc: { userName: `member${i}@example.com`, displayName: `${LONG_NAME}${i}` } }, now);
      members.push({ value: id, type: 'User' as const });
    }
    groupId = 'everyone';
    await store.groups.insert(TEST_TENANT, groupId, { doc: { displayName: 'Everyone' }, members }, now);
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(() => stack.stop());

describe('messages past grpc-js 4 MiB default, within GRPC_MAX_MESSAGE_BYTES', () => {
  it('reads a group whose members make a response of several MB, by id and in a list', async () => {
    const response = await fetch(`${stack.baseUrl}/Groups/${groupId}`, { headers: { Authorization: `Bearer ${stack.token}` } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.length).toBeGreaterThan(GRPC_DEFAULT_LIMIT);
    const group = JSON.parse(text);
    expect(group.members).toHaveLength(MEMBERS);
    expect(group.members[0]).toMatchObject({ value: 'member-00000', display: `${LONG_NAME}0`, type: 'User' });

    const listed = await scim(stack, 'GET', `/Groups?filter=${encodeURIComponent('displayName eq "Everyone"')}`);
    expect(listed.status).toBe(200);
    expect(listed.body.Resources[0].members).toHaveLength(MEMBERS);
  });

  it('accepts a request body larger than 4 MiB and stores it whole', async () => {
    // 80 certificates of 64,000 base64 characters (each value within its bound): about 5 MB in one ReplaceUser message.
    const x509Certificates = Array.from({ length: 80 }, (_, i) => ({ value: Buffer.alloc(48_000, i).toString('base64') }));
    const replaced = await scim(stack, 'PUT', '/Users/member-00001', { body: { userName: 'member1@example.com', x509Certificates } });
    expect(replaced.status).toBe(200);
    expect(JSON.stringify(replaced.body.x509Certificates).length).toBeGreaterThan(GRPC_DEFAULT_LIMIT);
    const read = await scim(stack, 'GET', '/Users/member-00001?attributes=x509Certificates');
    expect(read.body.x509Certificates).toEqual(x509Certificates);
  });
});

describe('a group of more members than other multi-valued attributes may hold (1,000)', () => {
  it('is PUT back whole after a GET, and a PUT without one member removes just that one', async () => {
    const { body: group } = await scim(stack, 'GET', `/Groups/${groupId}`);
    const echoed = await scim(stack, 'PUT', `/Groups/${groupId}`, { body: group });
    expect(echoed.status).toBe(200);
    expect(echoed.body.members).toHaveLength(MEMBERS);

    const fewer = { ...group, members: group.members.filter((member: { value: string }) => member.value !== 'member-00007') };
    const replaced = await scim(stack, 'PUT', `/Groups/${groupId}`, { body: fewer });
    expect(replaced.status).toBe(200);
    expect(replaced.body.members).toHaveLength(MEMBERS - 1);
    const found = await scim(stack, 'GET', `/Groups?filter=${encodeURIComponent('members.value eq "member-00007"')}&excludedAttributes=members`);
    expect(found.body.totalResults).toBe(0);
  });
});

describe('past GRPC_MAX_MESSAGE_BYTES', () => {
  const ONE_MIB = 1024 * 1024;
  let adapter: RunningHttpServer;
  let baseUrl: string;
  let clients: ReturnType<typeof createIdentityClients>;

  beforeAll(async () => {
    // A second, real adapter with a 1 MiB limit in front of the same identity service.
    clients = createIdentityClients(stack.identity.address, stack.adapterKey, channelCredentials(), ONE_MIB);
    const silent = pino({ level: 'silent' });
    adapter = await startHttpServer(createApp({ clients, authCacheMs: 5000, log: silent, maxBodyBytes: 64 * 1024, grpcDeadlineMs: 10_000, discoveryTtlMs: 60_000 }), {
      host: '127.0.0.1',
      port: 0,
      log: silent,
    });
    baseUrl = `http://127.0.0.1:${adapter.port}/scim/v2`;
  });
  afterAll(async () => {
    await adapter.close(0);
    clients.close();
  });

  it('answers a SCIM 500 that says what to ask instead, without Retry-After, and the smaller read still works', async () => {
    const tooLarge = await scim({ baseUrl, token: stack.token }, 'GET', `/Groups/${groupId}`);
    expect(tooLarge.status).toBe(500);
    expect(tooLarge.headers.get('retry-after')).toBeNull();
    expect(tooLarge.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '500' });
    expect(tooLarge.body.detail).toMatch(/GRPC_MAX_MESSAGE_BYTES.*excludedAttributes=members/);

    const withoutMembers = await scim({ baseUrl, token: stack.token }, 'GET', `/Groups/${groupId}?excludedAttributes=members`);
    expect(withoutMembers.status).toBe(200);
    expect(withoutMembers.body).toMatchObject({ id: groupId, displayName: 'Everyone' });
    expect(withoutMembers.body.members).toBeUndefined();
  });
});
