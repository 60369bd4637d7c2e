import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { StoreUnavailableError } from '../../errors/scim-errors';
import { foldCase } from '../../scim/filter/compare-strings';
import { MIGRATIONS } from './migrations';

export type SqliteDatabase = Database.Database;

export const SQLITE_FILE_NAME = 'openscim.sqlite';

/**
 * Opens (creating if needed) the one database file under `dataDir`, in WAL mode so
 * that readers never wait for the writer, and applies pending migrations.
 */
export function openSqliteDatabase(dataDir: string): SqliteDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // durable at each checkpoint; WAL keeps the file consistent
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  registerFunctions(db);
  migrate(db);
  return db;
}

/** The SQL functions the schema and queries call, which migrations need too. */
export function registerFunctions(db: SqliteDatabase): void {
  // The case fold of filters (compare-strings.ts); SQLite's own lower() folds ASCII only.
  db.function('scim_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldCase(value) : value));
}

function migrate(db: SqliteDatabase): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').all().map((row) => (row as { version: number }).version),
  );
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.description,
        new Date().toISOString(),
      );
    })();
  }
}

/** Runs a store operation, turning "the database is busy or gone" into StoreUnavailableError. */
export function guarded<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (/^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL)/.test(code) || (error as Error).message === 'The database connection is not open') {
      throw new StoreUnavailableError();
    }
    throw error;
  }
}
