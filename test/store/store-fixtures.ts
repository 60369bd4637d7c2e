/** The stores the contract suite and the differential test run against, each fresh and empty. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IdentityStore } from '../../services/identity/store/port';
import { SqliteStore } from '../../services/identity/store/sqlite/sqlite-store';
import { testMongo, type TestMongo } from '../support/mongo';

export interface StoreUnderTest {
  store: IdentityStore;
  /** MongoDB only: the server behind it, when the test owns it (FerretDB), to stop and start. */
  mongo?: TestMongo;
  release(): Promise<void>;
}

export type StoreName = 'sqlite' | 'mongodb';

export const STORE_NAMES: StoreName[] = ['sqlite', 'mongodb'];

export async function openStore(name: StoreName): Promise<StoreUnderTest> {
  if (name === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-store-'));
    const store = SqliteStore.open(dataDir);
    return {
      store,
      async release() {
        await store.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const mongo = await testMongo();
  const store = await mongo.open();
  return {
    store,
    mongo,
    async release() {
      await store.close();
      await mongo.release();
    },
  };
}
