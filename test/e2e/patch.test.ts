/**
 * PATCH over HTTP (RFC 7644 §3.5.2) end to end: the operations IdPs send, atomicity,
 * versions, and concurrent writers through two identity-service instances on one store.
 * The engine's full RFC example table lives in services/identity/scim/patch.
 */
import pino from 'pino';
import { createIdentityClients } from '../../adapter/grpc/identity-clients';
import { PatchOperation_Op } from '../../proto/gen/openscim/identity/v1/common';
import { startIdentityServer, type RunningIdentityServer } from '../../services/identity/server';
import { ERROR_SCHEMA, PATCH_OP_SCHEMA, scim, startStack, TEST_TENANT, type Stack } from '../support/stack';
import { describeUnlessFerretDb } from '../support/describe-unless-ferretdb';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ rateLimits: false });
});
afterAll(() => stack.stop());

const patch = (path: string, operations: unknown[], headers?: Record<string, string>) =>
  scim(stack, 'PATCH', path, { body: { schemas: [PATCH_OP_SCHEMA], Operations: operations }, headers });

async function newUser(body: object): Promise<{ id: string; meta: { version: string } }> {
  const created = await scim(stack, 'POST', '/Users', { body });
  expect(created.status).toBe(201);
  return created.body;
}

describe('RFC 7644 §3.5.2 PATCH over HTTP', () => {
  it('applies add, replace and remove, bumps the version and answers 200 with the user and its ETag', async () => {
    const user = await newUser({ userName: 'patchy', title: 'Intern', emails: [{ value: 'a@x.com', type: 'work' }] });
    const response = await patch(`/Users/${user.id}`, [
      { op: 'add', path: 'emails', value: [{ value: 'b@x.com', type: 'home', primary: true }] },
      { op: 'replace', path: 'title', value: 'Engineer' },
      { op: 'remove', path: 'emails[type eq "work"]' },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ title: 'Engineer', emails: [{ value: 'b@x.com', type: 'home', primary: true }], meta: { version: 'W/"2"' } });
    expect(response.headers.get('etag')).toBe('W/"2"');
    expect((await scim(stack, 'GET', `/Users/${user.id}`)).body).toEqual(response.body);
  });

  it('applies all operations or none: a failing operation leaves the user as it was', async () => {
    const user = await newUser({ userName: 'atomic', title: 'Before' });
    const response = await patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'title', value: 'After' },
      { op: 'replace', path: 'emails[type eq "nope"].display', value: 'x' },
    ]);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [ERROR_SCHEMA], scimType: 'noTarget' });
    const read = await scim(stack, 'GET', `/Users/${user.id}`);
    expect(read.body.title).toBe('Before');
    expect(read.body.meta.version).toBe('W/"1"');
  });

  it.each([
    ['remove without a path', [{ op: 'remove' }], 'noTarget'],
    ['an unknown attribute', [{ op: 'replace', path: 'shoeSize', value: 44 }], 'invalidPath'],
    ['a malformed path', [{ op: 'replace', path: 'emails[type eq', value: 'x' }], 'invalidPath'],
    ['a read-only attribute', [{ op: 'replace', path: 'id', value: 'mine' }], 'mutability'],
    ['a wrongly typed value', [{ op: 'replace', path: 'active', value: 'maybe' }], 'invalidValue'],
    ['removing the required userName', [{ op: 'remove', path: 'userName' }], 'mutability'],
  ])('refuses %s with 400 %s', async (_name, operations, scimType) => {
    const user = await newUser({ userName: `refuse-${scimType}-${Math.random()}` });
    const response = await patch(`/Users/${user.id}`, operations);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe(scimType);
  });

  it('refuses a body that is not a PatchOp with 400 invalidSyntax', async () => {
    const user = await newUser({ userName: 'bad-body' });
    const response = await scim(stack, 'PATCH', `/Users/${user.id}`, { body: { Operations: 'replace everything' } });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidSyntax');
  });

  it('honours If-Match (§3.14): a stale version is 412 and changes nothing', async () => {
    const user = await newUser({ userName: 'patch-if-match' });
    const stale = await patch(`/Users/${user.id}`, [{ op: 'replace', path: 'title', value: 'x' }], { 'If-Match': 'W/"7"' });
    expect(stale.status).toBe(412);
    const fresh = await patch(`/Users/${user.id}`, [{ op: 'replace', path: 'title', value: 'y' }], { 'If-Match': user.meta.version });
    expect(fresh.status).toBe(200);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await patch('/Users/nobody', [{ op: 'replace', path: 'title', value: 'x' }])).status).toBe(404);
  });
});

