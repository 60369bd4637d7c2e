/**
 * The BulkRequest message (RFC 7644 §3.7) read into an ExecuteBulkRequest. Only the
 * envelope is judged here (a body that is not a BulkRequest fails the whole request);
 * each operation travels as sent and the identity service judges it, so that a
 * malformed operation fails alone, with the status a single request would get.
 *
 * Member names are matched in any case (RFC 7643 §2.1); `schemas`, when present, must
 * be an array of strings whose content is not checked, as for PatchOp (patch-request.ts).
 */
import { BulkOperation_Method, type BulkOperation, type ExecuteBulkRequest } from '../../proto/gen/openscim/identity/v1/bulk_service';
import { messageMember } from '../../services/identity/scim/resource/message-member';
import { isPlainObject } from '../../services/identity/scim/resource/scim-json';
import { ScimHttpError } from './scim-error';

export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

const METHODS: Record<string, BulkOperation_Method> = {
  POST: BulkOperation_Method.METHOD_POST,
  PUT: BulkOperation_Method.METHOD_PUT,
  PATCH: BulkOperation_Method.METHOD_PATCH,
  DELETE: BulkOperation_Method.METHOD_DELETE,
};

/** The member `name` of `object` in any case; two spellings of it are ambiguous (400 invalidSyntax). */
const member = (object: Record<string, unknown>, name: string): unknown => messageMember(object, name, 'The bulk request').value;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The operations of a BulkRequest body, before they are read: for the limits. */
export function bulkOperationsOf(body: unknown): unknown[] {
  if (!isPlainObject(body)) throw new ScimHttpError(400, `A bulk request body must be a JSON object: a ${BULK_REQUEST_SCHEMA} message.`, 'invalidSyntax');
  const schemas = member(body, 'schemas');
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.every((urn) => typeof urn === 'string'))) {
    throw new ScimHttpError(400, `schemas must be an array of URNs, such as ["${BULK_REQUEST_SCHEMA}"].`, 'invalidSyntax');
  }
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations)) throw new ScimHttpError(400, 'A bulk request needs Operations, an array of operations (RFC 7644 §3.7).', 'invalidSyntax');
  return operations;
}

/** The ExecuteBulkRequest of a BulkRequest body whose operations bulkOperationsOf gave. */
export function executeBulkRequest(body: Record<string, unknown>, operations: unknown[]): ExecuteBulkRequest {
  const failOnErrors = member(body, 'failOnErrors');
  if (failOnErrors !== undefined && !(Number.isInteger(failOnErrors) && (failOnErrors as number) >= 0)) {
    throw new ScimHttpError(400, 'failOnErrors must be a whole number of 0 or more (RFC 7644 §3.7).', 'invalidValue');
  }
  return { operations: operations.map(bulkOperation), failOnErrors: failOnErrors as number | undefined };
}

function bulkOperation(raw: unknown): BulkOperation {
  // An operation that is not an object has no method: the service fails it alone.
  if (!isPlainObject(raw)) return { method: BulkOperation_Method.METHOD_UNSPECIFIED };
  const method = member(raw, 'method');
  const data = member(raw, 'data');
  return {
    method: (typeof method === 'string' && METHODS[method]) || BulkOperation_Method.METHOD_UNSPECIFIED,
    path: text(member(raw, 'path')),
    bulkId: text(member(raw, 'bulkId')),
    version: text(member(raw, 'version')),
    ...(data === undefined ? {} : { data }),
  };
}
