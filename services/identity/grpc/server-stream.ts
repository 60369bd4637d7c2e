/**
 * The server-streaming counterpart of unary.ts: the call guard admits the call (a
 * tenant-scoped one), then the handler writes messages through `send`, which waits
 * while the client's flow-control window is full, so that a slow consumer slows its
 * stream instead of filling the server's memory. `signal` aborts when the client
 * cancels or the server stops; a stop ends the stream with UNAVAILABLE, which tells
 * the client to reconnect (to another replica) and resume. Errors become statuses in
 * the one place unary calls use too (errors/to-grpc-status.ts).
 */
import { once } from 'node:events';
import { status, type handleServerStreamingCall, type ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ATTR_REQUEST_ID, ATTR_TENANT_ID } from '../../observability/attributes';
import { traceServerCall, type ServedCall } from '../../observability/grpc-tracing';
import { toGrpcStatus } from '../errors/to-grpc-status';
import { requestIdOf, type CallContext } from './call-context';
import type { CallGuard } from './call-guard';
import { servedFailure } from './served-failure';

export type StreamHandler<Req, Res> = (request: Req, context: CallContext, send: (message: Res) => Promise<void>, signal: AbortSignal) => Promise<void>;

export function serverStreamFactory(log: Logger, guard: CallGuard, stopping: AbortSignal) {
  return function serverStream<Req, Res>(handler: StreamHandler<Req, Res>): handleServerStreamingCall<Req, Res> {
    return (call: ServerWritableStream<Req, Res>) => {
      const requestId = requestIdOf(call.metadata);
      const ended = new AbortController();
      const end = () => ended.abort();
      call.on('cancelled', end);
      call.on('close', end);
      const signal = AbortSignal.any([ended.signal, stopping]);
      const send = async (message: Res) => {
        if (signal.aborted) return;
        if (!call.write(message)) await once(call, 'drain', { signal }).catch(() => undefined);
      };
      void traceServerCall(call.getPath(), call.metadata, async (span): Promise<ServedCall> => {
        span.setAttribute(ATTR_REQUEST_ID, requestId);
        try {
          const context = await guard.admitTenantCall(call, requestId);
          span.setAttribute(ATTR_TENANT_ID, context.tenant);
          await handler(call.request, context, send, signal);
        } catch (error) {
          if (ended.signal.aborted) return { code: status.CANCELLED };
          const failure = toGrpcStatus(error, requestId, log);
          call.emit('error', failure);
          return servedFailure(error, failure);
        } finally {
          call.off('cancelled', end);
        }
        if (ended.signal.aborted) return { code: status.CANCELLED };
        if (stopping.aborted) {
          call.emit('error', { code: status.UNAVAILABLE, details: 'The identity service is stopping: reconnect and resume after the last position received.' });
          return { code: status.UNAVAILABLE };
        }
        call.end();
        return { code: status.OK };
      });
    };
  };
}

export type ServerStream = ReturnType<typeof serverStreamFactory>;
