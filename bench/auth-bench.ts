/**
 * What authentication costs a SCIM request: GET /Users/{id} through the adapter,
 * against the identity service running as its own process, in three adapters that
 * differ only in authentication —
 *   1. none (the adapter's middleware and routes without `authenticate`),
 *   2. bearer tokens with a warm cache (AUTH_CACHE_MS=5000, the default),
 *   3. bearer tokens without a cache (AUTH_CACHE_MS=0: an AuthenticateToken call per request, which
 *      concurrent requests with the same token share);
 * and the warm-cache lookup alone, in-process. The variants take turns for several
 * rounds and each shows its median round, so that a warming JIT or a busy machine
 * does not favour whichever runs last. Run: `npm run build && node dist/bench/auth-bench.js`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import pino from 'pino';
import { createApp } from '../adapter/app';
import { TokenCache } from '../adapter/auth/token-cache';
import { createIdentityClients, type IdentityClients } from '../adapter/grpc/identity-clients';
import { startHttpServer } from '../adapter/http-server';
import { accessLog } from '../adapter/middleware/access-log';
import { httpTelemetry } from '../adapter/middleware/http-telemetry';
import { jsonBody } from '../adapter/middleware/json-body';
import { requestId } from '../adapter/middleware/request-id';
import { scimErrors } from '../adapter/middleware/scim-errors';
import { securityHeaders } from '../adapter/middleware/security-headers';
import { userEndpoint } from '../adapter/routes/resource-endpoints';
import { resourceRoutes } from '../adapter/routes/resources';
import { DiscoveryCache } from '../adapter/scim/discovery-cache';
import { newSecret } from '../services/identity/tenancy/secrets';
import { BULK_MAX_OPERATIONS } from '../services/identity/bulk/bulk-limits';
import { argument, BenchClient, measure, printTable, type Measurement } from './harness';

const root = path.resolve(__dirname, '../..');
const silent = pino({ level: 'silent' });
const TENANT = 'default';
const TOKEN = `bench-${newSecret('token').presented}`;
const DEADLINE_MS = 10_000;

/** The identity service as its own process, as deployed; resolves with its address and a stop function. */
async function startIdentity(dataDir: string, apiKey: string): Promise<{ address: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(root, 'dist/services/identity/main.js')], {
    env: { ...process.env, GRPC_PORT: '0', METRICS_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', BOOTSTRAP_SERVICE_KEY: apiKey, SCIM_BOOTSTRAP_TOKEN: TOKEN, SCIM_BOOTSTRAP_TENANT: TENANT },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const match = /identity service: gRPC on (\S+),/.exec(output);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`identity service exited with ${code}: ${output}`)));
  });
  return { address, stop: () => new Promise((resolve) => child.once('exit', () => resolve()).kill('SIGTERM')) };
}

/** The adapter's middleware and /Users routes in app.ts's order, without `authenticate`: the baseline. */
function unauthenticatedApp(clients: IdentityClients): Express {
  const app = express();
  const context = {
    discovery: new DiscoveryCache(clients, 60_000),
    log: silent,
    scope: () => ({ tenant: TENANT, requestId: 'bench', deadlineMs: DEADLINE_MS }),
    baseUrl: (req: express.Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`,
    bulkOperationLimit: () => BULK_MAX_OPERATIONS,
  };
  const scim = express.Router();
  scim.use((_req, res, next) => {
    res.locals.tenant = TENANT;
    next();
  });
  scim.use(jsonBody(1024 * 1024));
  scim.use(resourceRoutes(userEndpoint(clients), context));
  app.use(requestId());
  app.use(securityHeaders(false));
  app.use(httpTelemetry());
  app.use(accessLog(silent));
  app.use('/scim/v2', scim);
  app.use(scimErrors(silent));
  return app;
}

async function main(): Promise<void> {
  const requests = argument('requests', 5000);
  const concurrency = argument('concurrency', 16);
  const rounds = argument('rounds', 5);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-auth-bench-'));
  const apiKey = newSecret('key').presented;
  const identity = await startIdentity(dataDir, apiKey);
  const clients = createIdentityClients(identity.address, apiKey);
  const stops: Array<() => Promise<void>> = [];
  try {
    const scope = { tenant: TENANT, requestId: 'seed', deadlineMs: DEADLINE_MS };
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const created = await clients.call(clients.users.createUser.bind(clients.users), { user: { userName: `user${i}@example.com` } }, scope);
      ids.push(created.user?.id ?? '');
    }
    const appDeps = { clients, log: silent, maxBodyBytes: 1024 * 1024, grpcDeadlineMs: DEADLINE_MS, discoveryTtlMs: 60_000 };
    const variants: Array<[string, Express]> = [
      ['no authentication', unauthenticatedApp(clients)],
      ['bearer token, warm cache (AUTH_CACHE_MS=5000)', createApp({ ...appDeps, authCacheMs: 5000 })],
      ['bearer token, no cache (AUTH_CACHE_MS=0, lookups shared)', createApp({ ...appDeps, authCacheMs: 0 })],
    ];
    const runners = [];
    for (const [name, app] of variants) {
      const server = await startHttpServer(app, { host: '127.0.0.1', port: 0, log: silent });
      stops.push(() => server.close(0));
      runners.push({ name, baseUrl: `http://127.0.0.1:${server.port}/scim/v2`, rounds: [] as Measurement[] });
    }
    for (let round = 0; round < rounds; round++) {
      for (const runner of runners) {
        // A fresh client per round: the server closes connections that idled while the other variants ran.
        const client = new BenchClient(runner.baseUrl, TOKEN, concurrency);
        const get = (i: number) => client.request('GET', `/Users/${ids[i % ids.length]}`);
        await measure(runner.name, Math.min(500, requests), concurrency, get); // warm-up: connections, JIT, the token cache
        runner.rounds.push(await measure(runner.name, requests, concurrency, get));
        client.close();
      }
    }
    const median = (rows: Measurement[]) => [...rows].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(rows.length / 2)];
    printTable(
      `GET /Users/{id}, ${concurrency} concurrent requests, median of ${rounds} rounds, identity service in its own process`,
      runners.map((runner) => median(runner.rounds)),
    );

    const cache = new TokenCache({ lookup: async () => ({ tenant: TENANT, tokenId: 'bench' }), ttlMs: 60_000 });
    await cache.resolve(TOKEN, 'warm');
    const lookups = 200_000;
    const started = process.hrtime.bigint();
    for (let i = 0; i < lookups; i++) await cache.resolve(TOKEN, 'bench');
    const nanos = Number(process.hrtime.bigint() - started) / lookups;
    console.log(`\nwarm-cache token lookup alone (SHA-256 of the token, then an LRU hit): ${(nanos / 1000).toFixed(2)} µs per request`);
  } finally {
    for (const stop of stops) await stop();
    clients.close();
    await identity.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
