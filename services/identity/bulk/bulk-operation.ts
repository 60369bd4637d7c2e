/**
 * One operation of a bulk request (RFC 7644 §3.7), read from its proto form into what
 * it does to which resource. A malformed operation is not an error of the request:
 * it fails on its own, with the error a single request would get, when its turn comes.
 *
 * Decisions where the RFC leaves room:
 * - `path` is matched as the HTTP routes match URLs: the endpoint in any case
 *   (`/users`), the leading slash optional, the id percent-decoded. A POST names an
 *   endpoint and any other method a resource (§3.7); otherwise `invalidValue`. An
 *   endpoint that serves no resource type is 404, as it is over HTTP.
 * - A POST without `bulkId` is accepted (§3.7 makes it REQUIRED, but the meaning is
 *   clear): nothing can refer to it, and its result is known by its position.
 * - PATCH `data` is a PatchOp message, as the body of a single PATCH (§3.7: "as it
 *   would appear for a single SCIM POST, PUT, or PATCH operation"), or the bare array
 *   of operations that §3.7.3's example sends; an errata report against that example
 *   says the message is meant. Both are read as the message.
 * - `version` is an If-Match value; it is ignored on POST.
 */
import { BulkOperation_Method, type BulkOperation } from '../../../proto/gen/openscim/identity/v1/bulk_service';
import type { IdentityError } from '../errors/identity-error';
import { InvalidSyntaxError, InvalidValueError, NotFoundError } from '../errors/scim-errors';
import { PATCH_OP_SCHEMA } from '../scim/patch/apply-patch';
import { isPlainObject } from '../scim/resource/scim-json';

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type BulkResourceType = 'User' | 'Group';

/** The longest bulkId accepted: every input is bounded. */
export const MAX_BULK_ID_LENGTH = 256;

interface OperationBase {
  /** The 0-based position in the request. */
  index: number;
  /** The method as sent, echoed in the result. */
  sentMethod: BulkOperation_Method;
  bulkId: string;
  version: string;
  /** The type the path names, when it names one. */
  resourceType?: BulkResourceType;
  /** The id the path names, when it names one: possibly a `bulkId:` reference. */
  id?: string;
}

/** An operation that cannot run: it fails with `invalid` when its turn comes. */
export interface InvalidOperation extends OperationBase {
  invalid: IdentityError;
  /** Known when the method was: a POST still declares its bulkId, so that references to it say it failed. */
  method?: BulkMethod;
}

export interface ValidOperation extends OperationBase {
  invalid?: undefined;
  method: BulkMethod;
  resourceType: BulkResourceType;
  /** POST and PUT: the resource; PATCH: the PatchOp message. */
  data?: unknown;
}

export type ParsedOperation = InvalidOperation | ValidOperation;

const METHODS: Partial<Record<BulkOperation_Method, BulkMethod>> = {
  [BulkOperation_Method.METHOD_POST]: 'POST',
  [BulkOperation_Method.METHOD_PUT]: 'PUT',
  [BulkOperation_Method.METHOD_PATCH]: 'PATCH',
  [BulkOperation_Method.METHOD_DELETE]: 'DELETE',
};

const ENDPOINTS: Record<string, BulkResourceType> = { users: 'User', groups: 'Group' };

export function parseOperation(operation: BulkOperation, index: number): ParsedOperation {
  const sentMethod = operation.method ?? BulkOperation_Method.METHOD_UNSPECIFIED;
  const base: OperationBase = { index, sentMethod, bulkId: operation.bulkId ?? '', version: operation.version ?? '' };
  const method = METHODS[sentMethod];
  if (!method) return { ...base, invalid: new InvalidSyntaxError('method must be POST, PUT, PATCH or DELETE (RFC 7644 §3.7).') };
  let target: { resourceType?: BulkResourceType; id?: string } = {};
  try {
    if (base.bulkId.length > MAX_BULK_ID_LENGTH) throw new InvalidValueError(`bulkId may hold at most ${MAX_BULK_ID_LENGTH} characters.`, 'bulkId');
    const parsed = parsePath(operation.path ?? '');
    target = parsed;
    if (method === 'POST' && target.id !== undefined) {
      throw new InvalidValueError('POST creates a resource at a resource type endpoint such as /Users, not at the path of a resource (RFC 7644 §3.7).', 'path');
    }
    if (method !== 'POST' && target.id === undefined) {
      throw new InvalidValueError(`${method} needs the path of one resource, such as /Users/{id} (RFC 7644 §3.7).`, 'path');
    }
    return { ...base, method, resourceType: parsed.resourceType, id: parsed.id, data: dataOf(method, operation.data as unknown) };
  } catch (error) {
    return { ...base, method, ...target, invalid: error as IdentityError };
  }
}

function parsePath(path: string): { resourceType: BulkResourceType; id?: string } {
  if (path === '') throw new InvalidValueError('path is required: the resource type endpoint or the resource (RFC 7644 §3.7).', 'path');
  if (/[?#]/.test(path)) throw new InvalidValueError('path names an endpoint or a resource; it takes no query or fragment.', 'path');
  const [endpoint, id, ...rest] = path.replace(/^\//, '').split('/');
  const resourceType = ENDPOINTS[endpoint.toLowerCase()];
  if (!resourceType || rest.length > 0) throw new NotFoundError('SCIM endpoint', path);
  if (id === undefined || id === '') return { resourceType };
  try {
    return { resourceType, id: decodeURIComponent(id) };
  } catch {
    throw new InvalidValueError('path holds a malformed percent-encoding.', 'path');
  }
}

function dataOf(method: BulkMethod, data: unknown): unknown {
  switch (method) {
    case 'DELETE':
      return undefined;
    case 'PATCH':
      // RFC 7644 §3.7.3's example: data is the array of operations.
      if (Array.isArray(data)) return { schemas: [PATCH_OP_SCHEMA], Operations: data };
      if (isPlainObject(data)) return data;
      throw new InvalidSyntaxError('PATCH needs data: a PatchOp message with Operations (RFC 7644 §3.5.2).');
    case 'POST':
    case 'PUT':
      if (isPlainObject(data)) return data;
      throw new InvalidSyntaxError(`${method} needs data: the resource, as the body of a single ${method} (RFC 7644 §3.7).`);
  }
}
