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

/** RFC 7644 §3.12: `status` is a string; `scimType` only where §3.12 defines one. */
export function errorBody(status: number, detail: string, scimType?: string) {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}
