import { CursorExpiredError, InvalidCursorError } from '../errors/scim-errors';
import { PageTokens, queryKey } from './page-tokens';

describe('RFC 9865 cursors', () => {
  const key = Buffer.from('k'.repeat(32));
  let now = new Date('2026-01-01T00:00:00Z');
  const tokens = new PageTokens(key, () => now, 60);
  const query = queryKey(['acme', 'User', 'userName sw "a"', '', 'false']);

  it('round-trips a position', () => {
    now = new Date('2026-01-01T00:00:00Z');
    expect(tokens.read(tokens.issue({ value: 'bob', id: '42' }, query), query)).toEqual({ value: 'bob', id: '42' });
  });

  it('refuses a token for another query, a tampered one and one signed with another key', () => {
    const token = tokens.issue({ value: null, id: '1' }, query);
    expect(() => tokens.read(token, queryKey(['acme', 'User', '', '', 'false']))).toThrow(InvalidCursorError);
    const [body, signature] = token.split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('"1"', '"2"')).toString('base64url');
    expect(() => tokens.read(`${forged}.${signature}`, query)).toThrow(InvalidCursorError);
    expect(() => new PageTokens(Buffer.from('x'.repeat(32)), () => now).read(token, query)).toThrow(InvalidCursorError);
    expect(() => tokens.read('garbage', query)).toThrow(InvalidCursorError);
    expect(() => tokens.read('a.b.c', query)).toThrow(InvalidCursorError);
  });

  it('expires', () => {
    now = new Date('2026-01-01T00:00:00Z');
    const token = tokens.issue({ value: 1, id: '1' }, query);
    now = new Date('2026-01-01T00:01:01Z');
    expect(() => tokens.read(token, query)).toThrow(CursorExpiredError);
  });
});
