/**
 * How users and groups are laid out in their tables: the indexed columns each
 * derives from its SCIM document, which SCIM paths those columns answer, and where
 * the computed attributes (User.groups, Group.members) come from. Lower-cased keys
 * back case-insensitive lookups (RFC 7643 §4.1.1: userName is not caseExact).
 */
import type { ResolvedCompare, ResolvedPresent } from '../../scim/filter/ast';
import { foldCase } from '../../scim/filter/compare-strings';
import type { ResolvedAttribute } from '../../scim/schema/registry';
import { isPlainObject, type ScimJson } from '../../scim/resource/scim-json';
import type { ResourceKind } from '../port';
import { sql, type SqlFragment } from './sql-fragment';
import type { SqliteDatabase } from './sqlite-database';

/** A SCIM path answered by a column of the row (aliased `t`). */
export interface ColumnMapping {
  sql: string;
  /** The column holds foldCase() of the value. */
  folded: boolean;
  /**
   * NULL where the document has no value. Such a column sorts by (column IS NULL,
   * column, id), records without a value last, which an index on (tenant_id, column IS
   * NULL, column, id) serves where there is one (the name keys; externalId has only
   * its lookup index, on (tenant_id, external_id)); the others sort through one on
   * (tenant_id, column).
   */
  nullable?: boolean;
}

/**
 * A multi-valued attribute computed from membership edges rather than stored in the
 * document. `select` selects its elements for row `t` (a `SELECT 1 … WHERE …` that a
 * condition is ANDed to); `sub` gives each sub-attribute's expression.
 */
export interface ElementSource {
  select: string;
  sub: Record<string, string>;
}

/**
 * User.groups: the groups that contain the user directly (depth 0) or through nested
 * groups, each at its shortest depth, as scim/../groups/nesting.ts computes for reads.
 * The depth bound only guards against a cycle the service never lets in.
 */
const USER_GROUPS = `
  WITH RECURSIVE containing(group_id, depth) AS (
    SELECT gm.group_id, 0 FROM group_members gm WHERE gm.tenant_id = t.tenant_id AND gm.member_id = t.id
    UNION
    SELECT gm.group_id, c.depth + 1 FROM group_members gm JOIN containing c ON gm.tenant_id = t.tenant_id AND gm.member_id = c.group_id
    WHERE c.depth < 64
  )
  SELECT 1 FROM (SELECT group_id, min(depth) AS depth FROM containing GROUP BY group_id) ug
  JOIN groups g ON g.tenant_id = t.tenant_id AND g.id = ug.group_id
  WHERE g.id <> t.id`;

export interface TableSpec {
  kind: ResourceKind;
  table: 'users' | 'groups';
  /** The indexed columns of a document, by column name. */
  columns(doc: ScimJson): Record<string, string | null>;
  /** Maps each column under a unique index to the SCIM attribute it protects. */
  uniqueColumns: Record<string, string>;
  column(path: string): ColumnMapping | undefined;
  elementSource(attribute: ResolvedAttribute): ElementSource | undefined;
  /** For `emails.value eq "x"`: an indexed pre-condition on user_emails. */
  emailIndexed(attribute: ResolvedAttribute, node: ResolvedCompare | ResolvedPresent): SqlFragment | undefined;
  /** For `emails[… value eq "x" …]`: the same pre-condition, given the conjunct. */
  emailIndexedValuePath(attribute: ResolvedAttribute, valueEquality: ResolvedCompare | undefined): SqlFragment | undefined;
  /** Updates side tables after a row is written (doc) or deleted (undefined), in the same transaction. */
  syncSideTables(db: SqliteDatabase, tenant: string, id: string, doc: ScimJson | undefined): void;
}

const optionalText = (value: unknown) => (typeof value === 'string' ? value : null);
const optionalFold = (value: unknown) => (typeof value === 'string' ? foldCase(value) : null);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

// meta.resourceType is the same for every row of a table; written as an expression over the row, not a literal,
// because SQLite refuses a constant as an ORDER BY term.
const RESOURCE_TYPE_USER = `(CASE WHEN t.id IS NULL THEN NULL ELSE 'User' END)`;
const RESOURCE_TYPE_GROUP = `(CASE WHEN t.id IS NULL THEN NULL ELSE 'Group' END)`;

const COMMON_COLUMNS: Record<string, ColumnMapping> = {
  id: { sql: 't.id', folded: false },
  externalId: { sql: 't.external_id', folded: false, nullable: true },
  'meta.created': { sql: 't.created', folded: false },
  'meta.lastModified': { sql: 't.last_modified', folded: false },
  'meta.version': { sql: `('W/"' || t.version || '"')`, folded: false },
};

