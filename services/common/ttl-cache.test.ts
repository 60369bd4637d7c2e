import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const cache = () => new TtlCache<string, number>(2, () => now);
  beforeEach(() => {
    now = 1000;
  });

  it('keeps a value until its time is up', () => {
    const c = cache();
    c.set('a', 1, 100);
    now += 99;
    expect(c.get('a')).toBe(1);
    now += 1;
    expect(c.get('a')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('keeps nothing for a ttl of zero, and forgets the previous value', () => {
    const c = cache();
    c.set('a', 1, 100);
    c.set('a', 2, 0);
    expect(c.get('a')).toBeUndefined();
  });

  it('drops the least recently used entry when full', () => {
    const c = cache();
    c.set('a', 1, 100);
    c.set('b', 2, 100);
    c.get('a');
    c.set('c', 3, 100);
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([1, undefined, 3]);
  });
});
