/** One class per ErrorReason. The gRPC code and scimType follow CONTRACT-SKETCH's table. */
import { status } from '@grpc/grpc-js';
import { IdentityError } from './identity-error';

export class InvalidFilterError extends IdentityError {
  readonly code = status.INVALID_ARGUMENT;
  readonly reason = 'INVALID_FILTER';
  override readonly scimType = 'invalidFilter' as const;
  /** `position` is the 0-based offset in the filter where the problem was found. */
  constructor(
    detail: string,
    readonly position?: number,
  ) {
    super(position === undefined ? detail : `${detail} (at position ${position})`);
  }
}

export class TooManyError extends IdentityError {
  readonly code = status.INVALID_ARGUMENT;
  readonly reason = 'TOO_MANY';
  override readonly scimType = 'tooMany' as const;
}

export class InvalidSyntaxError extends IdentityError {
  readonly code = status.INVALID_ARGUMENT;
  readonly reason = 'INVALID_SYNTAX';
  override readonly scimType = 'invalidSyntax' as const;
}

export class InvalidPathError extends IdentityError {
  readonly code = status.INVALID_ARGUMENT;
  readonly reason = 'INVALID_PATH';
  override readonly scimType = 'invalidPath' as const;
  constructor(
    detail: string,
    override readonly attribute?: string,
  ) {
    super(detail);
  }
}

export class NoTargetError extends IdentityError {
  readonly code = status.INVALID_ARGUMENT;
  readonly reason = 'NO_TARGET';
  override readonly scimType = 'noTarget' as const;
  constructor(
    detail: string,
    override readonly attribute?: string,
  ) {
    super(detail);
  }
}

export class InvalidValueError extends IdentityError {
  readonly code = status.INVALID_ARGUMENT;
  readonly reason = 'INVALID_VALUE';
  override readonly scimType = 'invalidValue' as const;
  constructor(
    detail: string,
    override readonly attribute?: string,
  ) {
    super(detail);
  }
}

export class MutabilityError extends IdentityError {
  readonly code = status.INVALID_ARGUMENT;
  readonly reason = 'MUTABILITY';
  override readonly scimType = 'mutability' as const;
  constructor(
    detail: string,
    override readonly attribute?: string,
  ) {
    super(detail);
  }
}

export class UniquenessError extends IdentityError {
  readonly code = status.ALREADY_EXISTS;
  readonly reason = 'UNIQUENESS';
  override readonly scimType = 'uniqueness' as const;
  constructor(override readonly attribute: string) {
    super(`${attribute} is already in use in this tenant.`);
  }
}

export class EtagMismatchError extends IdentityError {
  readonly code = status.ABORTED;
  readonly reason = 'ETAG_MISMATCH';
  constructor(readonly currentVersion: string) {
    super(`The resource has changed: its current version is ${currentVersion}. Read it again and retry.`);
  }
}

export class NotFoundError extends IdentityError {
  readonly code = status.NOT_FOUND;
  readonly reason = 'NOT_FOUND';
  constructor(resourceType: string, id: string) {
    super(`${resourceType} ${JSON.stringify(id.slice(0, 100))} not found.`);
  }
}

export class CursorExpiredError extends IdentityError {
  readonly code = status.FAILED_PRECONDITION;
  readonly reason = 'CURSOR_EXPIRED';
  override readonly scimType = 'expiredCursor' as const;
}

export class InvalidCursorError extends IdentityError {
  readonly code = status.INVALID_ARGUMENT;
  readonly reason = 'INVALID_CURSOR';
  override readonly scimType = 'invalidCursor' as const;
}

export class UnauthenticatedError extends IdentityError {
  readonly code = status.UNAUTHENTICATED;
  readonly reason = 'UNAUTHENTICATED';
}

export class StoreUnavailableError extends IdentityError {
  readonly code = status.UNAVAILABLE;
  readonly reason = 'STORE_UNAVAILABLE';
  override readonly retryAfterSeconds = 5;
  constructor() {
    super('The identity store is temporarily unavailable. Retry later.');
  }
}

/** The caller's own service credential is missing, malformed, unknown, wrong, revoked or expired. */
export class InvalidCredentialError extends IdentityError {
  readonly code = status.UNAUTHENTICATED;
  readonly reason = 'INVALID_CREDENTIAL';
}

/** A valid credential without the access the call needs, or without the tenant it names. */
export class PermissionDeniedError extends IdentityError {
  readonly code = status.PERMISSION_DENIED;
  readonly reason = 'PERMISSION_DENIED';
}

export class FailedPreconditionError extends IdentityError {
  readonly code = status.FAILED_PRECONDITION;
  readonly reason = 'FAILED_PRECONDITION';
}

/** An administrative resource (a tenant) whose id is taken. */
export class AlreadyExistsError extends IdentityError {
  readonly code = status.ALREADY_EXISTS;
  readonly reason = 'ALREADY_EXISTS';
  constructor(resourceType: string, id: string) {
    super(`${resourceType} ${JSON.stringify(id.slice(0, 100))} already exists.`);
  }
}

/** A request larger than the service accepts, such as a bulk request over `bulk.maxOperations` (RFC 7644 §3.7.4: 413). */
export class TooLargeError extends IdentityError {
  readonly code = status.RESOURCE_EXHAUSTED;
  readonly reason = 'TOO_LARGE';
}

/**
 * A bulk operation names `bulkId:<id>` and no POST of the request created a resource
 * with that bulkId: none has it, it failed, or it is part of a circular reference.
 * RFC 7644 §3.7.1 answers a circular reference it cannot resolve with 409 (Conflict).
 */
export class BulkReferenceError extends IdentityError {
  readonly code = status.FAILED_PRECONDITION;
  readonly reason = 'BULK_REFERENCE';
}

/** The change feed no longer holds the events after the position asked for: the consumer must resynchronise. */
export class EventsExpiredError extends IdentityError {
  readonly code = status.FAILED_PRECONDITION;
  readonly reason = 'EVENTS_EXPIRED';
  constructor(after: number, first: number) {
    super(
      `The events after position ${after} have expired (the oldest kept is ${first}). Resynchronise: list users and groups, then watch from now.`,
    );
  }
}
