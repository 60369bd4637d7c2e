/**
 * `sw` on SQLite is the index range [prefix, prefixUpperBound(prefix)): exact only if a
 * string starts with the prefix when, and only when, it falls in that range.
 */
import { compareCodePoints } from '../../scim/filter/compare-strings';
import { prefixUpperBound } from './sqlite-query';

/** Code points where the order is easy to get wrong: ASCII, the surrogate gap's edges, the BMP's end, astral, the last. */
const ALPHABET = ['a', 'b', 'z', '\u007f', '\u00e9', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{1f600}', '\u{10fffe}', '\u{10ffff}'];

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function randomString(random: () => number, maxLength: number): string {
  const length = Math.floor(random() * (maxLength + 1));
  return Array.from({ length }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
}

const inRange = (text: string, prefix: string, upper: string | undefined) =>
  compareCodePoints(text, prefix) >= 0 && (upper === undefined || compareCodePoints(text, upper) < 0);

describe('prefixUpperBound', () => {
  it.each([
    ['abc', 'abd'],
    ['a\u{10ffff}', 'b'],
    ['\ud7ff', '\ue000'],
    ['\uffff', '\u{10000}'],
    ['x\u{1f600}', 'x\u{1f601}'],
  ])('raises the last code point of %j', (prefix, upper) => {
    expect(prefixUpperBound(prefix)).toBe(upper);
  });

  it('has none for an empty prefix, one of U+10FFFF only, or a lone surrogate', () => {
    expect(prefixUpperBound('')).toBeUndefined();
    expect(prefixUpperBound('\u{10ffff}\u{10ffff}')).toBeUndefined();
    expect(prefixUpperBound('a\ud800')).toBeUndefined();
  });

  it('bounds exactly the strings that start with the prefix (10,000 seeded pairs)', () => {
    const random = seeded(7);
    for (let i = 0; i < 10_000; i++) {
      const prefix = randomString(random, 3);
      // Half the texts extend the prefix, so both answers are common.
      const text = random() < 0.5 ? prefix + randomString(random, 3) : randomString(random, 5);
      expect([prefix, text, inRange(text, prefix, prefixUpperBound(prefix))]).toEqual([prefix, text, text.startsWith(prefix)]);
    }
  });
});
