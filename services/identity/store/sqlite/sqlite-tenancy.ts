/** The tenancy port (tenancy/tenancy-store.ts) over the same SQLite file as users and groups. */
import { AlreadyExistsError } from '../../errors/scim-errors';
import type { AccessLevel } from '../../tenancy/access';
import type {
  AuditQuery,
  AuditRecord,
  CredentialChange,
  CredentialRecord,
  TenancyStore,
  TenantChange,
  TenantDeletion,
  TenantPage,
  TenantRecord,
  TokenChange,
  TokenRecord,
} from '../../tenancy/tenancy-store';
import { join, sql, type SqlFragment } from './sql-fragment';
import { guarded, type SqliteDatabase } from './sqlite-database';

interface TenantRow {
  id: string;
  display_name: string;
  disabled: number;
  created: string;
  updated: string;
}

interface TokenRow {
  tenant_id: string;
  id: string;
  secret_hash: string;
  description: string;
  created: string;
  expires: string | null;
  last_used: string | null;
  revoked: string | null;
  replaced_by: string | null;
  bootstrap: number;
}

interface CredentialRow {
  id: string;
  secret_hash: string;
  description: string;
  access: AccessLevel;
  tenant_ids: string;
  created: string;
  expires: string | null;
  last_used: string | null;
  revoked: string | null;
  bootstrap: number;
}

interface AuditRow {
  tenant_id: string;
  id: string;
  time: string;
  actor: string;
  credential_id: string;
  action: string;
  resource_type: string;
  resource_id: string;
  attributes: string;
  outcome: 'success' | 'failure';
  failure_reason: string | null;
  request_id: string;
  trace_id: string | null;
  source_address: string | null;
}

const date = (value: string | null) => (value === null ? undefined : new Date(value));
const text = (value: Date | undefined) => value?.toISOString() ?? null;

const toTenant = (row: TenantRow): TenantRecord => ({
  id: row.id,
  displayName: row.display_name,
  disabled: row.disabled === 1,
  created: new Date(row.created),
  updated: new Date(row.updated),
});

const toToken = (row: TokenRow): TokenRecord => ({
  id: row.id,
  tenantId: row.tenant_id,
  secretHash: row.secret_hash,
  description: row.description,
  created: new Date(row.created),
  expires: date(row.expires),
  lastUsed: date(row.last_used),
  revoked: date(row.revoked),
  replacedBy: row.replaced_by ?? undefined,
  bootstrap: row.bootstrap === 1,
});

const toCredential = (row: CredentialRow): CredentialRecord => ({
  id: row.id,
  secretHash: row.secret_hash,
  description: row.description,
  access: row.access,
  tenants: JSON.parse(row.tenant_ids) as string[],
  created: new Date(row.created),
  expires: date(row.expires),
  lastUsed: date(row.last_used),
  revoked: date(row.revoked),
  bootstrap: row.bootstrap === 1,
});

const toAudit = (row: AuditRow): AuditRecord => ({
  id: row.id,
  tenantId: row.tenant_id,
  time: new Date(row.time),
  actor: row.actor,
  credentialId: row.credential_id,
  action: row.action,
  resourceType: row.resource_type,
  resourceId: row.resource_id,
  attributes: JSON.parse(row.attributes) as string[],
  outcome: row.outcome,
  failureReason: row.failure_reason ?? undefined,
  requestId: row.request_id,
  traceId: row.trace_id ?? undefined,
  sourceAddress: row.source_address ?? undefined,
});

/**
 * The tables that outlive a deleted tenant: the audit trail is kept until retention ends,
 * and the event position counter so that a tenant created again never reuses a position.
 */
const KEPT_ON_TENANT_DELETE = new Set(['audit_events', 'event_positions']);

export class SqliteTenancy implements TenancyStore {
  constructor(private readonly db: SqliteDatabase) {}

