/**
 * The tracer every module uses and the helpers that run work inside a span. A failed
 * span carries the error's class as `error.type`, never its message: SCIM details
 * and driver messages may quote attribute values. Without a registered SDK the
 * tracer hands out non-recording spans, so instrumented code costs next to nothing.
 */
import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

export const tracer = trace.getTracer('openscim');

/** The class of an error (`UniquenessError`, `SqliteError`), safe to record. */
export function errorType(error: unknown): string {
  return error instanceof Error ? error.constructor.name : typeof error;
}

export function markFailed(span: Span, error: unknown): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** Runs `work` in a new active span that ends when it settles. */
export function traced<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, kind = SpanKind.INTERNAL): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `traced` for synchronous work, such as parsing. */
export function tracedSync<T>(name: string, attributes: Attributes, work: (span: Span) => T): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      return work(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds attributes to the span of the work in progress (a gRPC call's server span, say), if one is recording. */
export function annotateActiveSpan(attributes: Attributes): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttributes(attributes);
}
