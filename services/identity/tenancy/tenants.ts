/**
 * Tenants: created and deleted by operators, disabled and enabled again. A tenant
 * must exist for any call to act on it; whether it does is cached for a few
 * seconds, since every call of a tenant-scoped service asks.
 */
import { TtlCache } from '../../common/ttl-cache';
import { InvalidValueError, NotFoundError } from '../errors/scim-errors';
import { TENANT_ID } from './access';
import type { TenancyStore, TenantChange, TenantDeletion, TenantRecord } from './tenancy-store';

const MAX_DISPLAY_NAME = 200;
const CACHE_ENTRIES = 10_000;

export interface TenantServiceOptions {
  store: TenancyStore;
  clock?: () => Date;
  /** How long "this tenant exists" is believed without asking the store. */
  cacheMs?: number;
}

export class TenantService {
  private readonly store: TenancyStore;
  private readonly clock: () => Date;
  private readonly cacheMs: number;
  private readonly known: TtlCache<string, boolean>;

  constructor(options: TenantServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    this.cacheMs = options.cacheMs ?? 5000;
    this.known = new TtlCache(CACHE_ENTRIES, () => this.clock().getTime());
  }

  async create(id: string, displayName: string): Promise<TenantRecord> {
    if (!TENANT_ID.test(id)) {
      throw new InvalidValueError('A tenant id has 1 to 64 characters from A-Z a-z 0-9 . _ - and starts with a letter or digit.', 'tenant_id');
    }
    const now = this.clock();
    const tenant: TenantRecord = { id, displayName: checkedDisplayName(displayName), disabled: false, created: now, updated: now };
    await this.store.createTenant(tenant);
    this.known.delete(id);
    return tenant;
  }

  /** Creates the tenant unless it exists (the bootstrap tenant at start). */
  async ensure(id: string): Promise<void> {
    if (!(await this.store.getTenant(id))) await this.create(id, '');
  }

  async get(id: string): Promise<TenantRecord> {
    const tenant = await this.store.getTenant(id);
    if (!tenant) throw new NotFoundError('Tenant', id);
    return tenant;
  }

  /** A page in order of id, after `after`; only `ids` when given (a credential's tenants). */
  list(after: string | undefined, limit: number, ids?: string[]): Promise<TenantRecord[]> {
    return this.store.listTenants({ after, limit, ids });
  }

  async update(id: string, change: TenantChange): Promise<TenantRecord> {
    const checked = { ...change, displayName: change.displayName === undefined ? undefined : checkedDisplayName(change.displayName) };
    const updated = await this.store.updateTenant(id, checked, this.clock());
    if (!updated) throw new NotFoundError('Tenant', id);
    return updated;
  }

  async delete(id: string, confirmId: string): Promise<TenantDeletion> {
    if (confirmId !== id) throw new InvalidValueError('To delete a tenant, repeat its id in confirm_tenant_id.', 'confirm_tenant_id');
    const deletion = await this.store.deleteTenant(id);
    this.known.delete(id);
    if (!deletion) throw new NotFoundError('Tenant', id);
    return deletion;
  }

  /** Whether the tenant exists, disabled or not; believed for `cacheMs` (a deletion on this replica is seen at once). */
  async exists(id: string): Promise<boolean> {
    const cached = this.known.get(id);
    if (cached !== undefined) return cached;
    const found = (await this.store.getTenant(id)) !== undefined;
    this.known.set(id, found, this.cacheMs);
    return found;
  }
}

function checkedDisplayName(name: string): string {
  if (name.length > MAX_DISPLAY_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new InvalidValueError(`A display name has at most ${MAX_DISPLAY_NAME} characters and no control characters.`, 'display_name');
  }
  return name;
}