  async createTenant(tenant: TenantRecord): Promise<void> {
    try {
      guarded(() =>
        this.db
          .prepare('INSERT INTO tenants (id, display_name, disabled, created, updated) VALUES (?, ?, ?, ?, ?)')
          .run(tenant.id, tenant.displayName, tenant.disabled ? 1 : 0, tenant.created.toISOString(), tenant.updated.toISOString()),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new AlreadyExistsError('Tenant', tenant.id);
      throw error;
    }
  }

  async getTenant(id: string): Promise<TenantRecord | undefined> {
    const row = guarded(() => this.db.prepare('SELECT * FROM tenants WHERE id = ?').get(id)) as TenantRow | undefined;
    return row && toTenant(row);
  }

  async listTenants(page: TenantPage): Promise<TenantRecord[]> {
    const conditions: SqlFragment[] = [sql`id > ${page.after ?? ''}`];
    if (page.ids) conditions.push({ sql: `id IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(page.ids)] });
    const query = sql`SELECT * FROM tenants WHERE ${join(conditions, ' AND ')} ORDER BY id LIMIT ${page.limit}`;
    return (guarded(() => this.db.prepare(query.sql).all(...query.params)) as TenantRow[]).map(toTenant);
  }

  async updateTenant(id: string, change: TenantChange, now: Date): Promise<TenantRecord | undefined> {
    const disabled = change.disabled === undefined ? null : change.disabled ? 1 : 0;
    const row = guarded(() =>
      this.db
        .prepare('UPDATE tenants SET display_name = coalesce(?, display_name), disabled = coalesce(?, disabled), updated = ? WHERE id = ? RETURNING *')
        .get(change.displayName ?? null, disabled, now.toISOString(), id),
    ) as TenantRow | undefined;
    return row && toTenant(row);
  }

  async deleteTenant(id: string): Promise<TenantDeletion | undefined> {
    return guarded(() =>
      this.db.transaction(() => {
        if (!this.db.prepare('SELECT 1 FROM tenants WHERE id = ?').get(id)) return undefined;
        // Every table that holds per-tenant rows has a tenant_id column (migrations.ts), including
        // ones added after this code was written: finding them by that column leaves none behind.
        const tables = this.db
          .prepare(`SELECT DISTINCT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'tenant_id'`)
          .pluck()
          .all() as string[];
        const deleted = new Map<string, number>();
        for (const table of tables.filter((name) => !KEPT_ON_TENANT_DELETE.has(name))) {
          deleted.set(table, this.db.prepare(`DELETE FROM "${table.replace(/"/g, '""')}" WHERE tenant_id = ?`).run(id).changes);
        }
        this.db.prepare('DELETE FROM tenants WHERE id = ?').run(id);
        return { users: deleted.get('users') ?? 0, groups: deleted.get('groups') ?? 0, tokens: deleted.get('tokens') ?? 0 };
      }).immediate(),
    );
  }

  async saveToken(token: TokenRecord): Promise<void> {
    guarded(() =>
      this.db.transaction(() => {
        // The id is unique across tenants: a saved token may move to another tenant (the bootstrap token does).
        this.db.prepare('DELETE FROM tokens WHERE id = ?').run(token.id);
        this.db
          .prepare(
            `INSERT INTO tokens (tenant_id, id, secret_hash, description, created, expires, last_used, revoked, replaced_by, bootstrap)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            token.tenantId,
            token.id,
            token.secretHash,
            token.description,
            token.created.toISOString(),
            text(token.expires),
            text(token.lastUsed),
            text(token.revoked),
            token.replacedBy ?? null,
            token.bootstrap ? 1 : 0,
          );
      }).immediate(),
    );
  }

  async getToken(id: string): Promise<TokenRecord | undefined> {
    const row = guarded(() => this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(id)) as TokenRow | undefined;
    return row && toToken(row);
  }

  async listTokens(tenantId: string): Promise<TokenRecord[]> {
    const rows = guarded(() => this.db.prepare('SELECT * FROM tokens WHERE tenant_id = ? ORDER BY created DESC, id DESC').all(tenantId)) as TokenRow[];
    return rows.map(toToken);
  }

  async updateToken(id: string, change: TokenChange): Promise<TokenRecord | undefined> {
    const row = guarded(() =>
      this.db
        .prepare(
          `UPDATE tokens SET expires = coalesce(?, expires), last_used = coalesce(?, last_used),
             revoked = coalesce(?, revoked), replaced_by = coalesce(?, replaced_by) WHERE id = ? RETURNING *`,
        )
        .get(text(change.expires), text(change.lastUsed), text(change.revoked), change.replacedBy ?? null, id),
    ) as TokenRow | undefined;
    return row && toToken(row);
  }

  async deleteToken(id: string): Promise<boolean> {
    return guarded(() => this.db.prepare('DELETE FROM tokens WHERE id = ?').run(id).changes > 0);
  }

  async saveCredential(credential: CredentialRecord): Promise<void> {
    guarded(() =>
      this.db
        .prepare(
          `INSERT OR REPLACE INTO service_credentials (id, secret_hash, description, access, tenant_ids, created, expires, last_used, revoked, bootstrap)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          credential.id,
          credential.secretHash,
          credential.description,
          credential.access,
          JSON.stringify(credential.tenants),
          credential.created.toISOString(),
          text(credential.expires),
          text(credential.lastUsed),
          text(credential.revoked),
          credential.bootstrap ? 1 : 0,
        ),
    );
  }

  async getCredential(id: string): Promise<CredentialRecord | undefined> {
    const row = guarded(() => this.db.prepare('SELECT * FROM service_credentials WHERE id = ?').get(id)) as CredentialRow | undefined;
    return row && toCredential(row);
  }

  async listCredentials(): Promise<CredentialRecord[]> {
    const rows = guarded(() => this.db.prepare('SELECT * FROM service_credentials ORDER BY created DESC, id DESC').all()) as CredentialRow[];
    return rows.map(toCredential);
  }

  async updateCredential(id: string, change: CredentialChange): Promise<CredentialRecord | undefined> {
    const row = guarded(() =>
      this.db
        .prepare('UPDATE service_credentials SET last_used = coalesce(?, last_used), revoked = coalesce(?, revoked) WHERE id = ? RETURNING *')
        .get(text(change.lastUsed), text(change.revoked), id),
    ) as CredentialRow | undefined;
    return row && toCredential(row);
  }

  async deleteCredential(id: string): Promise<boolean> {
    return guarded(() => this.db.prepare('DELETE FROM service_credentials WHERE id = ?').run(id).changes > 0);
  }

  async appendAudit(event: AuditRecord): Promise<void> {
    guarded(() =>
      this.db
        .prepare(
          `INSERT INTO audit_events (tenant_id, id, time, actor, credential_id, action, resource_type, resource_id, attributes,
             outcome, failure_reason, request_id, trace_id, source_address)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          event.tenantId,
          event.id,
          event.time.toISOString(),
          event.actor,
          event.credentialId,
          event.action,
          event.resourceType,
          event.resourceId,
          JSON.stringify(event.attributes),
          event.outcome,
          event.failureReason ?? null,
          event.requestId,
          event.traceId ?? null,
          event.sourceAddress ?? null,
        ),
    );
  }

  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const conditions: SqlFragment[] = [sql`1 = 1`];
    if (query.tenantId !== undefined) conditions.push(sql`tenant_id = ${query.tenantId}`);
    if (query.resourceType) conditions.push(sql`resource_type = ${query.resourceType}`);
    if (query.resourceId) conditions.push(sql`resource_id = ${query.resourceId}`);
    if (query.actor) conditions.push(sql`actor = ${query.actor}`);
    if (query.since) conditions.push(sql`time >= ${query.since.toISOString()}`);
    if (query.until) conditions.push(sql`time < ${query.until.toISOString()}`);
    if (query.beforeId) conditions.push(sql`id < ${query.beforeId}`);
    const statement = sql`SELECT * FROM audit_events WHERE ${join(conditions, ' AND ')} ORDER BY id DESC LIMIT ${query.limit}`;
    return (guarded(() => this.db.prepare(statement.sql).all(...statement.params)) as AuditRow[]).map(toAudit);
  }

  async purgeAudit(before: Date): Promise<number> {
    return guarded(() => this.db.prepare('DELETE FROM audit_events WHERE time < ?').run(before.toISOString()).changes);
  }
}
