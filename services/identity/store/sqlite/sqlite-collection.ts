import type { ChangeRecord } from '../../events/change-event';
import { UniquenessError } from '../../errors/scim-errors';
import type { ScimJson } from '../../scim/resource/scim-json';
import { withEdges, type EdgeChanges } from '../edge-changes';
import type { ListQuery, ListResult, MemberDelta, MemberRef, ResourceCollection, ResourceUpdate, ResourceWrite, SortValue, StoredResource } from '../port';
import { VersionConflict } from '../port';
import { join, raw, sql, type SqlFragment } from './sql-fragment';
import { guarded, type SqliteDatabase } from './sqlite-database';
import type { SqliteEvents } from './sqlite-events';
import { afterPosition, orderBy, SqliteQueryCompiler } from './sqlite-query';
import type { TableSpec } from './table-specs';

interface Row {
  id: string;
  version: number;
  created: string;
  last_modified: string;
  doc: string;
}

const ROW_COLUMNS = 'id, version, created, last_modified, doc';
const ROW_COLUMNS_OF_T = 't.id, t.version, t.created, t.last_modified, t.doc';

function toStored(row: Row): StoredResource {
  return {
    id: row.id,
    version: row.version,
    created: new Date(row.created),
    lastModified: new Date(row.last_modified),
    doc: JSON.parse(row.doc) as ScimJson,
  };
}

/** A ResourceCollection over one table, described by its TableSpec; events are appended in each write's transaction. */
export class SqliteCollection implements ResourceCollection {
  private readonly compiler: SqliteQueryCompiler;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly spec: TableSpec,
    private readonly events: SqliteEvents,
  ) {
    this.compiler = new SqliteQueryCompiler(spec);
  }

  async insert(tenant: string, id: string, write: ResourceWrite, now: Date): Promise<StoredResource> {
    const columns = { ...this.spec.columns(write.doc), ...(this.spec.kind === 'User' ? { password_hash: write.passwordHash ?? null } : {}) };
    const names = Object.keys(columns);
    const statement = this.db.prepare(
      `INSERT INTO ${this.spec.table} (tenant_id, id, version, created, last_modified, doc, ${names.join(', ')})
       VALUES (?, ?, 1, ?, ?, ?, ${names.map(() => '?').join(', ')})`,
    );
    const time = now.toISOString();
    this.write(() => {
      statement.run(tenant, id, time, time, JSON.stringify(write.doc), ...Object.values(columns));
      this.spec.syncSideTables(this.db, tenant, id, write.doc);
      const edges = write.members ? replaceMembers(this.db, tenant, id, write.members) : undefined;
      if (write.event) this.events.append(tenant, this.spec.kind, id, 1, withEdges(write.event, edges));
    });
    return { id, version: 1, created: now, lastModified: now, doc: write.doc };
  }

  async get(tenant: string, id: string): Promise<StoredResource | undefined> {
    const row = guarded(() =>
      this.db.prepare(`SELECT ${ROW_COLUMNS} FROM ${this.spec.table} WHERE tenant_id = ? AND id = ?`).get(tenant, id),
    ) as Row | undefined;
    return row && toStored(row);
  }

  async list(tenant: string, query: ListQuery): Promise<ListResult> {
    const table = raw(this.spec.table);
    const conditions: SqlFragment[] = [sql`t.tenant_id = ${tenant}`];
    if (query.filter) conditions.push(this.compiler.filter(query.filter));
    const sortOrder = query.sort ? this.compiler.sortOrder(query.sort) : undefined;
    const sortExpression = sortOrder?.expression;
    const descending = query.sort?.descending ?? false;
    const matching = join(conditions, ' AND ');
    return guarded(() => {
      const total = query.countTotal ? (this.run(sql`SELECT count(*) AS total FROM ${table} t WHERE ${matching}`, 'get') as { total: number }).total : undefined;
      if (query.limit === 0) return { total, items: [], more: total === undefined || total > 0 };
      const where = query.after ? sql`${matching} AND ${afterPosition(sortExpression, descending, query.after)}` : matching;
      const sortValue = sortExpression ?? raw('NULL');
      const rows = this.run(
        sql`SELECT ${raw(ROW_COLUMNS_OF_T)}, ${sortValue} AS sort_value FROM ${table} t WHERE ${where}
            ${orderBy(sortOrder, 'sort_value', descending)} LIMIT ${query.limit + 1} OFFSET ${query.after ? 0 : query.offset}`,
        'all',
      ) as Array<Row & { sort_value: SortValue }>;
      // One row more than the page tells whether another page follows.
      const page = rows.slice(0, query.limit);
      const lastRow = page[page.length - 1];
      return { total, items: page.map(toStored), last: lastRow && { value: lastRow.sort_value, id: lastRow.id }, more: rows.length > query.limit };
    });
  }

  private run(query: SqlFragment, mode: 'get' | 'all'): unknown {
    const statement = this.db.prepare(query.sql);
    return mode === 'get' ? statement.get(...query.params) : statement.all(...query.params);
  }

  async replace(
    tenant: string,
    id: string,
    update: ResourceUpdate,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<StoredResource | undefined> {
    const columns: Record<string, string | null> = update.doc ? { doc: JSON.stringify(update.doc), ...this.spec.columns(update.doc) } : {};
    if (update.passwordHash !== undefined) columns.password_hash = update.passwordHash;
    const assignments = ['version = version + 1', 'last_modified = ?', ...Object.keys(columns).map((name) => `${name} = ?`)];
    const versionCheck = expectedVersion === undefined ? '' : ' AND version = ?';
    const statement = this.db.prepare(`UPDATE ${this.spec.table} SET ${assignments.join(', ')} WHERE tenant_id = ? AND id = ?${versionCheck}`);
    // The stored document is read only when the update keeps it, to return it.
    const read = this.db.prepare(`SELECT version, created${update.doc ? '' : ', doc'} FROM ${this.spec.table} WHERE tenant_id = ? AND id = ?`);
    return this.write(() => {
      const current = read.get(tenant, id) as { version: number; created: string; doc?: string } | undefined;
      if (!current) return undefined;
      const params = [now.toISOString(), ...Object.values(columns), tenant, id, ...(expectedVersion === undefined ? [] : [expectedVersion])];
      if (statement.run(...params).changes === 0) throw new VersionConflict(current.version);
      if (update.doc) this.spec.syncSideTables(this.db, tenant, id, update.doc);
      const edges = update.members
        ? replaceMembers(this.db, tenant, id, update.members)
        : update.memberDelta
          ? applyMemberDelta(this.db, tenant, id, update.memberDelta)
          : undefined;
      if (update.event) this.events.append(tenant, this.spec.kind, id, current.version + 1, withEdges(update.event, edges));
      const doc = update.doc ?? (JSON.parse(current.doc!) as ScimJson);
      return { id, version: current.version + 1, created: new Date(current.created), lastModified: now, doc };
    });
  }

  async delete(tenant: string, id: string, expectedVersion: number | undefined, now: Date, event?: ChangeRecord): Promise<boolean> {
    return this.write(() => {
      const current = this.db.prepare(`SELECT version FROM ${this.spec.table} WHERE tenant_id = ? AND id = ?`).get(tenant, id) as
        | { version: number }
        | undefined;
      if (!current) return false;
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw new VersionConflict(current.version);
      this.db
        .prepare(
          `UPDATE groups SET version = version + 1, last_modified = ?
           WHERE tenant_id = ? AND id IN (SELECT group_id FROM group_members WHERE tenant_id = ? AND member_id = ?)`,
        )
        .run(now.toISOString(), tenant, tenant, id);
      this.db.prepare('DELETE FROM group_members WHERE tenant_id = ? AND (member_id = ? OR group_id = ?)').run(tenant, id, id);
      this.db.prepare(`DELETE FROM ${this.spec.table} WHERE tenant_id = ? AND id = ?`).run(tenant, id);
      this.spec.syncSideTables(this.db, tenant, id, undefined);
      if (event) this.events.append(tenant, this.spec.kind, id, current.version + 1, event);
      return true;
    });
  }

  /** Runs `work` in one transaction, mapping unique-index violations to UniquenessError. */
  private write<T>(work: () => T): T {
    try {
      return guarded(() => this.db.transaction(work).immediate());
    } catch (error) {
      const message = (error as Error).message ?? '';
      // SQLite names the columns in its message: "UNIQUE constraint failed: users.tenant_id, users.user_name_key".
      const attribute = Object.entries(this.spec.uniqueColumns).find(([column]) => message.includes(`.${column}`))?.[1];
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && attribute) throw new UniquenessError(attribute);
      throw error;
    }
  }
}

