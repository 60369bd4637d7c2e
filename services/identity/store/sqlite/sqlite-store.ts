import type { IdentityStore } from '../port';
import { SqliteCollection } from './sqlite-collection';
import { guarded, openSqliteDatabase, type SqliteDatabase } from './sqlite-database';
import { SqliteEvents } from './sqlite-events';
import { SqliteMemberships } from './sqlite-memberships';
import { SqliteTenancy } from './sqlite-tenancy';
import { GROUPS_TABLE, USERS_TABLE } from './table-specs';

/** The embedded default store: one SQLite file under the data directory. */
export class SqliteStore implements IdentityStore {
  readonly users: SqliteCollection;
  readonly groups: SqliteCollection;
  readonly memberships: SqliteMemberships;
  readonly tenancy: SqliteTenancy;
  readonly events: SqliteEvents;

  private constructor(private readonly db: SqliteDatabase) {
    this.events = new SqliteEvents(db);
    this.users = new SqliteCollection(db, USERS_TABLE, this.events);
    this.groups = new SqliteCollection(db, GROUPS_TABLE, this.events);
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
