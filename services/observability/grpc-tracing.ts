/**
 * Traces across the gRPC hop, explicitly rather than through the grpc-js
 * instrumentation's require hooks (which never see modules that a test runner loads
 * itself): a client interceptor opens a CLIENT span and writes the W3C trace context
 * into the call metadata (`traceparent`); the server reads it back and opens the
 * SERVER span as its remote child, so one SCIM request is one trace across processes.
 */
import { InterceptingCall, Metadata, status, type Interceptor, type StatusObject } from '@grpc/grpc-js';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { ATTR_ERROR_REASON, ATTR_RPC_GRPC_STATUS_CODE, ATTR_RPC_METHOD, ATTR_RPC_SERVICE, ATTR_RPC_SYSTEM, ATTR_SCIM_TYPE } from './attributes';
import { recordRpcServerCall } from './metrics';
import { tracer } from './tracing';

const metadataSetter: TextMapSetter<Metadata> = {
  set: (metadata, key, value) => metadata.set(key, value),
};

const metadataGetter: TextMapGetter<Metadata> = {
  keys: (metadata) => Object.keys(metadata.getMap()),
  get: (metadata, key) => {
    const values = metadata.get(key).filter((value): value is string => typeof value === 'string');
    return values.length > 0 ? values : undefined;
  },
};

/** `/openscim.identity.v1.UserService/CreateUser` → its service and method. */
function splitPath(path: string): { service: string; method: string } {
  const [, service = '', method = ''] = /^\/?([^/]*)\/(.*)$/.exec(path) ?? [];
  return { service, method };
}

function rpcAttributes(path: string) {
  const { service, method } = splitPath(path);
  return { [ATTR_RPC_SYSTEM]: 'grpc', [ATTR_RPC_SERVICE]: service, [ATTR_RPC_METHOD]: method };
}

/** Opens a CLIENT span per call, propagates it in the metadata, and closes it with the call's status code. */
export function grpcClientTracing(): Interceptor {
  return (options, nextCall) => {
    const path = options.method_definition.path;
    const span = tracer.startSpan(path.replace(/^\//, ''), { kind: SpanKind.CLIENT, attributes: rpcAttributes(path) });
    return new InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        propagation.inject(trace.setSpan(context.active(), span), metadata, metadataSetter);
        next(metadata, {
          onReceiveStatus(received: StatusObject, nextStatus) {
            span.setAttribute(ATTR_RPC_GRPC_STATUS_CODE, received.code);
            // A client sees any status but OK as a failed call.
            if (received.code !== status.OK) span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            nextStatus(received);
          },
        });
      },
    });
  };
}

/** How a served call ended: its status code and, for a SCIM failure, the scimType and ErrorReason. */
export interface ServedCall {
  code: status;
  scimType?: string;
  reason?: string;
}

/** Codes that are the server's fault, the only ones that mark a SERVER span failed (OpenTelemetry's gRPC conventions). */
const SERVER_FAULTS = new Set([status.UNKNOWN, status.DEADLINE_EXCEEDED, status.UNIMPLEMENTED, status.INTERNAL, status.UNAVAILABLE, status.DATA_LOSS]);

/**
 * Serves one call inside a SERVER span that continues the caller's trace from the
 * metadata, and records the call's duration by method and status code. `serve` must
 * answer the call itself and resolve with how it ended, never reject.
 */
export async function traceServerCall(path: string, metadata: Metadata, serve: (span: Span) => Promise<ServedCall>): Promise<void> {
  const started = performance.now();
  const parent = propagation.extract(ROOT_CONTEXT, metadata, metadataGetter);
  const attributes = rpcAttributes(path);
  const span = tracer.startSpan(path.replace(/^\//, ''), { kind: SpanKind.SERVER, attributes }, parent);
  const served = await context.with(trace.setSpan(parent, span), () => serve(span));
  span.setAttribute(ATTR_RPC_GRPC_STATUS_CODE, served.code);
  if (served.scimType) span.setAttribute(ATTR_SCIM_TYPE, served.scimType);
  if (served.reason) span.setAttribute(ATTR_ERROR_REASON, served.reason);
  if (SERVER_FAULTS.has(served.code)) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  recordRpcServerCall({ service: attributes[ATTR_RPC_SERVICE], method: attributes[ATTR_RPC_METHOD], code: served.code }, (performance.now() - started) / 1000);
}
