import { status } from '@grpc/grpc-js';

/** The `scimType` values of RFC 7644 §3.12, and the two RFC 9865 adds for cursor paging. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'invalidCursor'
  | 'expiredCursor';

/**
 * An expected failure of the identity service, in SCIM's vocabulary. Each subclass
 * is one ErrorReason (proto/openscim/identity/v1/error_reason.proto). The message is
 * the SCIM `detail`: English, actionable, safe to show an IdP, and free of attribute
 * values (they are personal data).
 */
export abstract class IdentityError extends Error {
  abstract readonly code: status;
  /** The ErrorReason name without its `ERROR_REASON_` prefix. */
  abstract readonly reason: string;
  readonly scimType?: ScimType;
  /** The canonical SCIM path of the attribute at fault, if one is. */
  readonly attribute?: string;
  /** For UNAVAILABLE and RESOURCE_EXHAUSTED: how long the client should wait. */
  readonly retryAfterSeconds?: number;

  constructor(detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}
