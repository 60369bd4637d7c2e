/**
 * The store a benchmark runs on, chosen with `--store sqlite|mongo`: a SQLite data
 * directory, or a MongoDB database of its own on the server MONGODB_URI names (a real
 * MongoDB), else on a FerretDB started from .tools/bin (`make ferretdb`), the same one
 * the tests use. The benchmark seeds it through the store port, starts the service on
 * it with `env`, and removes it afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { IdentityStore } from '../services/identity/store/port';
import { MongoStore } from '../services/identity/store/mongo/mongo-store';
import { SqliteStore } from '../services/identity/store/sqlite/sqlite-store';
import { testMongoServer, type TestMongoServer } from '../test/support/mongo';
import { forEachConcurrently } from './harness';

export type StoreKind = 'sqlite' | 'mongo';

export interface BenchStore {
  kind: StoreKind;
  /** What the tables call it: "SQLite", "MongoDB" or "FerretDB". */
  label: string;
  /** The service's data directory (SQLite's file; scratch files with MongoDB). */
  dataDir: string;
  /** The service's environment for this store. */
  env: Record<string, string>;
  /** Opens the store directly, to seed it without going through the service. */
  open(): Promise<IdentityStore>;
  /** Removes the data: the directory, and the MongoDB database or FerretDB. */
  remove(): Promise<void>;
}

/** `--store` from the command line; SQLite when it is absent. */
export function storeKind(): StoreKind {
  const index = process.argv.indexOf('--store');
  const kind = index >= 0 ? process.argv[index + 1] : 'sqlite';
  if (kind !== 'sqlite' && kind !== 'mongo') throw new Error(`--store must be sqlite or mongo, not ${kind}`);
  return kind;
}

/** A MongoDB server shared by the benchmark's stores, started on first use. */
let mongoServer: Promise<TestMongoServer> | undefined;

/** Stops the FerretDB the benchmark started, if any; call once at the end. */
export async function releaseBenchServers(): Promise<void> {
  if (mongoServer) await (await mongoServer).release();
  mongoServer = undefined;
}

/** A new, empty store of the given kind. */
export async function createBenchStore(kind: StoreKind): Promise<BenchStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-bench-'));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'sqlite') {
    return { kind, label: 'SQLite', dataDir, env: {}, open: async () => SqliteStore.open(dataDir), remove: async () => removeDir() };
  }
  mongoServer ??= testMongoServer();
  const server = await mongoServer;
  const options = { ...server.newDatabase(), serverTimeoutMs: 30_000, socketTimeoutMs: 120_000 };
  return {
    kind,
    label: server.ferretDb ? 'FerretDB' : 'MongoDB',
    dataDir,
    env: { MONGODB_URI: options.uri, MONGODB_DB: options.database },
    open: () => MongoStore.open(options),
    async remove() {
      const client = new MongoClient(options.uri);
      try {
        await client.db(options.database).dropDatabase();
      } finally {
        await client.close();
      }
      removeDir();
    },
  };
}

/**
 * Inserts `count` users through the store port, `concurrency` at a time (MongoDB
 * takes parallel writes; SQLite serialises them anyway), and returns their ids in order.
 * `userOf` is called in index order whatever the concurrency, so a seeded one seeds
 * the same data on every run.
 */
export async function seedUsers(
  bench: BenchStore,
  count: number,
  userOf: (i: number) => Record<string, unknown>,
  { tenant = 'default', idPrefix = 'user', concurrency = 8 } = {},
): Promise<string[]> {
  const store = await bench.open();
  const ids = Array.from({ length: count }, (_, i) => `${idPrefix}-${String(i).padStart(7, '0')}`);
  const now = new Date();
  try {
    await forEachConcurrently(count, concurrency, async (i) => {
      await store.users.insert(tenant, ids[i], { doc: userOf(i) }, now);
    });
  } finally {
    await store.close();
  }
  return ids;
}
