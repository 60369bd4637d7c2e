import { DEFAULT_TENANT_LIMITS, loadRateLimitConfig, type RateLimitConfig } from '../../adapter/rate-limit/rate-limit-config';
import { createBudgets } from '../../adapter/rate-limit/rate-limiters';
import { ERROR_SCHEMA, scim, startStack, type ScimResponse, type Stack } from '../support/stack';

const tight: RateLimitConfig = {
  ...loadRateLimitConfig({}),
  tenant: { reads: { perSecond: 5, burst: 5 }, writes: { perSecond: 2, burst: 0 } },
  authFailures: 5,
};

describe('rate limits (per tenant, reads and writes apart)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ rateLimits: tight });
  });
  afterAll(() => stack.stop());

  it('sends RateLimit headers on every response, and 429 with Retry-After and a SCIM body over budget', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 15; i++) {
      const response = await scim(stack, 'GET', '/Users?count=0');
      statuses.push(response.status);
      if (response.status === 200) {
        expect(response.headers.get('ratelimit-limit')).toBe('5');
        expect(Number(response.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
      } else limited ??= response;
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(10); // 5 per second + a burst of 5
    expect(limited).toBeDefined();
    expect(limited!.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '429' });
  });

  it('keeps writes on their own budget, and a client that honours Retry-After finishes without errors', async () => {
    /** Sends until the answer is not 429, waiting as Retry-After says between tries. */
    const honouringRetryAfter = async (send: () => Promise<ScimResponse>): Promise<ScimResponse> => {
      for (;;) {
        const response = await send();
        if (response.status !== 429) return response;
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after')) * 1000));
      }
    };
    const created: number[] = [];
    for (let i = 0; i < 6; i++) created.push((await honouringRetryAfter(() => scim(stack, 'POST', '/Users', { body: { userName: `paced-${i}` } }))).status);
    expect(created).toEqual([201, 201, 201, 201, 201, 201]);
    // The reads budget may be spent by the previous test: the search too honours Retry-After.
    const total = await honouringRetryAfter(() => scim(stack, 'POST', '/Users/.search', { body: { filter: 'userName sw "paced-"', count: 0 } }));
    expect(total.status).toBe(200);
    expect(total.body.totalResults).toBe(6);
  });
});

describe('brute-force protection', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ rateLimits: tight });
  });
  afterAll(() => stack.stop());

  it('refuses an address after repeated failed authentications, even with the right token', async () => {
    for (let i = 0; i < 5; i++) expect((await scim(stack, 'GET', '/Users', { token: `wrong-${i}-0123456789abcdef` })).status).toBe(401);
    const blocked = await scim(stack, 'GET', '/Users', { token: stack.token });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(60);
  });
});

describe('budgets', () => {
  it('keep tenants apart: one tenant spending its budget leaves another\'s whole', async () => {
    const budgets = await createBudgets({ ...tight });
    const budget = { perSecond: 3, burst: 0 };
    for (let i = 0; i < 3; i++) expect((await budgets.consume('writes', 'tenant-a', budget)).allowed).toBe(true);
    expect((await budgets.consume('writes', 'tenant-a', budget)).allowed).toBe(false);
    expect((await budgets.consume('writes', 'tenant-b', budget)).allowed).toBe(true);
    expect((await budgets.consume('reads', 'tenant-a', budget)).allowed).toBe(true);
    await budgets.close();
  });

  it('read per-tenant overrides and refuse bad configuration', () => {
    const config = loadRateLimitConfig({ RATE_LIMIT_TENANTS: '{"acme": {"writes": {"perSecond": 500, "burst": 5000}}}' });
    expect(config.tenants.acme).toEqual({ reads: DEFAULT_TENANT_LIMITS.reads, writes: { perSecond: 500, burst: 5000 } });
    expect(() => loadRateLimitConfig({ RATE_LIMIT_TENANTS: '{"acme": {"reads": {"perSecond": 0}}}' })).toThrow(/perSecond/);
    expect(() => loadRateLimitConfig({ RATE_LIMIT_TENANTS: 'nope' })).toThrow(/JSON/);
    expect(() => loadRateLimitConfig({ RATE_LIMIT_BACKEND: 'mongo' })).toThrow(/MONGODB_URI/);
    expect(loadRateLimitConfig({ RATE_LIMIT_ENABLED: 'false' }).enabled).toBe(false);
  });
});
