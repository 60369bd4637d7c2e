import { etagMatches, formatVersion } from './versions';
import { resolvePage, MAX_PAGE_SIZE } from './paging';

describe('RFC 7644 §3.14 versions', () => {
  it('formats weak entity tags', () => expect(formatVersion(7)).toBe('W/"7"'));
  it.each([
    ['*', true],
    ['W/"7"', true],
    ['"7"', true],
    ['w/"7"', true],
    ['W/"6", W/"7"', true],
    ['W/"6"', false],
    ['7', false],
    ['', false],
  ])('If-Match %j against version 7 is %s', (ifMatch, expected) => expect(etagMatches(ifMatch, 7)).toBe(expected));
});

describe('RFC 7644 §3.4.2.4 paging', () => {
  it.each([
    [{}, { startIndex: 1, offset: 0, limit: 100 }],
    [{ startIndex: 0, count: 10 }, { startIndex: 1, offset: 0, limit: 10 }],
    [{ startIndex: -5, count: -1 }, { startIndex: 1, offset: 0, limit: 0 }],
    [{ startIndex: 11, count: 0 }, { startIndex: 11, offset: 10, limit: 0 }],
    [{ count: MAX_PAGE_SIZE * 10 }, { startIndex: 1, offset: 0, limit: MAX_PAGE_SIZE }],
  ])('%j → %j', (request, expected) => expect(resolvePage(request)).toEqual(expected));
});
