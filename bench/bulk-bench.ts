/**
 * Issue 10's benchmark: users created per second, from an empty tenant, three ways:
 * one POST /Users per user (16 at a time), POST /Bulk with 1,000 operations per request
 * (one request at a time, as a sync client sends them), and `scimctl import` of a JSON
 * lines file. Each way runs on a fresh service over a fresh store: SQLite, or MongoDB
 * with `--store mongo` (MONGODB_URI names the server, else a FerretDB is started; each
 * run gets a database of its own, dropped afterwards). Users carry no password: a password's scrypt hash (about 50 ms
 * of one core) would be all that is measured.
 * Run: `npm run build && node dist/bench/bulk-bench.js --users 10000 [--store mongo]`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { newSecret } from '../services/identity/tenancy/secrets';
import { createBenchStore, releaseBenchServers, storeKind, type StoreKind } from './bench-store';
import { argument, BenchClient, forEachConcurrently, startService, type RunningService } from './harness';

const TENANT = 'default';
const root = path.resolve(__dirname, '../..');

interface Row {
  way: string;
  /** The store's label: SQLite, MongoDB or FerretDB. */
  store: string;
  users: number;
  seconds: number;
}

const userOf = (i: number) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: `bulk${i}@example.com`,
  externalId: `ext-${i}`,
  name: { givenName: `Given${i}`, familyName: `Family${i % 5000}` },
  displayName: `User ${i}`,
  active: true,
  emails: [{ value: `bulk${i}@example.com`, type: 'work', primary: true }],
});

/** Runs `work` against a fresh service and store, and times it. */
async function timed(way: string, users: number, store: StoreKind, work: (service: RunningService, adminKey: string, dataDir: string) => Promise<void>): Promise<Row> {
  const fresh = await createBenchStore(store);
  const adminKey = newSecret('key').presented;
  // Rate limits off: the benchmark measures how fast the service writes, not the default budgets.
  const service = await startService(fresh.dataDir, { ...fresh.env, BOOTSTRAP_SERVICE_KEY: adminKey, RATE_LIMIT_ENABLED: 'false' });
  try {
    const started = performance.now();
    await work(service, adminKey, fresh.dataDir);
    return { way, store: fresh.label, users, seconds: (performance.now() - started) / 1000 };
  } finally {
    await service.stop();
    await fresh.remove();
  }
}

async function oneByOne(service: RunningService, users: number, concurrency: number): Promise<void> {
  const client = new BenchClient(service.baseUrl, service.token, concurrency);
  try {
    await forEachConcurrently(users, concurrency, async (i) => {
      const response = await client.request('POST', '/Users', userOf(i));
      if (response.status !== 201) throw new Error(`POST /Users answered ${response.status}: ${response.body}`);
    });
  } finally {
    client.close();
  }
}

async function viaBulk(service: RunningService, users: number, perRequest: number): Promise<void> {
  const client = new BenchClient(service.baseUrl, service.token, 1);
  try {
    for (let start = 0; start < users; start += perRequest) {
      const operations = Array.from({ length: Math.min(perRequest, users - start) }, (_, k) => ({
        method: 'POST',
        path: '/Users',
        bulkId: `u${start + k}`,
        data: userOf(start + k),
      }));
      const response = await client.request('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: operations });
      const failed = response.status === 200 ? (JSON.parse(response.body) as { Operations: Array<{ status: string }> }).Operations.filter((o) => o.status !== '201') : [];
      if (response.status !== 200 || failed.length > 0) throw new Error(`POST /Bulk answered ${response.status}: ${response.body.slice(0, 500)}`);
    }
  } finally {
    client.close();
  }
}

function viaImport(service: RunningService, adminKey: string, dataDir: string, users: number): Promise<void> {
  const file = path.join(dataDir, 'users.jsonl');
  fs.writeFileSync(file, Array.from({ length: users }, (_, i) => JSON.stringify(userOf(i))).join('\n'));
  const env = { ...process.env, SCIMCTL_ADDR: service.grpcAddress, SCIMCTL_API_KEY: adminKey };
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [path.join(root, 'bin/scimctl.js'), 'import', '--tenant', TENANT, '--file', file], { env }, (error, _stdout, stderr) =>
      error ? reject(new Error(`scimctl import failed: ${stderr}`)) : resolve(),
    ),
  );
}

async function main(): Promise<void> {
  const users = argument('users', 100_000);
  const perRequest = argument('operations', 1000);
  const concurrency = argument('concurrency', 16);
  const store = storeKind();
  const rows: Row[] = [
    await timed(`POST /Users one by one (${concurrency} at a time)`, users, store, (service) => oneByOne(service, users, concurrency)),
    await timed(`POST /Bulk, ${perRequest} operations per request`, users, store, (service) => viaBulk(service, users, perRequest)),
    await timed('scimctl import (batches of 1000)', users, store, (service, adminKey, dataDir) => viaImport(service, adminKey, dataDir, users)),
  ];
  await releaseBenchServers();
  console.log(`\n${users} users created from an empty tenant, ${rows[0].store} store\n`);
  console.log('| way | users | seconds | users/s |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.way} | ${row.users} | ${row.seconds.toFixed(1)} | ${(row.users / row.seconds).toFixed(0)} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
