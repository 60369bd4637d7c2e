import type { IdentityStore } from '../port';
import { SqliteCollection } from './sqlite-collection';
import { guarded, openSqliteDatabase, type SqliteDatabase } from './sqlite-database';
import { SqliteMemberships } from './sqlite-memberships';
import { SqliteTenancy } from './sqlite-tenancy';
import { GROUPS_TABLE, USERS_TABLE } from './table-specs';

/** The embedded default store: one SQLite file under the data directory. */
export class SqliteStore implements IdentityStore {
  readonly users: SqliteCollection;
  readonly groups: SqliteCollection;
  readonly memberships: SqliteMemberships;
  readonly tenancy: SqliteTenancy;

  private constructor(private readonly db: SqliteDatabase) {
    this.users = new SqliteCollection(db, USERS_TABLE);
    this.groups = new SqliteCollection(db, GROUPS_TABLE);
    this.memberships = new SqliteMemberships(db);
    this.tenancy = new SqliteTenancy(db);
  }

  static open(dataDir: string): SqliteStore {
    return new SqliteStore(openSqliteDatabase(dataDir));
  }

  async ping(): Promise<void> {
    guarded(() => this.db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