/** The lower-cased email values a user document holds, for the user_emails side table. */
export function emailKeys(doc: ScimJson): string[] {
  const emails = Array.isArray(doc.emails) ? doc.emails : [];
  const values = emails.filter(isPlainObject).map((email) => email.value).filter((value): value is string => typeof value === 'string');
  return [...new Set(values.map(foldCase))];
}

function emailCondition(compare: ResolvedCompare | ResolvedPresent | undefined): SqlFragment | undefined {
  if (!compare || compare.kind !== 'compare' || compare.valueType !== 'string' || compare.op !== 'eq') return undefined;
  return sql`t.id IN (SELECT user_id FROM user_emails WHERE tenant_id = t.tenant_id AND value_key = ${foldCase(compare.value)})`;
}

/** Keeps the user_emails side table equal to the emails of a user document (undefined: deleted). */
function syncUserEmails(db: SqliteDatabase, tenant: string, id: string, doc: ScimJson | undefined): void {
  db.prepare('DELETE FROM user_emails WHERE tenant_id = ? AND user_id = ?').run(tenant, id);
  if (!doc) return;
  const insert = db.prepare('INSERT INTO user_emails (tenant_id, user_id, value_key) VALUES (?, ?, ?)');
  for (const key of emailKeys(doc)) insert.run(tenant, id, key);
}

/** The sort keys of people directories besides userName: sorted pages of a large tenant by name read an index. */
const USER_COLUMNS: Record<string, ColumnMapping> = {
  userName: { sql: 't.user_name_key', folded: true },
  'meta.resourceType': { sql: RESOURCE_TYPE_USER, folded: false },
  'name.familyName': { sql: 't.family_name_key', folded: true, nullable: true },
  'name.givenName': { sql: 't.given_name_key', folded: true, nullable: true },
};

export const USERS_TABLE: TableSpec = {
  kind: 'User',
  table: 'users',
  columns: (doc) => ({
    user_name_key: foldCase(text(doc.userName)),
    external_id: optionalText(doc.externalId),
    display: optionalText(doc.displayName) ?? optionalText(doc.userName),
    family_name_key: optionalFold(isPlainObject(doc.name) ? doc.name.familyName : undefined),
    given_name_key: optionalFold(isPlainObject(doc.name) ? doc.name.givenName : undefined),
  }),
  uniqueColumns: { user_name_key: 'userName' },
  column: (path) => USER_COLUMNS[path] ?? COMMON_COLUMNS[path],
  elementSource: (attribute) =>
    attribute.definition.name === 'groups' && !attribute.extension
      ? { select: USER_GROUPS, sub: { value: 'ug.group_id', display: 'g.display', type: `CASE ug.depth WHEN 0 THEN 'direct' ELSE 'indirect' END` } }
      : undefined,
  emailIndexed: (attribute, node) => (attribute.path === 'emails.value' ? emailCondition(node) : undefined),
  emailIndexedValuePath: (attribute, equality) => (attribute.path === 'emails' ? emailCondition(equality) : undefined),
  syncSideTables: syncUserEmails,
};

export const GROUPS_TABLE: TableSpec = {
  kind: 'Group',
  table: 'groups',
  columns: (doc) => ({
    display_key: foldCase(text(doc.displayName)),
    external_id: optionalText(doc.externalId),
    display: text(doc.displayName),
  }),
  uniqueColumns: {},
  column: (path) =>
    path === 'displayName' ? { sql: 't.display_key', folded: true } : path === 'meta.resourceType' ? { sql: RESOURCE_TYPE_GROUP, folded: false } : COMMON_COLUMNS[path],
  elementSource: (attribute) =>
    attribute.definition.name === 'members' && !attribute.extension
      ? {
          select: `SELECT 1 FROM group_members gm
                 LEFT JOIN users mu ON gm.member_type = 'User' AND mu.tenant_id = gm.tenant_id AND mu.id = gm.member_id
                 LEFT JOIN groups mg ON gm.member_type = 'Group' AND mg.tenant_id = gm.tenant_id AND mg.id = gm.member_id
                 WHERE gm.tenant_id = t.tenant_id AND gm.group_id = t.id`,
          sub: { value: 'gm.member_id', type: 'gm.member_type', display: 'coalesce(mu.display, mg.display)' },
        }
      : undefined,
  emailIndexed: () => undefined,
  emailIndexedValuePath: () => undefined,
  syncSideTables: () => undefined,
};
