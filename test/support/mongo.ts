/**
 * MongoDB for tests and benchmarks: the server MONGODB_URI names when it is set (a real MongoDB), else
 * a FerretDB of the caller's own. Each database a test asks for is new, and dropped
 * (or removed with its FerretDB) when released.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoStore, type MongoStoreOptions } from '../../services/identity/store/mongo/mongo-store';
import { startFerretDb, type FerretDb } from './ferretdb';

/** Short timeouts: a test that stops the server wants its 503s quickly. */
function storeOptions(uri: string, database: string): MongoStoreOptions {
  return { uri, database, writeConcern: 'majority', serverTimeoutMs: 1500, socketTimeoutMs: 10_000, maxPoolSize: 10 };
}

export interface TestMongoServer {
  uri: string;
  /** The FerretDB behind it, unless MONGODB_URI named a server. */
  ferretDb?: FerretDb;
  /** The options of a store on a new database. */
  newDatabase(): MongoStoreOptions;
  /** Drops every database it named, or removes its FerretDB. */
  release(): Promise<void>;
}

export async function testMongoServer(): Promise<TestMongoServer> {
  const external = process.env.MONGODB_URI;
  const ferretDb = external ? undefined : await startFerretDb();
  const uri = ferretDb?.uri ?? external ?? '';
  const databases: string[] = [];
  return {
    uri,
    ferretDb,
    newDatabase() {
      const database = `openscim_test_${randomBytes(6).toString('hex')}`;
      databases.push(database);
      return storeOptions(uri, database);
    },
    async release() {
      if (ferretDb) {
        await ferretDb.remove();
        return;
      }
      const client = new MongoClient(uri);
      try {
        for (const database of databases) await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/** One database for one test file or stack. */
export interface TestMongo {
  options: MongoStoreOptions;
  ferretDb?: FerretDb;
  /** A store on the database; more than one may be open at once, as replicas. */
  open(): Promise<MongoStore>;
  release(): Promise<void>;
}

export async function testMongo(): Promise<TestMongo> {
  const server = await testMongoServer();
  const options = server.newDatabase();
  return { options, ferretDb: server.ferretDb, open: () => MongoStore.open(options), release: () => server.release() };
}
