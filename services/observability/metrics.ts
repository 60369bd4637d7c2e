/**
 * The service's metrics, recorded through the OpenTelemetry metrics API and read by
 * the Prometheus endpoint and the OTLP exporter (telemetry.ts). Durations are
 * histograms in seconds, so request rate, error rate and latency percentiles all
 * come from one instrument.
 *
 * Instruments are made from the MeterProvider registered when they are first used,
 * and made again if another one is registered later: the metrics API has no proxy
 * provider, so an instrument made before the SDK starts would record nothing.
 */
import { metrics, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import { ATTR_RPC_GRPC_STATUS_CODE, ATTR_RPC_METHOD, ATTR_RPC_SERVICE, ATTR_RPC_SYSTEM, ATTR_STORE_COLLECTION, ATTR_STORE_OPERATION, ATTR_TENANT_ID } from './attributes';

export const METRIC_RPC_SERVER_CALL_DURATION = 'rpc.server.call.duration';
export const METRIC_STORE_OPERATION_DURATION = 'openscim.store.operation.duration';
export const METRIC_RATE_LIMIT_REJECTIONS = 'openscim.rate_limit.rejections';
export const METRIC_TOKEN_CACHE_LOOKUPS = 'openscim.token_cache.lookups';

/** Seconds: from a sub-millisecond SQLite read to a slow write (a password hash) and a gRPC deadline. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Instruments {
  httpServer: Histogram;
  rpcServer: Histogram;
  store: Histogram;
  rateLimitRejections: Counter;
  tokenCacheLookups: Counter;
}

function createInstruments(provider: MeterProvider): Instruments {
  const meter = provider.getMeter('openscim');
  const duration = (name: string, description: string) =>
    meter.createHistogram(name, { unit: 's', description, advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
  return {
    httpServer: duration(METRIC_HTTP_SERVER_REQUEST_DURATION, 'HTTP requests the SCIM adapter answered, by method, route template and status.'),
    rpcServer: duration(METRIC_RPC_SERVER_CALL_DURATION, 'gRPC calls the identity service answered, by service, method and status code.'),
    store: duration(METRIC_STORE_OPERATION_DURATION, 'Calls to the identity store, by collection and operation; error.type when one failed.'),
    rateLimitRejections: meter.createCounter(METRIC_RATE_LIMIT_REJECTIONS, {
      description: 'Requests a rate limit refused (429), by limiter and tenant.',
    }),
    tokenCacheLookups: meter.createCounter(METRIC_TOKEN_CACHE_LOOKUPS, {
      description: 'Bearer token lookups, by result: hit (no call to the identity service) or miss.',
    }),
  };
}

let current: { provider: MeterProvider; instruments: Instruments } | undefined;

function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (current?.provider !== provider) current = { provider, instruments: createInstruments(provider) };
  return current.instruments;
}

/** `route` is the template (`/scim/v2/Users/:id`), never the path: ids would make the series unbounded. */
export function recordHttpRequest(request: { method: string; route?: string; status: number }, seconds: number): void {
  instruments().httpServer.record(seconds, {
    [ATTR_HTTP_REQUEST_METHOD]: request.method,
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: request.status,
    ...(request.route ? { [ATTR_HTTP_ROUTE]: request.route } : {}),
  });
}

export function recordRpcServerCall(call: { service: string; method: string; code: number }, seconds: number): void {
  instruments().rpcServer.record(seconds, {
    [ATTR_RPC_SYSTEM]: 'grpc',
    [ATTR_RPC_SERVICE]: call.service,
    [ATTR_RPC_METHOD]: call.method,
    [ATTR_RPC_GRPC_STATUS_CODE]: call.code,
  });
}

export function recordStoreOperation(operation: { collection: string; operation: string; errorType?: string }, seconds: number): void {
  instruments().store.record(seconds, {
    [ATTR_STORE_COLLECTION]: operation.collection,
    [ATTR_STORE_OPERATION]: operation.operation,
    ...(operation.errorType ? { [ATTR_ERROR_TYPE]: operation.errorType } : {}),
  });
}

/** One request refused by a rate limit. `limiter` names the budget (reads, writes, token, auth). */
export function recordRateLimitRejection(limiter: string, tenant?: string): void {
  instruments().rateLimitRejections.add(1, { limiter, ...(tenant ? { [ATTR_TENANT_ID]: tenant } : {}) });
}

/** One bearer-token lookup; the hit ratio is hits over all lookups. */
export function recordTokenCacheLookup(result: 'hit' | 'miss'): void {
  instruments().tokenCacheLookups.add(1, { result });
}
