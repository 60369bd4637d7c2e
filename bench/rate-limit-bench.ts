/**
 * Issue 8's benchmark: what the rate limiter costs when it is on but not hit.
 * GET /Users/{id} with limits disabled, then enabled with budgets far above the load.
 * Run: `npm run build && node dist/bench/rate-limit-bench.js`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argument, BenchClient, measure, printTable, startService, type Measurement } from './harness';

async function run(name: string, env: Record<string, string>, requests: number, concurrency: number): Promise<Measurement> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-rl-bench-'));
  const service = await startService(dataDir, env);
  const client = new BenchClient(service.baseUrl, service.token, concurrency);
  try {
    const created = JSON.parse((await client.request('POST', '/Users', { userName: 'bench@example.com' })).body) as { id: string };
    const request = () => client.request('GET', `/Users/${created.id}`);
    await measure(name, 500, concurrency, request);
    return await measure(name, requests, concurrency, request);
  } finally {
    client.close();
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const requests = argument('requests', 5000);
  const concurrency = argument('concurrency', 16);
  const huge = String(1_000_000);
  const rows = [
    await run('rate limits off', { RATE_LIMIT_ENABLED: 'false' }, requests, concurrency),
    await run('rate limits on, not hit (in memory)', { RATE_LIMIT_READS_PER_SECOND: huge, RATE_LIMIT_TOKEN_PER_SECOND: huge }, requests, concurrency),
  ];
  printTable(`GET /Users/{id}, ${concurrency} concurrent requests`, rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
