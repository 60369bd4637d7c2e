/**
 * THE table from gRPC status codes to HTTP statuses (CONTRACT-SKETCH), and the one
 * translation of any failure into a SCIM error response. The HTTP status comes from
 * the code (with the reason only to tell 413 from 429, a bulk reference's 409 from
 * other failed preconditions, and the adapter's own refused credential from a
 * client's failure), the scimType from the ErrorInfo metadata; the message text is
 * never parsed.
 */
import { status } from '@grpc/grpc-js';
import { IdentityError } from '../../services/identity/errors/identity-error';
import { decodeStatusDetails, type StatusDetails } from '../../services/identity/errors/status-details';
import { ScimHttpError } from './scim-error';

export const HTTP_STATUS_BY_GRPC_CODE = {
  [status.OK]: 200,
  [status.CANCELLED]: 503,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 412,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
} satisfies Record<status, number>;

/**
 * RESOURCE_EXHAUSTED without the service's details is grpc-js refusing a message over
 * GRPC_MAX_MESSAGE_BYTES (services/config/grpc-message-limit.ts), not a rate limit: a 429
 * would have the IdP retry the same request forever. Asking for less is what works.
 */
const MESSAGE_TOO_LARGE: HttpFailure = {
  status: 500,
  detail:
    'The request or its response is larger than the largest message the SCIM adapter and the identity service exchange ' +
    '(GRPC_MAX_MESSAGE_BYTES). Ask for less: excludedAttributes=members, fewer attributes, or a smaller count.',
  headers: {},
  unexpected: true,
};

/** Seconds a client should wait after a 503 when the service gave no RetryInfo. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

export interface HttpFailure {
  status: number;
  detail: string;
  scimType?: string;
  headers: Record<string, string>;
  /** True when the failure is not the client's: log it. */
  unexpected: boolean;
}

interface GrpcError {
  code: status;
  details?: string;
  metadata?: import('@grpc/grpc-js').Metadata;
}

function isGrpcError(error: unknown): error is GrpcError {
  return typeof error === 'object' && error !== null && 'code' in error && typeof (error as GrpcError).code === 'number' && 'metadata' in error;
}

export function toHttpFailure(error: unknown, requestId: string): HttpFailure {
  if (error instanceof ScimHttpError) {
    return { status: error.status, detail: error.message, scimType: error.scimType, headers: error.headers, unexpected: false };
  }
  if (error instanceof IdentityError) {
    // The shared SCIM core (body normalization) ran in the adapter and refused the input.
    return withRetry(httpStatus(error.code, error.reason), error.message, error.scimType, error.retryAfterSeconds);
  }
  if (isGrpcError(error)) return detailedFailure(error.code as status, decodeStatusDetails(error.metadata), requestId);
  return serverFailure(500, requestId);
}

/**
 * A failure the identity service described with a code and its details: a failed call,
 * or one failed operation of a bulk request. Without details it did not come from the
 * service's own error path, and says nothing.
 */
export function detailedFailure(code: status, details: StatusDetails | undefined, requestId: string): HttpFailure {
  if (code === status.RESOURCE_EXHAUSTED && !details) return MESSAGE_TOO_LARGE;
  const statusCode = httpStatus(code, details?.reason ?? '');
  if (!details || statusCode >= 500) return serverFailure(statusCode, requestId, details?.retryAfterSeconds, details?.detail);
  return withRetry(statusCode, details.detail, details.scimType, details.retryAfterSeconds);
}

function httpStatus(code: status, reason: string): number {
  if (code === status.RESOURCE_EXHAUSTED && reason === 'TOO_LARGE') return 413;
  // RFC 7644 §3.7.1: a bulkId reference that cannot be resolved (circular, or to a failed POST) is 409 (Conflict).
  if (code === status.FAILED_PRECONDITION && reason === 'BULK_REFERENCE') return 409;
  // The identity service refused the adapter's own IDENTITY_API_KEY: a misconfiguration, not the IdP's fault.
  if (code === status.UNAUTHENTICATED && reason === 'INVALID_CREDENTIAL') return 500;
  return HTTP_STATUS_BY_GRPC_CODE[code] ?? 500;
}

function withRetry(statusCode: number, detail: string, scimType: string | undefined, retryAfter: number | undefined): HttpFailure {
  const headers: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {};
  return { status: statusCode, detail, scimType, headers, unexpected: false };
}

/**
 * 5xx: the detail says only what the client can act on. A 503 from the service
 * keeps its own safe detail; anything else is "Internal error" with the request id.
 */
function serverFailure(statusCode: number, requestId: string, retryAfter?: number, serviceDetail?: string): HttpFailure {
  if (statusCode === 503) {
    const detail = serviceDetail || 'The identity service is temporarily unavailable. Retry later.';
    return { status: 503, detail, headers: { 'Retry-After': String(retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS) }, unexpected: false };
  }
  if (statusCode === 504) {
    return { status: 504, detail: 'The identity service did not answer in time. Retry later.', headers: {}, unexpected: true };
  }
  return { status: statusCode, detail: `Internal error (request ${requestId}).`, headers: {}, unexpected: true };
}
