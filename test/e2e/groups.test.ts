import { ERROR_SCHEMA, GROUP_SCHEMA, PATCH_OP_SCHEMA, scim, startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

async function createUser(userName: string, displayName?: string): Promise<string> {
  const created = await scim(stack, 'POST', '/Users', { body: { userName, displayName } });
  expect(created.status).toBe(201);
  return created.body.id;
}

describe('RFC 7643 §4.2 groups', () => {
  it('creates a group with user and group members, filling in display, type and $ref', async () => {
    const alice = await createUser('alice', 'Alice A.');
    const bob = await createUser('bob');
    const { body: inner } = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Inner' } });
    const created = await scim(stack, 'POST', '/Groups', {
      body: {
        schemas: [GROUP_SCHEMA, 'urn:ietf:params:scim:schemas:extension:microsoft:2.0:Group'],
        displayName: 'Tour Guides',
        externalId: 'entra-g1',
        members: [{ value: alice }, { value: bob, type: 'User' }, { value: inner.id }],
      },
    });
    expect(created.status).toBe(201);
    const group = created.body;
    expect(created.headers.get('location')).toBe(`${stack.baseUrl}/Groups/${group.id}`);
    expect(group).toMatchObject({ schemas: [GROUP_SCHEMA], displayName: 'Tour Guides', externalId: 'entra-g1', meta: { resourceType: 'Group', version: 'W/"1"' } });
    const expected = [
      { value: alice, $ref: `${stack.baseUrl}/Users/${alice}`, display: 'Alice A.', type: 'User' },
      { value: bob, $ref: `${stack.baseUrl}/Users/${bob}`, display: 'bob', type: 'User' },
      { value: inner.id, $ref: `${stack.baseUrl}/Groups/${inner.id}`, display: 'Inner', type: 'Group' },
    ].sort((a, b) => a.value.localeCompare(b.value));
    expect(group.members).toEqual(expected);
    expect((await scim(stack, 'GET', `/Groups/${group.id}`)).body).toEqual(group);
  });

  it('shows a user its groups (User.groups, readOnly) and drops members on delete', async () => {
    const carol = await createUser('carol');
    const { body: group } = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Carol fans', members: [{ value: carol }] } });
    const user = await scim(stack, 'GET', `/Users/${carol}`);
    expect(user.body.groups).toEqual([{ value: group.id, $ref: `${stack.baseUrl}/Groups/${group.id}`, display: 'Carol fans', type: 'direct' }]);

    expect((await scim(stack, 'DELETE', `/Users/${carol}`)).status).toBe(204);
    const after = await scim(stack, 'GET', `/Groups/${group.id}`);
    expect(after.body).not.toHaveProperty('members');
    // The group's representation changed, so its version did too.
    expect(after.body.meta.version).toBe('W/"2"');
  });

  it('keeps members inside the service when excludedAttributes=members (Entra)', async () => {
    const dave = await createUser('dave');
    const { body: group } = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Excluded', members: [{ value: dave }] } });
    const read = await scim(stack, 'GET', `/Groups/${group.id}?excludedAttributes=members`);
    expect(read.body).not.toHaveProperty('members');
    expect(read.body.displayName).toBe('Excluded');
    const listed = await scim(stack, 'GET', '/Groups?excludedAttributes=members');
    expect(listed.body.Resources.every((g: object) => !('members' in g))).toBe(true);
  });

  it('replaces members with PUT, and removes the group from its members\' groups on delete', async () => {
    const erin = await createUser('erin');
    const frank = await createUser('frank');
    const { body: group } = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Swap', members: [{ value: erin }] } });
    const replaced = await scim(stack, 'PUT', `/Groups/${group.id}`, { body: { displayName: 'Swapped', members: [{ value: frank }] } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.displayName).toBe('Swapped');
    expect(replaced.body.members.map((m: { value: string }) => m.value)).toEqual([frank]);
    expect((await scim(stack, 'GET', `/Users/${erin}`)).body).not.toHaveProperty('groups');

    expect((await scim(stack, 'DELETE', `/Groups/${group.id}`)).status).toBe(204);
    expect((await scim(stack, 'GET', `/Groups/${group.id}`)).status).toBe(404);
    expect((await scim(stack, 'GET', `/Users/${frank}`)).body).not.toHaveProperty('groups');
  });

  it('takes concurrent PUTs of one group in turn (the last one\'s members stay, never a mix), and concurrent member PATCHes all', async () => {
    const lists: string[][] = [];
    for (let writer = 0; writer < 3; writer++) {
      const list: string[] = [];
      for (let index = 0; index < 8; index++) list.push(await createUser(`racer-${writer}-${index}`));
      lists.push(list.sort());
    }
    const { body: group } = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Raced' } });
    const puts = await Promise.all(
      lists.map((list) => scim(stack, 'PUT', `/Groups/${group.id}`, { body: { displayName: 'Raced', members: list.map((value) => ({ value })) } })),
    );
    expect(puts.map((put) => put.status)).toEqual([200, 200, 200]);
    const version = (put: { body: { meta: { version: string } } }) => Number(/\d+/.exec(put.body.meta.version)?.[0]);
    const last = puts.reduce((latest, put) => (version(put) > version(latest) ? put : latest));
    const members = async () => ((await scim(stack, 'GET', `/Groups/${group.id}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();
    const kept = await members();
    expect(kept).toEqual(last.body.members.map((m: { value: string }) => m.value).sort());
    expect(lists.map((list) => list.join())).toContain(kept.join());

    // Eight at once: FerretDB (the MongoDB project's server) takes a few hundred ms a write, and writes of one group take turns.
    const added = lists.flat().filter((value) => !kept.includes(value)).slice(0, 8);
    const patches = await Promise.all(
      added.map((value) =>
        scim(stack, 'PATCH', `/Groups/${group.id}`, { body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value }] }] } }),
      ),
    );
    expect(patches.map((patch) => patch.status)).toEqual(added.map(() => 204));
    expect(await members()).toEqual([...kept, ...added].sort());
  });

  it('refuses a member that does not exist in the tenant with 400 invalidValue, storing nothing', async () => {
    const before = (await scim(stack, 'GET', '/Groups?count=0')).body.totalResults;
    const response = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Ghosts', members: [{ value: 'no-such-user' }] } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [ERROR_SCHEMA], scimType: 'invalidValue' });
    expect(response.body.detail).toContain('no-such-user');
    expect((await scim(stack, 'GET', '/Groups?count=0')).body.totalResults).toBe(before);
  });

  it('refuses a group that is a member of itself', async () => {
    const { body: group } = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Selfish' } });
    const response = await scim(stack, 'PUT', `/Groups/${group.id}`, { body: { displayName: 'Selfish', members: [{ value: group.id }] } });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });

  it('requires displayName (400 invalidValue)', async () => {
    const response = await scim(stack, 'POST', '/Groups', { body: { members: [] } });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });
});
