/**
 * The adapter's memory of which bearer tokens are valid, so that a busy IdP costs
 * the identity service one AuthenticateToken call per token every few seconds
 * rather than one per request.
 *
 * - A valid token is believed for `ttlMs` (AUTH_CACHE_MS, 5 s by default),
 *   never past its own expiry: so a revoked token, or one of a disabled tenant,
 *   stops working within that bound on every adapter replica.
 * - An invalid token is remembered as long (no longer, so that a tenant enabled
 *   again works within the same bound), in a bounded LRU, so that a flood of wrong
 *   tokens costs a fixed amount of memory and no identity-service calls.
 * - Entries are keyed by a SHA-256 of the token, never the token itself, and
 *   concurrent requests with the same uncached token share one lookup.
 */
import { createHash } from 'node:crypto';
import { TtlCache } from '../../services/common/ttl-cache';
import { recordTokenCacheLookup } from '../../services/observability/metrics';

export interface TokenIdentity {
  tenant: string;
  tokenId: string;
}

/** What the identity service answers: the token's identity and expiry, or undefined when the token is not valid. */
export type TokenLookup = (token: string, requestId: string) => Promise<(TokenIdentity & { expires?: Date }) | undefined>;

export interface TokenCacheOptions {
  lookup: TokenLookup;
  /** How long an answer, valid or not, is believed. */
  ttlMs: number;
  capacity?: number;
  now?: () => number;
}

export class TokenCache {
  private readonly lookup: TokenLookup;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly valid: TtlCache<string, TokenIdentity>;
  private readonly invalid: TtlCache<string, true>;
  private readonly pending = new Map<string, Promise<TokenIdentity | undefined>>();

  constructor(options: TokenCacheOptions) {
    this.lookup = options.lookup;
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
    const capacity = options.capacity ?? 10_000;
    this.valid = new TtlCache(capacity, this.now);
    this.invalid = new TtlCache(capacity, this.now);
  }

  /** The token's tenant and id, or undefined when it is not valid. Lookup failures (the service is down) are thrown, not cached. */
  async resolve(token: string, requestId: string): Promise<TokenIdentity | undefined> {
    const key = createHash('sha256').update(token, 'utf8').digest('base64url');
    const known = this.valid.get(key);
    const refused = this.invalid.get(key);
    const inFlight = this.pending.get(key);
    // A hit is an answer that costs the identity service no call: cached, or joined to a lookup in flight.
    recordTokenCacheLookup(known || refused || inFlight ? 'hit' : 'miss');
    if (known) return known;
    if (refused) return undefined;
    if (inFlight) return inFlight;
    const lookup = this.remember(key, token, requestId).finally(() => this.pending.delete(key));
    this.pending.set(key, lookup);
    return lookup;
  }

  private async remember(key: string, token: string, requestId: string): Promise<TokenIdentity | undefined> {
    const found = await this.lookup(token, requestId);
    if (!found) {
      this.invalid.set(key, true, this.ttlMs);
      return undefined;
    }
    const identity = { tenant: found.tenant, tokenId: found.tokenId };
    const untilExpiry = found.expires ? found.expires.getTime() - this.now() : Infinity;
    this.valid.set(key, identity, Math.min(this.ttlMs, untilExpiry));
    return identity;
  }
}
