/**
 * The one wrapper between grpc-js callbacks and the async handlers, so that a
 * handler reads as a paragraph: it gets the request and the call context, returns
 * the response, and throws to fail.
 */
import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { toGrpcStatus } from '../errors/to-grpc-status';
import { callContext, requestIdOf, type CallContext } from './call-context';

export type UnaryHandler<Req, Res> = (request: Req, context: CallContext) => Promise<Res>;

export function unaryFactory(log: Logger) {
  return function unary<Req, Res>(handler: UnaryHandler<Req, Res>): handleUnaryCall<Req, Res> {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      const requestId = requestIdOf(call.metadata);
      Promise.resolve()
        .then(() => handler(call.request, callContext(call.metadata, requestId)))
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(toGrpcStatus(error, requestId, log)),
        );
    };
  };
}

export type Unary = ReturnType<typeof unaryFactory>;
