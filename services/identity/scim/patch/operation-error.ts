/** Names the failing operation in an error's detail, keeping its class (and so its scimType). */
import { IdentityError } from '../../errors/identity-error';
import {
  InvalidFilterError,
  InvalidPathError,
  InvalidSyntaxError,
  InvalidValueError,
  MutabilityError,
  NoTargetError,
} from '../../errors/scim-errors';

/**
 * `position` is the operation's 1-based position in Operations. A filter problem inside
 * a PATCH path is invalidPath (RFC 7644 §3.12). Errors that are not IdentityErrors are
 * bugs and pass through untouched, to be reported as such.
 */
export function atOperation(position: number, error: unknown): unknown {
  if (!(error instanceof IdentityError)) return error;
  const detail = `Operation ${position}: ${error.message}`;
  if (error instanceof InvalidPathError || error instanceof InvalidFilterError) return new InvalidPathError(detail, error.attribute);
  if (error instanceof NoTargetError) return new NoTargetError(detail, error.attribute);
  if (error instanceof InvalidValueError) return new InvalidValueError(detail, error.attribute);
  if (error instanceof MutabilityError) return new MutabilityError(detail, error.attribute);
  if (error instanceof InvalidSyntaxError) return new InvalidSyntaxError(detail);
  return error;
}
