/** An error the adapter itself answers (auth, routing, body parsing), in SCIM form. */
import type { ScimType } from '../../services/identity/errors/identity-error';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export class ScimHttpError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/**
 * A route handler for the methods a path does not serve: the path exists, so 405 with
 * the Allow header (RFC 9110 §15.5.6) rather than 404. `allowed` is the header's value.
 */
export function methodNotAllowed(allowed: string): () => never {
  return () => {
    throw new ScimHttpError(405, `Allowed methods here: ${allowed}.`, undefined, { Allow: allowed });
  };
}

/** RFC 7644 §3.12: `status` is a string; `scimType` only where §3.12 defines one. */
export function errorBody(status: number, detail: string, scimType?: string) {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}
