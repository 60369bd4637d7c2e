/**
 * The tenancy port: what the identity service needs a database to keep besides users
 * and groups — tenants, the hashes of their SCIM bearer tokens, service credentials,
 * and the audit trail. Two adapters implement it beside the resource port
 * (store/port.ts): SQLite (store/sqlite/sqlite-tenancy.ts) and MongoDB. The contract
 * suite in test/store/tenancy-contract.ts runs against each.
 *
 * Guarantees every adapter gives:
 * - Secrets never reach the store: tokens and credentials arrive with `secretHash`
 *   (hex SHA-256 of the secret) and are returned with it, nothing more.
 * - Token and credential ids are unique across all tenants: the service looks a
 *   token up by the id written inside it, before it knows the tenant.
 * - Each method is atomic on its own record: a reader sees the whole write or none
 *   of it. `update*` methods set only the fields they are given, so that recording a
 *   last use never undoes a concurrent revocation.
 * - Dates round-trip to the millisecond.
 * - Failures to reach the database throw StoreUnavailableError; nothing else leaks a
 *   driver message.
 */
import type { AccessLevel } from './access';

export interface TenantRecord {
  id: string;
  displayName: string;
  disabled: boolean;
  created: Date;
  updated: Date;
}

export interface TenantChange {
  displayName?: string;
  disabled?: boolean;
}

/** How many records DeleteTenant removed. */
export interface TenantDeletion {
  users: number;
  groups: number;
  tokens: number;
}

export interface TenantPage {
  /** Only tenants with an id after this one. */
  after?: string;
  /** Only these tenants (a credential's scope); all when undefined. */
  ids?: string[];
  limit: number;
}

export interface TokenRecord {
  id: string;
  tenantId: string;
  /** Hex SHA-256 of the token's secret part. */
  secretHash: string;
  description: string;
  created: Date;
  /** Undefined only for the bootstrap token, which does not expire. */
  expires?: Date;
  lastUsed?: Date;
  revoked?: Date;
  /** The id of the token that replaced this one (RotateToken). */
  replacedBy?: string;
  /** Whether it is the SCIM_BOOTSTRAP_TOKEN of the service's environment. */
  bootstrap: boolean;
}

export interface TokenChange {
  expires?: Date;
  lastUsed?: Date;
  revoked?: Date;
  replacedBy?: string;
}

export interface CredentialRecord {
  id: string;
  /** Hex SHA-256 of the key's secret part. */
  secretHash: string;
  description: string;
  access: AccessLevel;
  /** Tenant ids, or `*` for all. */
  tenants: string[];
  created: Date;
  expires?: Date;
  lastUsed?: Date;
  revoked?: Date;
  /** Whether it is the BOOTSTRAP_SERVICE_KEY of the service's environment. */
  bootstrap: boolean;
}

export interface CredentialChange {
  lastUsed?: Date;
  revoked?: Date;
}

export type AuditOutcome = 'success' | 'failure';

export interface AuditRecord {
  /** Sorts in the order events were recorded (audit-ids.ts). */
  id: string;
  /** '' for events that belong to no tenant (service credentials). */
  tenantId: string;
  time: Date;
  actor: string;
  credentialId: string;
  action: string;
  resourceType: string;
  resourceId: string;
  attributes: string[];
  outcome: AuditOutcome;
  failureReason?: string;
  requestId: string;
  traceId?: string;
  sourceAddress?: string;
}

/** Every field that is set must match. */
export interface AuditQuery {
  /** One tenant's events (use '' for those of no tenant); every tenant's when undefined. */
  tenantId?: string;
  resourceType?: string;
  resourceId?: string;
  actor?: string;
  /** At or after. */
  since?: Date;
  /** Strictly before. */
  until?: Date;
  /** Only events with an id below this one: the page after the one that ended with it. */
  beforeId?: string;
  limit: number;
}

export interface TenancyStore {
  /** Inserts a tenant; AlreadyExistsError('Tenant', id) if the id is taken. */
  createTenant(tenant: TenantRecord): Promise<void>;
  getTenant(id: string): Promise<TenantRecord | undefined>;
  /** Tenants in order of id. */
  listTenants(page: TenantPage): Promise<TenantRecord[]>;
  /** Applies the change and sets `updated` to `now`; undefined if there is no such tenant. */
  updateTenant(id: string, change: TenantChange, now: Date): Promise<TenantRecord | undefined>;
  /**
   * Deletes the tenant and every record it owns — users, groups, memberships, tokens
   * and anything else the resource store keeps per tenant — but not its audit events,
   * which age out with the retention period. Undefined if there is no such tenant.
   * An adapter without multi-record transactions deletes the tokens first (so that
   * nothing authenticates any more) and the tenant record last, so that a retry
   * after a failure finishes the job.
   */
  deleteTenant(id: string): Promise<TenantDeletion | undefined>;

  /** Inserts the token, or replaces the one with the same id (the bootstrap token is rewritten at each start). */
  saveToken(token: TokenRecord): Promise<void>;
  getToken(id: string): Promise<TokenRecord | undefined>;
  /** The tenant's tokens, newest first (by `created`, then id). */
  listTokens(tenantId: string): Promise<TokenRecord[]>;
  /** Undefined if there is no such token. */
  updateToken(id: string, change: TokenChange): Promise<TokenRecord | undefined>;
  /** False if there was no such token. */
  deleteToken(id: string): Promise<boolean>;

  /** Inserts the credential, or replaces the one with the same id. */
  saveCredential(credential: CredentialRecord): Promise<void>;
  getCredential(id: string): Promise<CredentialRecord | undefined>;
  /** Every credential, newest first (by `created`, then id). */
  listCredentials(): Promise<CredentialRecord[]>;
  /** Undefined if there is no such credential. */
  updateCredential(id: string, change: CredentialChange): Promise<CredentialRecord | undefined>;
  /** False if there was no such credential. */
  deleteCredential(id: string): Promise<boolean>;

  appendAudit(event: AuditRecord): Promise<void>;
  /** Matching events, newest first (by id, descending), at most `limit`. */
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /** Deletes every event older than `before`; returns how many. */
  purgeAudit(before: Date): Promise<number>;
}
