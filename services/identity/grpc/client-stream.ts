/**
 * unary.ts for client-streaming calls (BulkService.ImportResources): the handler gets
 * the requests as an async iterable and the call context, returns the response, and
 * throws to fail. Served inside a SERVER span, only once the call guard has admitted
 * the call, errors through the one translation to a gRPC status. A call the client
 * cancels ends the iteration (grpc-js destroys the stream); nothing is answered then.
 */
import { status, type handleClientStreamingCall, type sendUnaryData, type ServerReadableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ATTR_REQUEST_ID, ATTR_TENANT_ID } from '../../observability/attributes';
import { traceServerCall, type ServedCall } from '../../observability/grpc-tracing';
import { toGrpcStatus } from '../errors/to-grpc-status';
import { requestIdOf, type CallContext } from './call-context';
import type { CallGuard } from './call-guard';
import { servedFailure } from './served-failure';

export type ClientStreamHandler<Req, Res> = (requests: AsyncIterable<Req>, context: CallContext) => Promise<Res>;

/** For the tenant-scoped services: the context names the tenant. */
export function clientStreamFactory(log: Logger, guard: CallGuard) {
  return function clientStream<Req, Res>(handler: ClientStreamHandler<Req, Res>): handleClientStreamingCall<Req, Res> {
    return (call: ServerReadableStream<Req, Res>, callback: sendUnaryData<Res>) => {
      const requestId = requestIdOf(call.metadata);
      void traceServerCall(call.getPath(), call.metadata, async (span): Promise<ServedCall> => {
        span.setAttribute(ATTR_REQUEST_ID, requestId);
        const cancelled = new AbortController();
        call.once('cancelled', () => cancelled.abort());
        let response: Res;
        try {
          const context = await guard.admitTenantCall(call, requestId);
          span.setAttribute(ATTR_TENANT_ID, context.tenant);
          response = await handler(call, { ...context, signal: cancelled.signal });
        } catch (error) {
          if (cancelled.signal.aborted) return { code: status.CANCELLED };
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

export type ClientStream = ReturnType<typeof clientStreamFactory>;
