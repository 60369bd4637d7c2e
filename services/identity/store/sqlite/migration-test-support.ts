/** A database file as an older release left it: the migrations below `version` applied, and no others. */
import Database from 'better-sqlite3';
import path from 'node:path';
import { MIGRATIONS } from './migrations';
import { registerFunctions, SQLITE_FILE_NAME } from './sqlite-database';

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
