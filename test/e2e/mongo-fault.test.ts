/**
 * The MongoDB store's fault test: the database stops mid-run, and starts again. The
 * service must answer clean 503s with Retry-After meanwhile (RFC 7644 §3.12: a 5xx
 * with a SCIM error body; no driver message), report not ready, stay up, and serve
 * again by itself once the database is back, with nothing lost. It needs a server it
 * may stop: its own FerretDB, so it does not run against MONGODB_URI.
 */
import { eventually } from '../support/eventually';
import { ERROR_SCHEMA, GROUP_SCHEMA, PATCH_OP_SCHEMA, scim, startStack, type ScimResponse, type Stack } from '../support/stack';

/** Polls every 200 ms, for at most 15 s: the health monitor pings the store every few seconds. */
const recovers = (probe: () => Promise<boolean>, what: string) => eventually(probe, { withinMs: 15_000, everyMs: 200, what });

const readyz = (stack: Stack) => fetch(stack.baseUrl.replace('/scim/v2', '/readyz')).then((response) => response.status);

function expectCleanUnavailable(response: ScimResponse): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(response.body).toEqual({ schemas: [ERROR_SCHEMA], status: '503', detail: expect.any(String) });
  expect(response.body.detail).not.toMatch(/mongo|ferret|ECONN|127\.0\.0\.1|topology|selection/i);
}

(process.env.MONGODB_URI ? describe.skip : describe)('the MongoDB store when the database stops and starts again', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ store: 'mongo', rateLimits: false });
  });
  afterAll(() => stack.stop());

  it('answers 503 with Retry-After while it is down, and recovers without a restart, losing nothing', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { userName: 'durable@example.com', emails: [{ value: 'durable@example.com' }] } });
    const { body: group } = await scim(stack, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA], displayName: 'Durable', members: [{ value: user.id }] } });
    const before = (await scim(stack, 'GET', `/Users/${user.id}`)).body;
    const ferretDb = stack.mongo?.ferretDb;
    if (!ferretDb) throw new Error('the stack runs on a FerretDB of its own');

    await ferretDb.stop();
    expectCleanUnavailable(await scim(stack, 'GET', `/Users/${user.id}`));
    expectCleanUnavailable(await scim(stack, 'GET', '/Users?filter=userName%20eq%20%22durable@example.com%22'));
    expectCleanUnavailable(await scim(stack, 'POST', '/Users', { body: { userName: 'lost@example.com' } }));
    expectCleanUnavailable(await scim(stack, 'PATCH', `/Groups/${group.id}`, { body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'remove', path: 'members' }] } }));
    await recovers(async () => (await readyz(stack)) === 503, '/readyz 503');

    await ferretDb.start();
    await recovers(async () => (await scim(stack, 'GET', `/Users/${user.id}`)).status === 200, 'the user readable again');
    await recovers(async () => (await readyz(stack)) === 200, '/readyz 200');
    expect((await scim(stack, 'GET', `/Users/${user.id}`)).body).toEqual(before);
    expect((await scim(stack, 'GET', `/Groups/${group.id}`)).body).toEqual(group);
    const found = await scim(stack, 'GET', '/Users?filter=emails.value%20eq%20%22DURABLE@example.com%22');
    expect(found.body.Resources.map((resource: { id: string }) => resource.id)).toEqual([user.id]);
    expect((await scim(stack, 'POST', '/Users', { body: { userName: 'DURABLE@example.com' } })).status).toBe(409);
    expect((await scim(stack, 'POST', '/Users', { body: { userName: 'after@example.com' } })).status).toBe(201);
  }, 90_000);
});
