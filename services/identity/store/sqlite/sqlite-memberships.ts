import type { GroupMembershipView, MemberView, MembershipStore, ResourceKind } from '../port';
import { guarded, type SqliteDatabase } from './sqlite-database';

/** Bound on ids per `IN (...)` list, under SQLite's parameter limit. */
const IN_CHUNK = 500;

export class SqliteMemberships implements MembershipStore {
  constructor(private readonly db: SqliteDatabase) {}

  async resolveMembers(tenant: string, ids: string[]): Promise<Map<string, ResourceKind>> {
    const found = new Map<string, ResourceKind>();
    guarded(() => {
      for (let start = 0; start < ids.length; start += IN_CHUNK) {
        const chunk = ids.slice(start, start + IN_CHUNK);
        const marks = chunk.map(() => '?').join(', ');
        const rows = this.db
          .prepare(
            `SELECT id, 'User' AS kind FROM users WHERE tenant_id = ? AND id IN (${marks})
             UNION ALL SELECT id, 'Group' AS kind FROM groups WHERE tenant_id = ? AND id IN (${marks})`,
          )
          .all(tenant, ...chunk, tenant, ...chunk) as Array<{ id: string; kind: ResourceKind }>;
        for (const row of rows) found.set(row.id, row.kind);
      }
    });
    return found;
  }

  async listMembers(tenant: string, groupId: string, page?: { after?: string; limit: number }): Promise<MemberView[]> {
    const rows = guarded(() =>
      this.db
        .prepare(
          `SELECT m.member_id AS value, m.member_type AS type, coalesce(u.display, g.display) AS display
           FROM group_members m
           LEFT JOIN users u ON m.member_type = 'User' AND u.tenant_id = m.tenant_id AND u.id = m.member_id
           LEFT JOIN groups g ON m.member_type = 'Group' AND g.tenant_id = m.tenant_id AND g.id = m.member_id
           WHERE m.tenant_id = ? AND m.group_id = ? AND m.member_id > ?
           ORDER BY m.member_id
           LIMIT ?`,
        )
        .all(tenant, groupId, page?.after ?? '', page?.limit ?? -1),
    ) as Array<{ value: string; type: ResourceKind; display: string | null }>;
    return rows.map((row) => ({ value: row.value, type: row.type, ...(row.display ? { display: row.display } : {}) }));
  }

  async listGroupsOf(tenant: string, memberId: string): Promise<GroupMembershipView[]> {
    const rows = guarded(() =>
      this.db
        .prepare(
          `SELECT g.id AS value, g.display AS display
           FROM group_members m JOIN groups g ON g.tenant_id = m.tenant_id AND g.id = m.group_id
           WHERE m.tenant_id = ? AND m.member_id = ?
           ORDER BY g.id`,
        )
        .all(tenant, memberId),
    ) as Array<{ value: string; display: string }>;
    return rows.map((row) => ({ value: row.value, display: row.display }));
  }
}