/**
 * Adds and removes edges by id: O(changes), whatever the group's size. Re-adding or
 * removing a non-member is a no-op, left out of the changes it returns.
 */
function applyMemberDelta(db: SqliteDatabase, tenant: string, groupId: string, delta: MemberDelta): EdgeChanges {
  const changes: EdgeChanges = { added: [], removed: [] };
  const remove = db.prepare('DELETE FROM group_members WHERE tenant_id = ? AND group_id = ? AND member_id = ?');
  for (const memberId of delta.remove) if (remove.run(tenant, groupId, memberId).changes > 0) changes.removed.push(memberId);
  const add = db.prepare('INSERT OR IGNORE INTO group_members (tenant_id, group_id, member_id, member_type) VALUES (?, ?, ?, ?)');
  for (const member of delta.add) if (add.run(tenant, groupId, member.value, member.type).changes > 0) changes.added.push(member.value);
  return changes;
}

/** Makes a group's edges exactly `members`, touching only the ones that change; returns those. */
function replaceMembers(db: SqliteDatabase, tenant: string, groupId: string, members: MemberRef[]): EdgeChanges {
  const changes: EdgeChanges = { added: [], removed: [] };
  const wanted = new Map(members.map((member) => [member.value, member.type]));
  const existing = db.prepare('SELECT member_id FROM group_members WHERE tenant_id = ? AND group_id = ?').pluck().all(tenant, groupId) as string[];
  const remove = db.prepare('DELETE FROM group_members WHERE tenant_id = ? AND group_id = ? AND member_id = ?');
  for (const memberId of existing) {
    if (wanted.has(memberId)) wanted.delete(memberId);
    else {
      remove.run(tenant, groupId, memberId);
      changes.removed.push(memberId);
    }
  }
  const add = db.prepare('INSERT INTO group_members (tenant_id, group_id, member_id, member_type) VALUES (?, ?, ?, ?)');
  for (const [memberId, type] of wanted) {
    add.run(tenant, groupId, memberId, type);
    changes.added.push(memberId);
  }
  return changes;
}
