/** Migration 5 on a database that already holds users: their name sort keys are filled in from their documents. */
import { databaseBefore, useDataDirPerTest } from './migration-test-support';
import { openSqliteDatabase } from './sqlite-database';

const dataDir = useDataDirPerTest();

it('folds each user name.familyName and name.givenName into its sort key, and leaves NULL where there is none', () => {
  const before = databaseBefore(dataDir(), 5);
  const now = new Date().toISOString();
  const insert = before.prepare(`INSERT INTO users (tenant_id, id, user_name_key, version, created, last_modified, doc) VALUES ('acme', ?, ?, 1, ?, ?, ?)`);
  insert.run('u1', 'a', now, now, JSON.stringify({ userName: 'a', name: { familyName: 'ÉTIENNE', givenName: 'Zoë' } }));
  insert.run('u2', 'b', now, now, JSON.stringify({ userName: 'b', name: { givenName: 'Bo' } }));
  insert.run('u3', 'c', now, now, JSON.stringify({ userName: 'c' }));
  before.close();

  const db = openSqliteDatabase(dataDir());
  const keys = db.prepare('SELECT id, family_name_key, given_name_key FROM users ORDER BY id').all();
  db.close();
  expect(keys).toEqual([
    { id: 'u1', family_name_key: 'étienne', given_name_key: 'zoë' },
    { id: 'u2', family_name_key: null, given_name_key: 'bo' },
    { id: 'u3', family_name_key: null, given_name_key: null },
  ]);
});
