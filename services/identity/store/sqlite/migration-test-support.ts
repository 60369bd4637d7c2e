/** For migration tests: a data directory per test, and a database file in it as an older release left it. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS } from './migrations';
import { registerFunctions, SQLITE_FILE_NAME } from './sqlite-database';

/** A new data directory for each test, removed after it; call at the top of a test file. */
export function useDataDirPerTest(): () => string {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-migration-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** A database file as an older release left it: the migrations below `version` applied, and no others. */
export function databaseBefore(dir: string, version: number): Database.Database {
  const db = new Database(path.join(dir, SQLITE_FILE_NAME));
  registerFunctions(db);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const migration of MIGRATIONS.filter((m) => m.version < version)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.version, migration.description, new Date().toISOString());
  }
  return db;
}
