/**
 * Issue 9's benchmark: what telemetry costs a SCIM read. Seeds a tenant, then measures
 * GET /Users/{id} over HTTP against the real processes three ways: with telemetry
 * disabled (OTEL_SDK_DISABLED=true, the floor), as shipped (Prometheus metrics, no
 * tracing), and with every request traced and exported over OTLP/HTTP (http/protobuf)
 * to a local sink this benchmark runs. Run:
 * `npm run build && node dist/bench/telemetry-bench.js --users 1000 --requests 2000`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBenchStore, seedUsers } from './bench-store';
import { argument, BenchClient, measure, printTable, startService, type Measurement } from './harness';

/** An OTLP/HTTP receiver that accepts every export and counts what arrived. */
async function startSink(): Promise<{ url: string; exports: () => { requests: number; bytes: number }; close(): Promise<void> }> {
  let requests = 0;
  let bytes = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      if (req.url === '/v1/traces') requests++;
      // An empty ExportTraceServiceResponse: zero bytes of protobuf.
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports: () => ({ requests, bytes }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const users = argument('users', 1000);
  const requests = argument('requests', 5000);
  const concurrency = argument('concurrency', 16);
  const store = await createBenchStore('sqlite');
  const ids = await seedUsers(store, users, (i) => ({ userName: `user${i}@example.com`, displayName: `User ${i}`, active: true }));
  const sink = await startSink();
  const noTracing = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' };
  const scenarios: Array<[string, Record<string, string>]> = [
    ['telemetry disabled', { ...noTracing, OTEL_SDK_DISABLED: 'true' }],
    ['metrics only (default)', noTracing],
    [
      'traced, exported over OTLP/HTTP',
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_TRACES_SAMPLER: 'always_on',
        OTEL_METRICS_EXPORTER: 'none',
      },
    ],
  ];
  const rows: Measurement[] = [];
  try {
    for (const [name, env] of scenarios) {
      // Each scenario sets every variable it depends on, whatever the caller's environment holds; rate limits
      // are off, since the benchmark is meant to exceed them.
      const service = await startService(store.dataDir, { OTEL_SDK_DISABLED: 'false', RATE_LIMIT_ENABLED: 'false', ...env });
      const client = new BenchClient(service.baseUrl, service.token, concurrency);
      const get = (i: number) => client.request('GET', `/Users/${ids[(i * 7919) % users]}`);
      try {
        await measure(name, Math.min(200, requests), concurrency, get); // warm-up
        rows.push(await measure(name, requests, concurrency, get));
      } finally {
        client.close();
        // Stopping flushes the spans still batched, so the sink has them all before the next scenario.
        await service.stop();
      }
    }
    printTable(`GET /Users/{id}, ${users} users, ${concurrency} concurrent requests`, rows);
    const baseline = rows[0].perSecond;
    for (const row of rows.slice(1)) {
      const change = (row.perSecond / baseline - 1) * 100;
      console.log(`${row.name}: ${change >= 0 ? '+' : ''}${change.toFixed(1)}% requests/s against telemetry disabled`);
    }
    const { requests: batches, bytes } = sink.exports();
    console.log(`OTLP sink: ${batches} trace exports, ${(bytes / 1024).toFixed(0)} KiB`);
    if (batches === 0) throw new Error('the traced run exported no spans');
  } finally {
    await sink.close();
    await store.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
