/** Migration 3 on a database that already holds users and groups: their tenants are created, so their data stays reachable. */
import { databaseBefore, useDataDirPerTest } from './migration-test-support';
import { openSqliteDatabase } from './sqlite-database';

const dataDir = useDataDirPerTest();

it('creates a tenant for every tenant id that holds users or groups', () => {
  const before = databaseBefore(dataDir(), 3);
  const now = new Date().toISOString();
  before.prepare(`INSERT INTO users (tenant_id, id, user_name_key, version, created, last_modified, doc) VALUES ('acme', 'u1', 'b', 1, ?, ?, '{}')`).run(now, now);
  before.prepare(`INSERT INTO groups (tenant_id, id, display_key, display, version, created, last_modified, doc) VALUES ('globex', 'g1', 's', 'S', 1, ?, ?, '{}')`).run(now, now);
  before.close();

  const db = openSqliteDatabase(dataDir());
  const tenants = db.prepare('SELECT id, disabled FROM tenants ORDER BY id').all();
  db.close();
  expect(tenants).toEqual([
    { id: 'acme', disabled: 0 },
    { id: 'globex', disabled: 0 },
  ]);
});
