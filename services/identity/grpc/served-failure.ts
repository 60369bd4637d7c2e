/**
 * How a failed call ended, for its SERVER span and call metrics (observability/grpc-tracing.ts):
 * an IdentityError's code, scimType and ErrorReason, or the code of the status it was answered with.
 * Shared by the unary, client-streaming and server-streaming wrappers.
 */
import { status, type StatusObject } from '@grpc/grpc-js';
import type { ServedCall } from '../../observability/grpc-tracing';
import { IdentityError } from '../errors/identity-error';

export function servedFailure(error: unknown, answered: Partial<StatusObject>): ServedCall {
  return error instanceof IdentityError ? { code: error.code, scimType: error.scimType, reason: error.reason } : { code: answered.code ?? status.UNKNOWN };
}
