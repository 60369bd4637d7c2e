/**
 * Cursor page tokens (RFC 9865 `cursor`/`nextCursor`): the position after which the
 * next page starts, signed with HMAC-SHA256 so that a client can neither forge one
 * nor read one against another query, tenant or resource type, and with an expiry.
 * The service keeps no state per cursor: keyset paging makes the position enough.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CursorExpiredError, InvalidCursorError } from '../errors/scim-errors';
import type { ListPosition } from '../store/port';

export const PAGE_TOKEN_TTL_SECONDS = 24 * 60 * 60;
const MAX_TOKEN_LENGTH = 2048;

interface Payload {
  /** The position. */
  p: ListPosition;
  /** The query the token belongs to (a digest). */
  q: string;
  /** Expiry, in seconds since the epoch. */
  e: number;
}

/** The digest that binds a token to one query: everything that fixes the order and the matches. */
export function queryKey(parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}

export class PageTokens {
  constructor(
    private readonly key: Buffer = randomBytes(32),
    private readonly clock: () => Date = () => new Date(),
    readonly ttlSeconds = PAGE_TOKEN_TTL_SECONDS,
  ) {}

  issue(position: ListPosition, query: string): string {
    const payload: Payload = { p: position, q: query, e: Math.floor(this.clock().getTime() / 1000) + this.ttlSeconds };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  read(token: string, query: string): ListPosition {
    const [body, signature, extra] = token.split('.');
    const invalid = () => new InvalidCursorError('The cursor is not one this service issued for this query. Start again without a cursor.');
    if (token.length > MAX_TOKEN_LENGTH || !body || !signature || extra !== undefined) throw invalid();
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    if (payload.q !== query) throw invalid();
    if (payload.e * 1000 < this.clock().getTime()) {
      throw new CursorExpiredError('The cursor has expired. Start the listing again without a cursor.');
    }
    return payload.p;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
