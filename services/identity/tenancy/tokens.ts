/**
 * SCIM bearer tokens: issued per tenant, shown once, stored as hashes, expiring,
 * revocable, rotatable with an overlap; and authentication, for the SCIM adapter.
 * See secrets.ts for their form and why a fast hash is right for them.
 */
import { FailedPreconditionError, InvalidValueError, NotFoundError, UnauthenticatedError } from '../errors/scim-errors';
import type { Principal } from './access';
import { checkedDescription, checkedTtl, DAY_MS, isActive, lastUseIsStale } from './lifetimes';
import { BOOTSTRAP_TOKEN_ID, hashSecret, newSecret, parseBearerToken, secretMatches } from './secrets';
import type { TenancyStore, TokenRecord } from './tenancy-store';
import type { TenantService } from './tenants';

export interface TokenServiceOptions {
  store: TenancyStore;
  tenants: TenantService;
  clock?: () => Date;
  /** Lifetime of a token issued without one. */
  defaultTtlMs: number;
  /** How long a rotated token keeps working when the rotation names no overlap. */
  defaultOverlapMs: number;
}

export interface IssuedToken {
  token: TokenRecord;
  /** The bearer token, `scim_<id>_<secret>`: shown once, never stored. */
  presented: string;
}

export interface RotatedToken extends IssuedToken {
  previous: TokenRecord;
}

export interface AuthenticatedToken {
  tenantId: string;
  tokenId: string;
  expires?: Date;
}

/** The longest overlap a rotation may ask for. */
const MAX_OVERLAP_MS = 30 * DAY_MS;

export class TokenService {
  private readonly store: TenancyStore;
  private readonly tenants: TenantService;
  private readonly clock: () => Date;
  private readonly defaultTtlMs: number;
  private readonly defaultOverlapMs: number;

  constructor(options: TokenServiceOptions) {
    this.store = options.store;
    this.tenants = options.tenants;
    this.clock = options.clock ?? (() => new Date());
    this.defaultTtlMs = options.defaultTtlMs;
    this.defaultOverlapMs = options.defaultOverlapMs;
  }

  async issue(tenantId: string, description: string, ttlMs?: number): Promise<IssuedToken> {
    await this.tenants.get(tenantId);
    return this.create(tenantId, checkedDescription(description), checkedTtl(ttlMs, this.defaultTtlMs, 'ttl'));
  }

  async list(tenantId: string): Promise<TokenRecord[]> {
    await this.tenants.get(tenantId);
    return this.store.listTokens(tenantId);
  }

  /** Without a tenant, the token is found by id alone (a leaked token, found with no tenant beside it). */
  async revoke(tenantId: string | undefined, tokenId: string): Promise<TokenRecord> {
    const token = await this.find(tenantId, tokenId);
    if (token.revoked) return token;
    return (await this.store.updateToken(tokenId, { revoked: this.clock() })) ?? token;
  }

  /**
   * Issues a successor with the same tenant and description, then shortens the old
   * token's life to `overlapMs` (never lengthens it), so that both work while an IdP
   * is switched over.
   */
  async rotate(tenantId: string, tokenId: string, overlapMs?: number, ttlMs?: number): Promise<RotatedToken> {
    const old = await this.find(tenantId, tokenId);
    const now = this.clock();
    if (old.bootstrap) throw new FailedPreconditionError('The bootstrap token is set by SCIM_BOOTSTRAP_TOKEN: change that variable to replace it.');
    if (old.replacedBy) throw new FailedPreconditionError(`The token was already rotated: rotate its successor ${old.replacedBy} instead.`);
    if (!isActive(old, now)) throw new FailedPreconditionError('The token is revoked or expired: issue a new one instead.');
    const overlap = overlapMs ?? this.defaultOverlapMs;
    if (!Number.isFinite(overlap) || overlap < 0 || overlap > MAX_OVERLAP_MS) {
      throw new InvalidValueError('overlap must be from 0 to 30 days.', 'overlap');
    }
    const issued = await this.create(tenantId, old.description, checkedTtl(ttlMs, this.defaultTtlMs, 'ttl'));
    const end = Math.min(now.getTime() + overlap, old.expires?.getTime() ?? Infinity);
    const previous = (await this.store.updateToken(tokenId, { expires: new Date(end), replacedBy: issued.token.id })) ?? old;
    return { ...issued, previous };
  }

  /**
   * The tenant and id of a valid token. Every failure is the same UNAUTHENTICATED
   * error, and a wrong, unknown or malformed token costs the same hash comparison.
   */
  async authenticate(presentedToken: string, caller: Principal): Promise<AuthenticatedToken> {
    const now = this.clock();
    const presented = parseBearerToken(presentedToken);
    const token = presented ? await this.store.getToken(presented.id) : undefined;
    const matches = secretMatches(presented, token?.secretHash);
    const tenant = matches && token ? await this.store.getTenant(token.tenantId) : undefined;
    if (!token || !tenant || tenant.disabled || !isActive(token, now) || !caller.holdsTenant(token.tenantId)) {
      throw new UnauthenticatedError('Invalid token.');
    }
    if (lastUseIsStale(token.lastUsed, now)) await this.store.updateToken(token.id, { lastUsed: now });
    return { tenantId: token.tenantId, tokenId: token.id, expires: token.expires };
  }

  /**
   * Makes SCIM_BOOTSTRAP_TOKEN a token of `tenantId` that does not expire, creating
   * the tenant if needed; with no token, removes the one a previous start installed.
   * A bootstrap token that an operator revoked stays revoked until the variable changes.
   */
  async installBootstrap(presented: string | undefined, tenantId: string): Promise<void> {
    if (presented === undefined) {
      await this.store.deleteToken(BOOTSTRAP_TOKEN_ID);
      return;
    }
    await this.tenants.ensure(tenantId);
    const secretHash = hashSecret(presented);
    const existing = await this.store.getToken(BOOTSTRAP_TOKEN_ID);
    if (existing && existing.tenantId === tenantId && secretMatches({ id: BOOTSTRAP_TOKEN_ID, secretHash }, existing.secretHash)) return;
    await this.store.saveToken({
      id: BOOTSTRAP_TOKEN_ID,
      tenantId,
      secretHash,
      description: 'SCIM_BOOTSTRAP_TOKEN',
      created: this.clock(),
      bootstrap: true,
    });
  }

  private async create(tenantId: string, description: string, ttlMs: number | undefined): Promise<IssuedToken> {
    const secret = newSecret('token');
    const created = this.clock();
    const token: TokenRecord = {
      id: secret.id,
      tenantId,
      secretHash: secret.secretHash,
      description,
      created,
      expires: ttlMs === undefined ? undefined : new Date(created.getTime() + ttlMs),
      bootstrap: false,
    };
    await this.store.saveToken(token);
    return { token, presented: secret.presented };
  }

  /** The token, if it belongs to the tenant: another tenant's token is NOT_FOUND, like one that does not exist. */
  private async find(tenantId: string | undefined, tokenId: string): Promise<TokenRecord> {
    const token = await this.store.getToken(tokenId);
    if (!token || (tenantId !== undefined && token.tenantId !== tenantId)) throw new NotFoundError('Token', tokenId);
    return token;
  }
}
