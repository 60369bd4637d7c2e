/**
 * The lookups IdPs make before every change must be index lookups, not scans
 * (issue: "a test asserts the query plan, not just the result").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFilter } from '../../scim/filter/parse-filter';
import { resolveFilter } from '../../scim/filter/resolve-filter';
import { SchemaRegistry } from '../../scim/schema/registry';
import { raw, sql } from './sql-fragment';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database';
import { SqliteQueryCompiler } from './sqlite-query';
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
  ])('%s', (filter, spec, expected) => {
    const detail = plan(spec, filter);
    expect(detail).toMatch(expected);
    expect(detail).not.toMatch(/SCAN t\b/);
  });
});
