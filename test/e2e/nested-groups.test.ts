/**
 * Nested groups (RFC 7643 §4.2, §4.1.2 `groups`): User.groups lists direct and
 * indirect memberships, filters see both, cycles are refused, and internal callers
 * page through members and ask which groups a member is in over gRPC.
 */
import { status } from '@grpc/grpc-js';
import { scim, startStack, TEST_TENANT, type Stack } from '../support/stack';

let stack: Stack;
const id: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({ rateLimits: false });
  id.alice = (await scim(stack, 'POST', '/Users', { body: { userName: 'alice', displayName: 'Alice' } })).body.id;
  id.bob = (await scim(stack, 'POST', '/Users', { body: { userName: 'bob' } })).body.id;
  // engineering ⊃ backend ⊃ alice; company ⊃ engineering; bob is directly in company.
  id.backend = (await scim(stack, 'POST', '/Groups', { body: { displayName: 'Backend', members: [{ value: id.alice }] } })).body.id;
  id.engineering = (await scim(stack, 'POST', '/Groups', { body: { displayName: 'Engineering', members: [{ value: id.backend }] } })).body.id;
  id.company = (await scim(stack, 'POST', '/Groups', { body: { displayName: 'Company', members: [{ value: id.engineering }, { value: id.bob }] } })).body.id;
});
afterAll(() => stack.stop());

describe('User.groups with nested groups', () => {
  it('lists direct and indirect groups', async () => {
    const alice = await scim(stack, 'GET', `/Users/${id.alice}`);
    const groups = alice.body.groups.map((g: { display: string; type: string }) => [g.display, g.type]).sort();
    expect(groups).toEqual([
      ['Backend', 'direct'],
      ['Company', 'indirect'],
      ['Engineering', 'indirect'],
    ]);
  });

  it('filters on direct and indirect membership alike', async () => {
    const inCompany = await scim(stack, 'GET', `/Users?filter=${encodeURIComponent(`groups.value eq "${id.company}"`)}`);
    expect(inCompany.body.Resources.map((u: { userName: string }) => u.userName).sort()).toEqual(['alice', 'bob']);
    const indirect = await scim(stack, 'GET', `/Users?filter=${encodeURIComponent(`groups[value eq "${id.company}" and type eq "indirect"]`)}`);
    expect(indirect.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['alice']);
  });

  it('refuses a membership that would make a cycle, with 400 invalidValue', async () => {
    const response = await scim(stack, 'PUT', `/Groups/${id.backend}`, { body: { displayName: 'Backend', members: [{ value: id.alice }, { value: id.company }] } });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
    const unchanged = await scim(stack, 'GET', `/Groups/${id.backend}`);
    expect(unchanged.body.members.map((m: { value: string }) => m.value)).toEqual([id.alice]);
  });

  it('drops memberships through a deleted group', async () => {
    const temp = (await scim(stack, 'POST', '/Groups', { body: { displayName: 'Temp', members: [{ value: id.company }] } })).body.id;
    expect((await scim(stack, 'GET', `/Users/${id.bob}`)).body.groups).toHaveLength(2);
    await scim(stack, 'DELETE', `/Groups/${temp}`);
    expect((await scim(stack, 'GET', `/Users/${id.bob}`)).body.groups.map((g: { value: string }) => g.value)).toEqual([id.company]);
  });
});

describe('gRPC membership queries', () => {
  const scope = () => ({ tenant: TEST_TENANT, requestId: 'members', deadlineMs: 5000 });

  it('pages through a group\'s members with ListGroupMembers', async () => {
    const users: string[] = [];
    for (let i = 0; i < 25; i++) users.push((await scim(stack, 'POST', '/Users', { body: { userName: `paged-${i}` } })).body.id);
    const group = (await scim(stack, 'POST', '/Groups', { body: { displayName: 'Paged', members: users.map((value) => ({ value })) } })).body.id;
    const groups = stack.clients.groups;
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await stack.clients.call(groups.listGroupMembers.bind(groups), { groupId: group, pageSize: 10, pageToken }, scope());
      seen.push(...(page.members ?? []).map((m) => m.value ?? ''));
      expect((page.members ?? []).every((m) => m.type === 'User' && m.display?.startsWith('paged-'))).toBe(true);
      pageToken = page.nextPageToken ?? '';
    } while (pageToken);
    expect(seen).toEqual([...users].sort());
  });

  it('answers ListUserGroups with direct and indirect groups, and NOT_FOUND for an unknown member', async () => {
    const groups = stack.clients.groups;
    const response = await stack.clients.call(groups.listUserGroups.bind(groups), { memberId: id.alice }, scope());
    expect(response.groups?.map((g) => g.value).sort()).toEqual([id.backend, id.company, id.engineering].sort());
    await expect(stack.clients.call(groups.listUserGroups.bind(groups), { memberId: 'nobody' }, scope())).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});
