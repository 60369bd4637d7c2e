/**
 * What a service credential may do: an ordered access level (each includes the ones
 * before it) and a set of tenants. Checked on every gRPC call (grpc/call-guard.ts)
 * against the table of what each RPC needs (grpc/rpc-access.ts).
 */

export const ACCESS_LEVELS = ['read', 'read_write', 'adapter', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** In a credential's tenant list: every tenant, present and future. */
export const ALL_TENANTS = '*';

/** The tenant id form: what `x-tenant-id`, the URL form and CreateTenant accept. */
export const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Who is calling: a verified service credential, as far as authorization needs to know. */
export class Principal {
  private readonly tenants: ReadonlySet<string>;

  constructor(
    readonly credentialId: string,
    readonly access: AccessLevel,
    tenants: readonly string[],
  ) {
    this.tenants = new Set(tenants);
  }

  /** Whether the credential's level includes `needed`. */
  can(needed: AccessLevel): boolean {
    return ACCESS_LEVELS.indexOf(this.access) >= ACCESS_LEVELS.indexOf(needed);
  }

  holdsTenant(tenant: string): boolean {
    return this.tenants.has(ALL_TENANTS) || this.tenants.has(tenant);
  }

  holdsAllTenants(): boolean {
    return this.tenants.has(ALL_TENANTS);
  }

  /** The tenants it holds by name; undefined when it holds all of them. */
  tenantIds(): string[] | undefined {
    return this.holdsAllTenants() ? undefined : [...this.tenants];
  }
}
