import { Metadata, status } from '@grpc/grpc-js';
import { InvalidValueError, StoreUnavailableError } from '../../services/identity/errors/scim-errors';
import { encodeStatusDetails } from '../../services/identity/errors/status-details';
import { HTTP_STATUS_BY_GRPC_CODE, toHttpFailure } from './error-status';
import { ScimHttpError } from './scim-error';

const grpcError = (code: status, details?: { reason: string; scimType?: string; retryAfterSeconds?: number; detail?: string }) => ({
  code,
  details: 'driver says: secret internals',
  metadata: details ? encodeStatusDetails({ code, detail: details.detail ?? 'safe detail', ...details }) : new Metadata(),
});

describe('the gRPC → HTTP status table (CONTRACT-SKETCH)', () => {
  it.each([
    [status.INVALID_ARGUMENT, 400],
    [status.UNAUTHENTICATED, 401],
    [status.PERMISSION_DENIED, 403],
    [status.NOT_FOUND, 404],
    [status.ALREADY_EXISTS, 409],
    [status.ABORTED, 412],
    [status.RESOURCE_EXHAUSTED, 429],
    [status.UNIMPLEMENTED, 501],
    [status.UNAVAILABLE, 503],
    [status.DEADLINE_EXCEEDED, 504],
    [status.INTERNAL, 500],
    [status.UNKNOWN, 500],
    [status.FAILED_PRECONDITION, 400],
  ])('maps code %s to %s', (code, http) => {
    expect(HTTP_STATUS_BY_GRPC_CODE[code]).toBe(http);
    expect(toHttpFailure(grpcError(code, { reason: 'X' }), 'r1').status).toBe(http);
  });

  it('tells 413 from 429 by the reason', () => {
    expect(toHttpFailure(grpcError(status.RESOURCE_EXHAUSTED, { reason: 'TOO_LARGE' }), 'r').status).toBe(413);
    expect(toHttpFailure(grpcError(status.RESOURCE_EXHAUSTED, { reason: 'RATE_LIMITED', retryAfterSeconds: 7 }), 'r')).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '7' },
    });
  });

  it('answers a message over the gRPC size limit (no service details) with 500 and what to ask instead, never 429', () => {
    const failure = toHttpFailure(grpcError(status.RESOURCE_EXHAUSTED), 'r');
    expect(failure).toMatchObject({ status: 500, headers: {}, unexpected: true });
    expect(failure.detail).toMatch(/GRPC_MAX_MESSAGE_BYTES.*excludedAttributes=members/);
  });

  it('answers an unresolvable bulkId reference with 409 (RFC 7644 §3.7.1), other failed preconditions with 400', () => {
    expect(toHttpFailure(grpcError(status.FAILED_PRECONDITION, { reason: 'BULK_REFERENCE' }), 'r').status).toBe(409);
    expect(toHttpFailure(grpcError(status.FAILED_PRECONDITION, { reason: 'FAILED_PRECONDITION' }), 'r').status).toBe(400);
  });

  it('takes scimType from the details and detail from the status, never the driver message', () => {
    const failure = toHttpFailure(grpcError(status.ALREADY_EXISTS, { reason: 'UNIQUENESS', scimType: 'uniqueness', detail: 'userName is taken' }), 'r');
    expect(failure).toMatchObject({ status: 409, scimType: 'uniqueness', detail: 'userName is taken', unexpected: false });
  });

  it('hides internals of unexpected failures behind the request id', () => {
    const failure = toHttpFailure(grpcError(status.INTERNAL, { reason: 'INTERNAL', detail: 'boom at line 3' }), 'req-9');
    expect(failure).toMatchObject({ status: 500, detail: 'Internal error (request req-9).', unexpected: true });
    expect(toHttpFailure(new TypeError('x is undefined'), 'req-10')).toMatchObject({ status: 500, detail: 'Internal error (request req-10).' });
    expect(toHttpFailure(grpcError(status.INVALID_ARGUMENT), 'req-11').detail).toBe('Internal error (request req-11).');
  });

  it('answers 503 with Retry-After', () => {
    expect(toHttpFailure(grpcError(status.UNAVAILABLE), 'r')).toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
    expect(toHttpFailure(new StoreUnavailableError(), 'r')).toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
  });

  it('maps the shared core\'s errors and the adapter\'s own', () => {
    expect(toHttpFailure(new InvalidValueError('bad', 'title'), 'r')).toMatchObject({ status: 400, scimType: 'invalidValue', detail: 'bad' });
    expect(toHttpFailure(new ScimHttpError(405, 'no', undefined, { Allow: 'GET' }), 'r')).toMatchObject({ status: 405, headers: { Allow: 'GET' } });
  });
});
