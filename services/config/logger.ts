/**
 * The structured JSON logger both processes use: one JSON object per line on stdout.
 * Secrets are redacted by configuration, not by hope: a key that holds one is
 * censored at the top level and two levels down, whoever builds the object. Lines
 * written inside a traced operation carry its trace_id and span_id, so a log line
 * leads to its trace and back.
 */
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';

/** Keys whose values are secrets, as the code and Node spell them (Node lower-cases header names; hand-built objects may not). */
const SECRET_KEYS = [
  'password',
  'passwordHash',
  'password_hash',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'token',
  'accessToken',
  'bootstrapToken',
  'bootstrapServiceKey',
  'identityApiKey',
  'apiKey',
  'secret',
  'clientSecret',
];

export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** The active span's ids, for the pino mixin; nothing outside a span (or a non-sampled one from no trace at all). */
function traceCorrelation(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
}

/** `destination` defaults to stdout; tests pass a stream to read the lines back. */
export function createLogger(name: string, level: string, destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, mixin: traceCorrelation };
  return destination ? pino(options, destination) : pino(options);
}
