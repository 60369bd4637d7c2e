import { backoffDelay } from './backoff';

describe('push retry backoff', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('doubles with each failure up to the cap, half of each step fixed and half random', () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelay(policy, failures, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((failures) => backoffDelay(policy, failures, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(policy, 50, () => 1)).toBe(60_000);
    expect(backoffDelay(policy, 50, () => 0)).toBe(30_000);
  });
});
