/**
 * Telemetry end to end, with the real adapter and identity service on loopback: one
 * SCIM request is one trace, from the adapter's HTTP span through the gRPC hop (its
 * context carried in the call metadata, so the server span's parent is remote) down
 * to the store; the spans carry the attributes docs/observability.md lists and no
 * secret or attribute value, and neither do the log lines; Prometheus shows the
 * series by route template; /readyz follows the identity service.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { Writable } from 'node:stream';
import { createLogger } from '../../services/config/logger';
import { startTelemetry, type Telemetry } from '../../services/observability/telemetry';
import { loadTelemetryConfig } from '../../services/observability/telemetry-config';
import { scim, startStack, TEST_TENANT, USER_SCHEMA, type Stack } from '../support/stack';

/** Keeps every ended span, and lets a test wait for the one it needs instead of sleeping. */
class SpanRecorder implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  private waiting: Array<{ matches: (span: ReadableSpan) => boolean; resolve: (span: ReadableSpan) => void }> = [];

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
    for (const waiter of this.waiting.filter((w) => w.matches(span))) waiter.resolve(span);
    this.waiting = this.waiting.filter((w) => !w.matches(span));
  }

  /** The first ended span that `matches`, now or when it ends. */
  endedWhere(matches: (span: ReadableSpan) => boolean): Promise<ReadableSpan> {
    const found = this.spans.find(matches);
    return found ? Promise.resolve(found) : new Promise((resolve) => this.waiting.push({ matches, resolve }));
  }

  /** The first ended span named `name` of `kind`. */
  ended(name: string, kind: SpanKind): Promise<ReadableSpan> {
    return this.endedWhere((span) => span.name === name && span.kind === kind);
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** Both processes' log lines, at the most verbose level. */
function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('stack', 'trace', stream), lines };
}

const PASSWORD = 'Correct-Horse-Battery-9';
const USER_NAME = 'telemetry.jensen@example.com';
const CREATE_USER = 'openscim.identity.v1.UserService/CreateUser';

const recorder = new SpanRecorder();
const logs = capturedLog();
let telemetry: Telemetry;
let metricsUrl: string;
let stack: Stack;

beforeAll(async () => {
  const config = loadTelemetryConfig({ METRICS_PORT: '0' }, { serviceName: 'openscim-test', metricsPort: 0 });
  telemetry = startTelemetry(config, { spanProcessors: [recorder] });
  metricsUrl = (await telemetry.serveMetrics()) as string;
  stack = await startStack({ log: logs.log });
});
afterAll(async () => {
  await stack.stop();
  await telemetry.shutdown();
});

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

describe('one POST /Users is one trace: HTTP → gRPC client → gRPC server → store', () => {
  let response: Awaited<ReturnType<typeof scim>>;
  let http: ReadableSpan;
  /** The spans that ended while the request was served (the stack's own setup calls are traces of their own). */
  let requestSpans: ReadableSpan[];

  beforeAll(async () => {
    const before = recorder.spans.length;
    response = await scim(stack, 'POST', '/Users', { body: { schemas: [USER_SCHEMA], userName: USER_NAME, password: PASSWORD } });
    http = await recorder.ended('POST /scim/v2/Users', SpanKind.SERVER);
    requestSpans = recorder.spans.slice(before);
  });

  it('creates the user', () => {
    expect(response.status).toBe(201);
  });

  it('names the HTTP span by route template and records the request', () => {
    expect(http.parentSpanContext).toBeUndefined();
    expect(http.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/scim/v2/Users',
      'http.response.status_code': 201,
      'openscim.tenant.id': TEST_TENANT,
      'openscim.request.id': response.headers.get('x-request-id'),
    });
  });

  it('propagates the trace over gRPC in the call metadata, with the right parents', async () => {
    const client = await recorder.ended(CREATE_USER, SpanKind.CLIENT);
    const server = await recorder.ended(CREATE_USER, SpanKind.SERVER);
    const insert = await recorder.ended('store.users.insert', SpanKind.INTERNAL);

    expect(parentOf(client)).toBe(idOf(http));
    expect(parentOf(server)).toBe(idOf(client));
    // Remote: the server read its parent from the traceparent metadata, not from this process's context.
    expect(server.parentSpanContext?.isRemote).toBe(true);
    expect(parentOf(insert)).toBe(idOf(server));
    for (const span of [client, server, insert]) expect(traceOf(span)).toBe(traceOf(http));
    // Every span of the request belongs to its one trace (the schema lookup on a cold cache included).
    expect(new Set(requestSpans.map(traceOf))).toEqual(new Set([traceOf(http)]));

    expect(client.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.service': 'openscim.identity.v1.UserService', 'rpc.method': 'CreateUser', 'rpc.grpc.status_code': 0 });
    expect(server.attributes).toMatchObject({
      'rpc.method': 'CreateUser',
      'rpc.grpc.status_code': 0,
      'openscim.tenant.id': TEST_TENANT,
      'openscim.request.id': response.headers.get('x-request-id'),
      'scim.resource_type': 'User',
      'scim.operation': 'create',
    });
    expect(insert.attributes).toMatchObject({
      'openscim.store.collection': 'users',
      'openscim.store.operation': 'insert',
      'openscim.tenant.id': TEST_TENANT,
      'scim.resource_type': 'User',
    });
  });

  it('writes one access line with the route template, status, tenant, request id and the trace ids', () => {
    const lines = logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request');
    const line = lines.find((l) => l.trace_id === traceOf(http));
    expect(line).toMatchObject({
      method: 'POST',
      route: '/scim/v2/Users',
      status: 201,
      tenant: TEST_TENANT,
      requestId: response.headers.get('x-request-id'),
      span_id: idOf(http),
      durationMs: expect.any(Number),
    });
  });
});

