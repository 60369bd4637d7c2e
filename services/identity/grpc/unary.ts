/**
 * The one wrapper between grpc-js callbacks and the async handlers, so that a
 * handler reads as a paragraph: it gets the request and the call context, returns
 * the response, and throws to fail. Each call is served inside a SERVER span that
 * continues the caller's trace (the traceparent in its metadata), and only once the
 * call guard has admitted it (call-guard.ts): no handler runs for an unauthenticated call.
 */
import { status, type handleUnaryCall, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ATTR_REQUEST_ID, ATTR_TENANT_ID } from '../../observability/attributes';
import { traceServerCall, type ServedCall } from '../../observability/grpc-tracing';
import { toGrpcStatus } from '../errors/to-grpc-status';
import { requestIdOf, type CallContext, type CallerContext } from './call-context';
import type { CallGuard } from './call-guard';
import { servedFailure } from './served-failure';

export type UnaryHandler<Req, Res, Context = CallContext> = (request: Req, context: Context) => Promise<Res>;

type Admit<Context> = (call: ServerUnaryCall<unknown, unknown>, requestId: string) => Promise<Context>;

/** For the tenant-scoped services (users, groups, discovery, bulk, events): the context names the tenant. */
export function unaryFactory(log: Logger, guard: CallGuard) {
  return wrapperFactory<CallContext>(log, (call, requestId) => guard.admitTenantCall(call, requestId));
}

/** For AdminService and AuthService, whose calls name no tenant in their metadata. */
export function operatorUnaryFactory(log: Logger, guard: CallGuard) {
  return wrapperFactory<CallerContext>(log, (call, requestId) => guard.admitOperatorCall(call, requestId));
}

function wrapperFactory<Context extends CallerContext>(log: Logger, admit: Admit<Context>) {
  return function unary<Req, Res>(handler: UnaryHandler<Req, Res, Context>): handleUnaryCall<Req, Res> {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      const requestId = requestIdOf(call.metadata);
      void traceServerCall(call.getPath(), call.metadata, async (span): Promise<ServedCall> => {
        span.setAttribute(ATTR_REQUEST_ID, requestId);
        let response: Res;
        const cancelled = new AbortController();
        call.once('cancelled', () => cancelled.abort());
        try {
          const context = await admit(call, requestId);
          if ('tenant' in context && typeof context.tenant === 'string') span.setAttribute(ATTR_TENANT_ID, context.tenant);
          response = await handler(call.request, { ...context, signal: cancelled.signal });
        } catch (error) {
          const failure = toGrpcStatus(error, requestId, log);
          callback(failure);
          return servedFailure(error, failure);
        }
        callback(null, response);
        return { code: status.OK };
      });
    };
  };
}

export type Unary = ReturnType<typeof unaryFactory>;
export type OperatorUnary = ReturnType<typeof operatorUnaryFactory>;
