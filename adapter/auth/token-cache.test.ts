import { TokenCache, type TokenLookup } from './token-cache';

describe('the adapter token cache', () => {
  let now = 0;
  let calls: string[] = [];
  let answer: Awaited<ReturnType<TokenLookup>> | Error = { tenant: 'acme', tokenId: 'Ab12Cd34Ef56' };
  const lookup: TokenLookup = async (token) => {
    calls.push(token);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const cache = () => new TokenCache({ lookup, ttlMs: 5000, now: () => now });
  beforeEach(() => {
    now = 1_000_000;
    calls = [];
    answer = { tenant: 'acme', tokenId: 'Ab12Cd34Ef56' };
  });

  it('asks once per token within the cache lifetime, and again after it', async () => {
    const c = cache();
    expect(await c.resolve('t', 'r1')).toEqual({ tenant: 'acme', tokenId: 'Ab12Cd34Ef56' });
    now += 4999;
    await c.resolve('t', 'r2');
    expect(calls).toHaveLength(1);
    now += 1;
    await c.resolve('t', 'r3');
    expect(calls).toHaveLength(2);
  });

  it("never believes a token past the token's own expiry", async () => {
    answer = { tenant: 'acme', tokenId: 'x', expires: new Date(now + 1000) };
    const c = cache();
    await c.resolve('t', 'r1');
    now += 1000;
    await c.resolve('t', 'r2');
    expect(calls).toHaveLength(2);
  });

  it('remembers an invalid token for the same lifetime', async () => {
    answer = undefined;
    const c = cache();
    expect(await c.resolve('bad', 'r1')).toBeUndefined();
    expect(await c.resolve('bad', 'r2')).toBeUndefined();
    expect(calls).toHaveLength(1);
    now += 5000;
    answer = { tenant: 'acme', tokenId: 'x' };
    expect(await c.resolve('bad', 'r3')).toBeDefined();
  });

  it('shares one lookup between concurrent requests with the same token', async () => {
    const c = cache();
    await Promise.all([c.resolve('t', 'r1'), c.resolve('t', 'r2'), c.resolve('t', 'r3')]);
    expect(calls).toHaveLength(1);
  });

  it('does not cache a failed lookup', async () => {
    answer = new Error('unavailable');
    const c = cache();
    await expect(c.resolve('t', 'r1')).rejects.toThrow('unavailable');
    answer = { tenant: 'acme', tokenId: 'x' };
    expect(await c.resolve('t', 'r2')).toBeDefined();
  });
});
