import { compareCodePoints, foldCase } from './compare-strings';

describe('RFC 7644 §3.4.2.2 string comparison helpers', () => {
  it('folds case with Unicode lower-casing, whatever the locale', () => {
    expect(foldCase('BJensen')).toBe('bjensen');
    expect(foldCase('ÉMILIE')).toBe('émilie');
    expect(foldCase('İ')).toBe('i̇');
  });

  it.each<[string, string, number]>([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['', 'a', -1],
    ['ab', 'a', 1],
    ['Z', 'a', -1],
    // UTF-16 code units would put the emoji (U+1F600, D83D DE00) first.
    ['\uFFFD', '😀', -1],
    ['😀', '\uE000', 1],
    ['😀a', '😀b', -1],
    ['😀', '😁', -1],
  ])('orders %j against %j as %i', (left, right, order) => {
    expect(compareCodePoints(left, right)).toBe(order);
    expect(compareCodePoints(right, left)).toBe(0 - order);
  });

  it('agrees with the byte order of UTF-8', () => {
    const strings = ['a', 'é', '\uFFFD', '😀', '\uE000', 'z', '', '\u0000', '日本'];
    const byUtf8 = [...strings].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...strings].sort(compareCodePoints)).toEqual(byUtf8);
  });
});
