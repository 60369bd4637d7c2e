/**
 * Shared pieces of the benchmarks: run the compiled service as two real processes on
 * loopback (the deployment shape), drive them over HTTP with a fixed concurrency,
 * and print percentiles. Benchmarks print figures; they assert nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export interface RunningService {
  baseUrl: string;
  /** host:port of the identity service's gRPC server. */
  grpcAddress: string;
  token: string;
  stop(): Promise<void>;
}

function waitFor(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const match = pattern.exec(output);
      if (match) resolve(match);
    });
    child.on('exit', (code) => reject(new Error(`service exited with ${code}: ${output}`)));
  });
}

/** Starts `npm start`'s supervisor on free ports with the given data directory and environment. */
export async function startService(dataDir: string, env: Record<string, string> = {}): Promise<RunningService> {
  const token = 'bench-token-0123456789abcdef';
  const child = spawn(process.execPath, [path.join(root, 'bin/start.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', GRPC_PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SCIM_BOOTSTRAP_TOKEN: token, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [[, baseUrl], [, grpcAddress]] = await Promise.all([
    waitFor(child, /SCIM adapter: (http:\/\/\S+\/scim\/v2)/),
    waitFor(child, /identity service: gRPC on (\S+),/),
  ]);
  return {
    baseUrl,
    grpcAddress,
    token,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

export interface HttpResult {
  status: number;
  body: string;
}

/**
 * A lean HTTP client over one keep-alive agent: the benchmark should measure the
 * service, and fetch() costs the client more CPU than the service spends on a lookup.
 */
export class BenchClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    concurrency: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  request(method: string, pathAndQuery: string, body?: unknown): Promise<HttpResult> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        this.baseUrl + pathAndQuery,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.token}`,
            ...(payload ? { 'Content-Type': 'application/scim+json', 'Content-Length': Buffer.byteLength(payload) } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Runs `task(i)` for i from 0 to count - 1, `concurrency` at a time; tasks start in
 * index order. Rejects with the first failure.
 */
export async function forEachConcurrently(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

export interface Measurement {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * Sends `requests` requests, `concurrency` at a time, each built by `request(i)`,
 * and measures their latency. Every response must have the expected status.
 */
export async function measure(
  name: string,
  requests: number,
  concurrency: number,
  request: (i: number) => Promise<HttpResult>,
  expectedStatus = 200,
): Promise<Measurement> {
  const latencies: number[] = [];
  const started = performance.now();
  await forEachConcurrently(requests, concurrency, async (i) => {
    const before = performance.now();
    const response = await request(i);
    latencies.push(performance.now() - before);
    if (response.status !== expectedStatus) throw new Error(`${name}: request ${i} answered ${response.status}`);
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { name, requests, perSecond: requests / seconds, p50: at(0.5), p99: at(0.99) };
}

export function printTable(title: string, rows: Measurement[]): void {
  console.log(`\n${title}\n`);
  console.log('| scenario | requests | req/s | p50 ms | p99 ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.name} | ${row.requests} | ${row.perSecond.toFixed(0)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} |`);
  }
}

export function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