describe('groups: member changes as deltas', () => {
  it('adds with a value array, ignores re-adding, removes by filter and by value array, and refuses unknown members naming them', async () => {
    const ids = await Promise.all(['m1', 'm2', 'm3'].map(async (name) => (await newUser({ userName: `member-${name}` })).id));
    const { body: group } = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Delta' } });
    expect((await patch(`/Groups/${group.id}`, [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }])).status).toBe(204);
    expect((await patch(`/Groups/${group.id}`, [{ op: 'add', path: 'members', value: [{ value: ids[0] }] }])).status).toBe(204);
    expect((await patch(`/Groups/${group.id}`, [{ op: 'remove', path: `members[value eq "${ids[0]}"]` }])).status).toBe(204);
    expect((await patch(`/Groups/${group.id}`, [{ op: 'remove', path: 'members', value: [{ value: ids[1] }] }])).status).toBe(204);
    expect((await patch(`/Groups/${group.id}`, [{ op: 'remove', path: 'members[value eq "not-a-member"]' }])).status).toBe(204);
    const read = await scim(stack, 'GET', `/Groups/${group.id}`);
    expect(read.body.members.map((m: { value: string }) => m.value)).toEqual([ids[2]]);

    const unknown = await patch(`/Groups/${group.id}`, [{ op: 'add', path: 'members', value: [{ value: ids[0] }, { value: 'ghost-id' }] }]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.scimType).toBe('invalidValue');
    expect(unknown.body.detail).toContain('ghost-id');
    const after = await scim(stack, 'GET', `/Groups/${group.id}`);
    expect(after.body.members.map((m: { value: string }) => m.value)).toEqual([ids[2]]);
  });

  it('answers 200 with the group when attributes are asked for', async () => {
    const { body: group } = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Loud' } });
    const response = await patch(`/Groups/${group.id}?attributes=displayName`, [{ op: 'replace', path: 'displayName', value: 'Louder' }]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: group.id, displayName: 'Louder' });
  });
});

describeUnlessFerretDb('concurrency: no lost updates', () => {
  let second: RunningIdentityServer;
  beforeAll(async () => {
    // A second identity-service instance on the same SQLite file, as two replicas would share a database.
    second = await startIdentityServer({ store: await stack.openStore(), host: '127.0.0.1', port: 0, log: pino({ level: 'silent' }) });
  });
  afterAll(() => second.shutdown(100));

  function viaSecond() {
    const clients = createIdentityClients(second.address, stack.adapterKey);
    const scope = { tenant: TEST_TENANT, requestId: 'second', deadlineMs: 20_000 };
    return { clients, scope };
  }

  it('50 concurrent PATCHes adding different emails through two instances all land', async () => {
    const user = await newUser({ userName: 'contended' });
    const { clients, scope } = viaSecond();
    const writes = Array.from({ length: 50 }, (_, i) => {
      const operation = { op: 'add', path: 'emails', value: [{ value: `e${i}@x.com` }] };
      if (i % 2 === 0) return patch(`/Users/${user.id}`, [operation]).then((r) => r.status);
      return clients
        .call(clients.users.patchUser.bind(clients.users), { id: user.id, operations: [{ op: PatchOperation_Op.OP_ADD, path: 'emails', value: [{ value: `e${i}@x.com` }] }] }, scope)
        .then(() => 200);
    });
    expect(await Promise.all(writes)).toEqual(Array(50).fill(200));
    clients.close();
    const read = await scim(stack, 'GET', `/Users/${user.id}`);
    expect(read.body.emails).toHaveLength(50);
    expect(read.body.meta.version).toBe('W/"51"');
  });

  it('20 concurrent PATCHes each adding 50 members to one group leave exactly 1,000 members', async () => {
    const { body: group } = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Crowd' } });
    const users: string[] = [];
    for (let i = 0; i < 1000; i += 1) users.push((await newUser({ userName: `crowd-${i}` })).id);
    const { clients, scope } = viaSecond();
    const writes = Array.from({ length: 20 }, (_, batch) => {
      const value = users.slice(batch * 50, batch * 50 + 50).map((id) => ({ value: id }));
      if (batch % 2 === 0) return patch(`/Groups/${group.id}`, [{ op: 'add', path: 'members', value }]).then((r) => r.status);
      return clients
        .call(clients.groups.patchGroup.bind(clients.groups), { id: group.id, operations: [{ op: PatchOperation_Op.OP_ADD, path: 'members', value }] }, scope)
        .then(() => 204);
    });
    expect(await Promise.all(writes)).toEqual(Array(20).fill(204));
    clients.close();
    const read = await scim(stack, 'GET', `/Groups/${group.id}`);
    expect(read.body.members).toHaveLength(1000);
  });
});