describe('a refused request', () => {
  it('carries the SCIM status and scimType on the HTTP span and the gRPC code and reason on the server span', async () => {
    const again = await scim(stack, 'POST', '/Users', { body: { schemas: [USER_SCHEMA], userName: USER_NAME.toUpperCase() } });
    expect(again.status).toBe(409);
    const ofRequest = (name: string) => (span: ReadableSpan) =>
      span.kind === SpanKind.SERVER && span.name === name && span.attributes['openscim.request.id'] === again.headers.get('x-request-id');
    const http = await recorder.endedWhere(ofRequest('POST /scim/v2/Users'));
    const server = await recorder.endedWhere(ofRequest(CREATE_USER));
    expect(http.attributes).toMatchObject({ 'http.response.status_code': 409, 'scim.type': 'uniqueness' });
    expect(server.attributes).toMatchObject({ 'rpc.grpc.status_code': 6, 'scim.type': 'uniqueness', 'openscim.error.reason': 'UNIQUENESS' });
    // A client's mistake is not the server's failure.
    expect(http.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
  });
});

describe('a filtered list', () => {
  it('traces the filter parse and resolve with the attribute names, never the value', async () => {
    const listed = await scim(stack, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${USER_NAME}"`)}`);
    expect(listed.status).toBe(200);
    const parse = await recorder.ended('scim.filter.parse', SpanKind.INTERNAL);
    const resolve = await recorder.ended('scim.filter.resolve', SpanKind.INTERNAL);
    const list = await recorder.ended('store.users.list', SpanKind.INTERNAL);
    const server = await recorder.ended('openscim.identity.v1.UserService/ListUsers', SpanKind.SERVER);
    expect(resolve.attributes).toMatchObject({ 'scim.resource_type': 'User', 'scim.filter.attributes': ['userName'] });
    expect(list.attributes).toMatchObject({ 'scim.result_count': 1, 'scim.total_results': 1 });
    expect(server.attributes).toMatchObject({ 'scim.operation': 'list', 'scim.result_count': 1 });
    for (const span of [parse, resolve, list]) expect(parentOf(span)).toBe(idOf(server));
  });
});

describe('secrets and attribute values', () => {
  it('appear in no span attribute, and no secret in any log line', async () => {
    await recorder.ended('GET /scim/v2/Users', SpanKind.SERVER);
    const spans = JSON.stringify(recorder.spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, resource: span.resource.attributes })));
    for (const forbidden of [stack.token, PASSWORD, USER_NAME, USER_NAME.toUpperCase()]) expect(spans).not.toContain(forbidden);
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const line of logs.lines) {
      expect(line).not.toContain(stack.token);
      expect(line).not.toContain(PASSWORD);
    }
  });
});

describe('the Prometheus endpoint', () => {
  it('serves the request, gRPC and store histograms by route template, method and operation', async () => {
    const created = await scim(stack, 'POST', '/Users', { body: { schemas: [USER_SCHEMA], userName: 'metrics@example.com' } });
    const read = await scim(stack, 'GET', `/Users/${created.body.id}`);
    expect(read.status).toBe(200);
    await recorder.ended('GET /scim/v2/Users/:id', SpanKind.SERVER);

    const scrape = await fetch(metricsUrl);
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    const series = (metric: string, labels: Record<string, string>) =>
      text.split('\n').filter((line) => line.startsWith(`${metric}{`) && Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)));
    expect(series('http_server_request_duration_count', { http_route: '/scim/v2/Users/:id', http_request_method: 'GET', http_response_status_code: '200' })).toHaveLength(1);
    expect(series('http_server_request_duration_bucket', { http_route: '/scim/v2/Users', http_response_status_code: '409' }).length).toBeGreaterThan(1);
    expect(series('rpc_server_call_duration_count', { rpc_method: 'CreateUser', rpc_grpc_status_code: '0' })).toHaveLength(1);
    const inserts = series('openscim_store_operation_duration_count', { openscim_store_collection: 'users', openscim_store_operation: 'insert' });
    // One series of successful inserts, one of the insert the unique index refused.
    expect(inserts.filter((line) => !line.includes('error_type='))).toHaveLength(1);
    expect(inserts.filter((line) => line.includes('error_type="UniquenessError"'))).toHaveLength(1);
    expect(text).toMatch(/^openscim_token_cache_lookups_total\{[^}]*result="(hit|miss)"/m);
    // No raw path, so no resource id, ever labels a series.
    expect(text).not.toContain(created.body.id);
  });

  it('answers 404 off /metrics', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404);
  });
});

describe('GET /readyz', () => {
  it('is 200 while the identity service serves, 503 once it has stopped, and is not traced', async () => {
    const own = await startStack();
    const readyz = () => fetch(`${new URL(own.baseUrl).origin}/readyz`);
    try {
      const ready = await readyz();
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });

      await own.identity.shutdown(1000);
      const notReady = await readyz();
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'not ready', checks: { identity: expect.stringMatching(/^(UNAVAILABLE|DEADLINE_EXCEEDED|NOT_SERVING)$/) } });
    } finally {
      await own.stop();
    }
    expect(recorder.spans.filter((span) => span.name.includes('readyz') || span.name.includes('grpc.health'))).toEqual([]);
  });
});
