/** The tenancy contract on the embedded SQLite store, each test on a fresh file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../services/identity/store/sqlite/sqlite-store';
import { tenancyContract } from './tenancy-contract';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

tenancyContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-tenancy-'));
  dirs.push(dir);
  return SqliteStore.open(dir);
});
