/**
 * Several adapter replicas share one rate limit when their counters live in MongoDB
 * (RATE_LIMIT_BACKEND=mongo): two replicas together get the budget one would, not twice it.
 */
import { loadRateLimitConfig } from '../../adapter/rate-limit/rate-limit-config';
import { createBudgets, type Budgets } from '../../adapter/rate-limit/rate-limiters';
import { testMongoServer, type TestMongoServer } from '../support/mongo';

let server: TestMongoServer;
let replicas: Budgets[];

beforeAll(async () => {
  server = await testMongoServer();
  const { database } = server.newDatabase();
  const config = { ...loadRateLimitConfig({}), backend: 'mongo' as const, mongodbUri: server.uri, mongodbDb: database };
  replicas = [await createBudgets(config), await createBudgets(config)];
});
afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await server.release();
});

describe('a shared rate-limit backend', () => {
  it('enforces one combined limit across two replicas, and keeps tenants apart', async () => {
    // A budget too large to refill noticeably while the test runs: 20 per second… over a 1 s window,
    // with no burst, consumed alternately from both replicas within that window.
    const budget = { perSecond: 20, burst: 0 };
    const outcomes: boolean[] = [];
    const started = Date.now();
    for (let i = 0; i < 30; i++) outcomes.push((await replicas[i % 2].consume('writes', 'tenant-a', budget)).allowed);
    const withinOneWindow = Date.now() - started < 1000;
    if (withinOneWindow) expect(outcomes.filter(Boolean)).toHaveLength(20);
    else expect(outcomes.filter(Boolean).length).toBeLessThan(30); // a slow server spans windows; never double the budget
    expect((await replicas[1].consume('writes', 'tenant-b', budget)).allowed).toBe(true);
  });
});
