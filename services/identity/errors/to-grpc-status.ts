/**
 * THE one place where a failure becomes a gRPC status. Expected failures
 * (IdentityError) keep their code and details; anything else is logged with its
 * stack and leaves as INTERNAL with only a request id, so no stack trace or driver
 * message ever reaches a client.
 */
import { status, type StatusObject } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { EtagMismatchError } from './scim-errors';
import { IdentityError } from './identity-error';
import { encodeStatusDetails } from './status-details';

export function toGrpcStatus(error: unknown, requestId: string, log: Logger): Partial<StatusObject> {
  if (error instanceof IdentityError) {
    const metadata = encodeStatusDetails({
      code: error.code,
      detail: error.message,
      reason: error.reason,
      scimType: error.scimType,
      attribute: error.attribute,
      retryAfterSeconds: error.retryAfterSeconds,
      currentVersion: error instanceof EtagMismatchError ? error.currentVersion : undefined,
    });
    return { code: error.code, details: error.message, metadata };
  }
  log.error({ err: error, requestId }, 'unexpected error');
  const detail = `Internal error (request ${requestId}).`;
  return { code: status.INTERNAL, details: detail, metadata: encodeStatusDetails({ code: status.INTERNAL, detail, reason: 'INTERNAL' }) };
}
