/**
 * The lookups IdPs make before every change must be index lookups, not scans
 * (issue: "a test asserts the query plan, not just the result").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAttributePath, parseFilter } from '../../scim/filter/parse-filter';
import { resolveFilter } from '../../scim/filter/resolve-filter';
import { SchemaRegistry } from '../../scim/schema/registry';
import { raw, sql } from './sql-fragment';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database';
import { orderBy, SqliteQueryCompiler } from './sqlite-query';
import { GROUPS_TABLE, USERS_TABLE, type TableSpec } from './table-specs';

const registry = SchemaRegistry.core();
let dir: string;
let db: SqliteDatabase;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-plan-'));
  db = openSqliteDatabase(dir);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function plan(spec: TableSpec, filter: string): string {
  const resolved = resolveFilter(registry.resource(spec.kind), parseFilter(filter));
  const where = new SqliteQueryCompiler(spec).filter(resolved);
  const query = sql`SELECT t.id FROM ${raw(spec.table)} t WHERE t.tenant_id = ${'acme'} AND ${where}`;
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{ detail: string }>;
  return rows.map((row) => row.detail).join('\n');
}

describe('index lookups for the filters IdPs send', () => {
  it.each([
    ['userName eq "bjensen@example.com"', USERS_TABLE, /SEARCH t USING (COVERING )?INDEX users_user_name \(tenant_id=\? AND user_name_key=\?\)/],
    ['userName sw "bj"', USERS_TABLE, /SEARCH t USING (COVERING )?INDEX users_user_name \(tenant_id=\? AND user_name_key>\? AND user_name_key<\?\)/],
    ['externalId eq "00u1"', USERS_TABLE, /SEARCH t USING (COVERING )?INDEX users_external_id \(tenant_id=\? AND external_id=\?\)/],
    ['id eq "2819c223"', USERS_TABLE, /SEARCH t USING PRIMARY KEY \(tenant_id=\? AND id=\?\)/],
    ['emails.value eq "b@x.com"', USERS_TABLE, /SEARCH user_emails USING (COVERING )?INDEX user_emails_by_value \(tenant_id=\? AND value_key=\?\)/],
    ['emails[type eq "work" and value eq "b@x.com"]', USERS_TABLE, /SEARCH user_emails USING (COVERING )?INDEX user_emails_by_value/],
    ['displayName eq "Engineering"', GROUPS_TABLE, /SEARCH t USING (COVERING )?INDEX groups_display_name \(tenant_id=\? AND display_key=\?\)/],
    ['externalId eq "g1"', GROUPS_TABLE, /SEARCH t USING (COVERING )?INDEX groups_external_id \(tenant_id=\? AND external_id=\?\)/],
    // Delta syncs.
    ['meta.lastModified gt "2026-01-01T00:00:00Z"', USERS_TABLE, /SEARCH t USING (COVERING )?INDEX users_last_modified \(tenant_id=\? AND last_modified>\?\)/],
    ['meta.lastModified gt "2026-01-01T00:00:00Z"', GROUPS_TABLE, /SEARCH t USING (COVERING )?INDEX groups_last_modified \(tenant_id=\? AND last_modified>\?\)/],
  ])('%s', (filter, spec, expected) => {
    const detail = plan(spec, filter);
    expect(detail).toMatch(expected);
    expect(detail).not.toMatch(/SCAN t\b/);
  });
});

describe('sorted pages read an index, not a sort of the tenant', () => {
  function sortPlan(path: string, descending: boolean): string {
    const attribute = registry.resource('User').resolve(parseAttributePath(path))!;
    const order = new SqliteQueryCompiler(USERS_TABLE).sortOrder({ attribute, descending });
    const query = sql`SELECT t.id, ${order.expression} AS sort_value FROM users t WHERE t.tenant_id = ${'acme'} ${orderBy(order, 'sort_value', descending)} LIMIT 101 OFFSET 2500`;
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{ detail: string }>;
    return rows.map((row) => row.detail).join('\n');
  }

  it.each([
    ['userName', /INDEX users_user_name/],
    ['name.familyName', /INDEX users_family_name/],
    ['name.givenName', /INDEX users_given_name/],
    ['meta.created', /INDEX users_created/],
    ['meta.lastModified', /INDEX users_last_modified/],
  ])('sortBy=%s', (path, index) => {
    for (const descending of [false, true]) {
      const detail = sortPlan(path, descending);
      expect(detail).toMatch(index);
      expect(detail).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('sorts by an attribute without a column (title) per query, as the control', () => {
    expect(sortPlan('title', false)).toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });
});
