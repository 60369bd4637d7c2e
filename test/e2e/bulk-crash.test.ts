/**
 * The identity service dies in the middle of a bulk request (RFC 7644 §3.7): it is
 * killed with SIGKILL, a crash, while it runs one. The adapter answers 503 saying that
 * some operations may have been applied; after a restart the data holds whole
 * operations only, each once; sending the same request again completes it without
 * creating anything twice, and reports the resources the first attempt created as the
 * ones it created.
 */
import { PATCH_OP_SCHEMA, scim, type ScimResponse } from '../support/stack';
import { eventually } from '../support/eventually';
import { startProcessStack, type ProcessStack } from '../support/identity-process';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const USERS = 80;
const GROUPS = 4;

let stack: ProcessStack;
beforeAll(async () => {
  stack = await startProcessStack();
}, 120_000);
afterAll(() => stack?.stop(), 60_000);

const memberBulkIds = (group: number) => Array.from({ length: USERS }, (_, i) => i).filter((i) => i % GROUPS === group);

/**
 * Groups first, each naming its users by bulkId, so the users of a group run just
 * before it; a password each, whose scrypt hash takes tens of milliseconds, so that the
 * run lasts seconds and the kill lands inside it.
 */
function crashRequest() {
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    method: 'POST',
    path: '/Groups',
    bulkId: `g${g}`,
    data: { displayName: `crash-group-${g}`, members: memberBulkIds(g).map((i) => ({ value: `bulkId:u${i}` })) },
  }));
  const users = Array.from({ length: USERS }, (_, i) => ({
    method: 'POST',
    path: '/Users',
    bulkId: `u${i}`,
    data: { userName: `crash-user-${i}`, password: `Secret-${i}-correct-horse` },
  }));
  const patches = Array.from({ length: GROUPS }, (_, g) => ({
    method: 'PATCH',
    path: `/Groups/bulkId:g${g}`,
    data: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: `bulkId:u${(g + 1) % USERS}` }] }] },
  }));
  return { schemas: [BULK_REQUEST], Operations: [...groups, ...users, ...patches] };
}

async function all(endpoint: string, filter: string): Promise<Array<{ id: string; userName?: string; displayName?: string }>> {
  const response = await scim(stack, 'GET', `${endpoint}?count=1000&excludedAttributes=members&filter=${encodeURIComponent(filter)}`);
  expect(response.status).toBe(200);
  return response.body.Resources;
}

const members = async (groupId: string): Promise<string[]> =>
  ((await scim(stack, 'GET', `/Groups/${groupId}`)).body.members ?? []).map((member: { value: string }) => member.value).sort();

const until = (check: () => Promise<boolean>, what: string) => eventually(check, { withinMs: 30_000, what });

describe('a crash of the identity service in the middle of a bulk request', () => {
  it('answers 503; the data holds whole operations, once; the same request sent again completes it without duplicates', async () => {
    const body = crashRequest();
    const interrupted: Promise<ScimResponse> = scim(stack, 'POST', '/Bulk', { body });
    // Kill it once the first group has been written, well before the last user.
    await until(async () => (await all('/Groups', 'displayName sw "crash-group-"')).length >= 1, 'the first group');
    await stack.identity.kill();

    const answer = await interrupted;
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.body.detail).toMatch(/some operations may have been applied\. Send the same request again/);

    await stack.identity.restart();
    await until(async () => (await scim(stack, 'GET', '/Users?count=0')).status === 200, 'the restarted service');
    const usersBefore = await all('/Users', 'userName sw "crash-user-"');
    const groupsBefore = await all('/Groups', 'displayName sw "crash-group-"');
    // A part of the request took effect, each operation once.
    expect(usersBefore.length).toBeGreaterThan(0);
    expect(usersBefore.length).toBeLessThan(USERS);
    expect(new Set(usersBefore.map((user) => user.userName)).size).toBe(usersBefore.length);
    expect(new Set(groupsBefore.map((group) => group.displayName)).size).toBe(groupsBefore.length);
    // A group was written with its members: all of them, or (MongoDB, killed between the group and its edges) some.
    const idsBefore = new Map(usersBefore.map((user) => [String(user.userName), user.id]));
    for (const group of groupsBefore) {
      const g = Number(group.displayName!.split('-').pop());
      const intended = memberBulkIds(g).map((i) => idsBefore.get(`crash-user-${i}`));
      expect(intended.every((id) => id !== undefined)).toBe(true);
      for (const member of await members(group.id)) expect(intended).toContain(member);
    }

    const retried = await scim(stack, 'POST', '/Bulk', { body });
    expect(retried.status).toBe(200);
    const results: Array<{ bulkId?: string; status: string; location?: string }> = retried.body.Operations;
    expect(results.map((result) => result.status)).toEqual([...Array(GROUPS + USERS).fill('201'), ...Array(GROUPS).fill('204')]);

    const usersAfter = await all('/Users', 'userName sw "crash-user-"');
    const groupsAfter = await all('/Groups', 'displayName sw "crash-group-"');
    expect(usersAfter).toHaveLength(USERS);
    expect(groupsAfter).toHaveLength(GROUPS);
    const idOf = (bulkId: string) => results.find((result) => result.bulkId === bulkId)!.location!.split('/').pop()!;
    // The users the first attempt created are the ones the retry reports: found, not created again.
    for (const [userName, id] of idsBefore) expect(idOf(`u${userName.split('-').pop()}`)).toBe(id);
    for (const group of groupsBefore) expect(groupsAfter.map((after) => after.id)).toContain(group.id);
    for (let g = 0; g < GROUPS; g++) {
      const wanted = [...new Set([...memberBulkIds(g), (g + 1) % USERS])].map((i) => idOf(`u${i}`)).sort();
      expect(await members(idOf(`g${g}`))).toEqual(wanted);
    }

    // Once more: nothing changes.
    const again = await scim(stack, 'POST', '/Bulk', { body });
    expect(again.body.Operations.map((result: { location?: string }) => result.location)).toEqual(results.map((result) => result.location));
    expect(await all('/Users', 'userName sw "crash-user-"')).toHaveLength(USERS);
  }, 120_000);
});
