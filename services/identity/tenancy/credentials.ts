/**
 * Service credentials: the API keys internal callers (the SCIM adapter, scimctl,
 * your services) present on every gRPC call, each with an access level and a set of
 * tenants. Verified keys are cached in-process for a few seconds, so that a call
 * costs a hash and a map lookup; a revocation is seen at once by the replica that
 * made it and within the cache lifetime by the others.
 */
import { TtlCache } from '../../common/ttl-cache';
import { InvalidCredentialError, InvalidValueError, NotFoundError } from '../errors/scim-errors';
import { ALL_TENANTS, Principal, TENANT_ID, type AccessLevel } from './access';
import { checkedDescription, checkedTtl, isActive, lastUseIsStale } from './lifetimes';
import { newSecret, parseSecret, secretMatches } from './secrets';
import type { CredentialRecord, TenancyStore } from './tenancy-store';

export interface CredentialServiceOptions {
  store: TenancyStore;
  clock?: () => Date;
  /** How long a credential read from the store is believed (and an unknown id stays unknown). */
  cacheMs?: number;
}

export interface NewCredential {
  description: string;
  access: AccessLevel;
  tenants: string[];
  ttlMs?: number;
}

export interface IssuedCredential {
  credential: CredentialRecord;
  /** The API key, `sk_<id>_<secret>`: shown once, never stored. */
  presented: string;
}

const CACHE_ENTRIES = 10_000;
const MAX_TENANTS = 1000;
const BEARER = /^Bearer\s+(\S+)\s*$/i;

export class CredentialService {
  private readonly store: TenancyStore;
  private readonly clock: () => Date;
  private readonly cacheMs: number;
  /** By id; null records an id the store does not know. */
  private readonly cache: TtlCache<string, CredentialRecord | null>;

  constructor(options: CredentialServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    this.cacheMs = options.cacheMs ?? 5000;
    this.cache = new TtlCache(CACHE_ENTRIES, () => this.clock().getTime());
  }

  /** The caller behind an `authorization` metadata value; InvalidCredentialError for anything but an active key. */
  async verify(authorization: string | undefined): Promise<Principal> {
    const key = BEARER.exec(authorization ?? '')?.[1];
    const presented = key ? parseSecret('key', key) : undefined;
    const record = presented ? await this.load(presented.id) : undefined;
    if (!secretMatches(presented, record?.secretHash) || !record || !isActive(record, this.clock())) {
      throw new InvalidCredentialError('The call needs an active service credential in the authorization metadata: "Bearer sk_…".');
    }
    return new Principal(record.id, record.access, record.tenants);
  }

  async create(input: NewCredential): Promise<IssuedCredential> {
    const description = checkedDescription(input.description);
    const tenants = checkedTenants(input.tenants);
    const ttlMs = checkedTtl(input.ttlMs, undefined, 'ttl');
    const secret = newSecret('key');
    const created = this.clock();
    const credential: CredentialRecord = {
      id: secret.id,
      secretHash: secret.secretHash,
      description,
      access: input.access,
      tenants,
      created,
      expires: ttlMs === undefined ? undefined : new Date(created.getTime() + ttlMs),
      bootstrap: false,
    };
    await this.store.saveCredential(credential);
    this.cache.delete(credential.id);
    return { credential, presented: secret.presented };
  }

  list(): Promise<CredentialRecord[]> {
    return this.store.listCredentials();
  }

  async revoke(id: string): Promise<CredentialRecord> {
    const existing = await this.store.getCredential(id);
    if (!existing) throw new NotFoundError('ServiceCredential', id);
    const revoked = existing.revoked ? existing : ((await this.store.updateCredential(id, { revoked: this.clock() })) ?? existing);
    this.cache.delete(id);
    return revoked;
  }

  /**
   * Makes BOOTSTRAP_SERVICE_KEY an admin credential on every tenant, and removes the
   * bootstrap credentials of earlier starts (npm start makes a new key each run). A
   * bootstrap key that an operator revoked stays revoked until the variable changes.
   */
  async installBootstrap(presentedKey: string | undefined): Promise<void> {
    const presented = presentedKey === undefined ? undefined : parseSecret('key', presentedKey);
    for (const credential of await this.store.listCredentials()) {
      if (credential.bootstrap && credential.id !== presented?.id) await this.store.deleteCredential(credential.id);
    }
    if (!presented) return;
    const existing = await this.store.getCredential(presented.id);
    if (existing?.bootstrap && secretMatches(presented, existing.secretHash)) return;
    await this.store.saveCredential({
      id: presented.id,
      secretHash: presented.secretHash,
      description: 'BOOTSTRAP_SERVICE_KEY',
      access: 'admin',
      tenants: [ALL_TENANTS],
      created: this.clock(),
      bootstrap: true,
    });
    this.cache.delete(presented.id);
  }

  private async load(id: string): Promise<CredentialRecord | undefined> {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached ?? undefined;
    const record = await this.store.getCredential(id);
    this.cache.set(id, record ?? null, this.cacheMs);
    const now = this.clock();
    if (record && isActive(record, now) && lastUseIsStale(record.lastUsed, now)) {
      await this.store.updateCredential(id, { lastUsed: now });
    }
    return record;
  }
}

function checkedTenants(tenants: string[]): string[] {
  const unique = [...new Set(tenants)];
  if (unique.length === 0 || unique.length > MAX_TENANTS || unique.some((id) => id !== ALL_TENANTS && !TENANT_ID.test(id))) {
    throw new InvalidValueError(`tenant_ids must list 1 to ${MAX_TENANTS} tenant ids, or "${ALL_TENANTS}" for all tenants.`, 'tenant_ids');
  }
  return unique.includes(ALL_TENANTS) ? [ALL_TENANTS] : unique.sort();
}
