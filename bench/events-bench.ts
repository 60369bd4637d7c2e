/**
 * Issue 11's benchmark: how many events per second one WatchEvents consumer receives
 * while the service absorbs a write load (SCIM creates over HTTP, `--concurrency` at a
 * time), and the delay from each write to its delivery (the event's time, stamped by the
 * identity service as it writes, to the moment the consumer reads it; one machine, one
 * clock). Then how fast a consumer that starts at position 0 replays the backlog.
 * Run: `npm run build && node dist/bench/events-bench.js --writes 5000 --concurrency 16`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventServiceClient, ChangeEvent, WatchEventsRequest, WatchEventsResponse } from '../proto/gen/openscim/identity/v1/event_service';
import { newSecret } from '../services/identity/tenancy/secrets';
import { eventClient, tenantMetadata } from '../test/support/event-watch';
import { argument, BenchClient, forEachConcurrently, startService } from './harness';

const TENANT = 'default';

interface Consumer {
  /** Resolves at the stream's first message, a heartbeat: the consumer is following. */
  ready: Promise<void>;
  /** Every event received, with when, once `until` says stop. */
  done: Promise<Array<{ event: ChangeEvent; at: number }>>;
}

/** Reads events until `until` says stop, noting when each arrived. */
function consume(client: EventServiceClient, key: string, request: WatchEventsRequest, until: (received: number) => boolean): Consumer {
  const received: Array<{ event: ChangeEvent; at: number }> = [];
  let following: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (following = resolve));
  const done = new Promise<Array<{ event: ChangeEvent; at: number }>>((resolve, reject) => {
    const call = client.watchEvents(request, tenantMetadata(key, TENANT));
    call.on('data', (message: WatchEventsResponse) => {
      following();
      if (message.kind?.$case !== 'event') return;
      received.push({ event: message.kind.value, at: Date.now() });
      if (until(received.length)) {
        call.cancel();
        resolve(received);
      }
    });
    call.on('error', (error: { code?: number }) => (error.code === 1 ? resolve(received) : reject(error)));
  });
  return { ready, done };
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  const writes = argument('writes', 5000);
  const concurrency = argument('concurrency', 16);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-events-bench-'));
  const key = newSecret('key').presented;
  // Rate limits off: this is a write load.
  const service = await startService(dataDir, { BOOTSTRAP_SERVICE_KEY: key, RATE_LIMIT_ENABLED: 'false', METRICS_PORT: 'off' });
  const events = eventClient(service.grpcAddress);
  const http = new BenchClient(service.baseUrl, service.token, concurrency);
  try {
    console.log(`\n${writes} SCIM creates, ${concurrency} at a time, while one WatchEvents consumer follows the feed\n`);
    const live = consume(events, key, { startAtNow: true }, (count) => count >= writes);
    await live.ready;
    const started = Date.now();
    await forEachConcurrently(writes, concurrency, async (i) => {
      const response = await http.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `bench-${i}@example.com` });
      if (response.status !== 201) throw new Error(`create ${i} answered ${response.status}`);
    });
    const wrote = Date.now();
    const received = await live.done;
    const delays = received.map(({ event, at }) => at - (event.time?.getTime() ?? at)).sort((a, b) => a - b);
    const consumedSeconds = (received[received.length - 1].at - started) / 1000;

    const replayStarted = Date.now();
    const replay = await consume(events, key, { afterPosition: 0 }, (count) => count >= writes).done;
    const replaySeconds = (replay[replay.length - 1].at - replayStarted) / 1000;

    console.log('| measure | value |');
    console.log('|---|---:|');
    console.log(`| writes absorbed (creates/s over HTTP) | ${(writes / ((wrote - started) / 1000)).toFixed(0)} |`);
    console.log(`| events received live by one consumer (events/s) | ${(received.length / consumedSeconds).toFixed(0)} |`);
    console.log(`| write → delivery delay p50 / p95 / p99 / max (ms) | ${[0.5, 0.95, 0.99].map((q) => percentile(delays, q)).join(' / ')} / ${delays[delays.length - 1]} |`);
    console.log(`| backlog replay from position 0 (events/s) | ${(replay.length / replaySeconds).toFixed(0)} |`);
  } finally {
    http.close();
    events.close();
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
