/**
 * The BulkResponse message (RFC 7644 §3.7.3) from the identity service's results.
 * Each operation's `status` is, as a string, "the HTTP response code that would have
 * been returned if a single HTTP request would have been used": 201 for POST, 200 for
 * PUT and for PATCH of a user, 204 for PATCH of a group (routes/resources.ts answers a
 * group PATCH without a body) and for DELETE; a failure's status comes from THE
 * error-status table and its `response` is the SCIM error body. `location` is the
 * resource's absolute URL under the base URL the client used, for every operation but a
 * failed POST.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import { BulkOperation_Method, type BulkOperationResult } from '../../proto/gen/openscim/identity/v1/bulk_service';
import { fromRpcStatus } from '../../services/identity/errors/status-details';
import type { ScimJson } from '../../services/identity/scim/resource/scim-json';
import { detailedFailure } from './error-status';
import { errorBody } from './scim-error';

export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

const METHOD_NAMES: Partial<Record<BulkOperation_Method, string>> = {
  [BulkOperation_Method.METHOD_POST]: 'POST',
  [BulkOperation_Method.METHOD_PUT]: 'PUT',
  [BulkOperation_Method.METHOD_PATCH]: 'PATCH',
  [BulkOperation_Method.METHOD_DELETE]: 'DELETE',
};

const ENDPOINTS: Record<string, string> = { User: '/Users', Group: '/Groups' };

/** `base` is the SCIM base URL the client used; `requestId` names the request in the detail of a 5xx. */
export function bulkResponse(results: BulkOperationResult[], base: string, requestId: string): ScimJson {
  return { schemas: [BULK_RESPONSE_SCHEMA], Operations: results.map((result) => operationResponse(result, base, requestId)) };
}

function operationResponse(result: BulkOperationResult, base: string, requestId: string): ScimJson {
  const method = METHOD_NAMES[result.method ?? BulkOperation_Method.METHOD_UNSPECIFIED];
  const endpoint = ENDPOINTS[result.resourceType ?? ''];
  const rendered: ScimJson = {
    ...(endpoint && result.id ? { location: `${base}${endpoint}/${encodeURIComponent(result.id)}` } : {}),
    ...(method ? { method } : {}),
    ...(result.bulkId ? { bulkId: result.bulkId } : {}),
    ...(result.version ? { version: result.version } : {}),
  };
  if (!result.error) return { ...rendered, status: String(successStatus(method, result.resourceType)) };
  const failure = detailedFailure((result.error.code ?? grpcStatus.UNKNOWN) as grpcStatus, fromRpcStatus(result.error), requestId);
  return { ...rendered, status: String(failure.status), response: errorBody(failure.status, failure.detail, failure.scimType) };
}

function successStatus(method: string | undefined, resourceType: string | undefined): number {
  switch (method) {
    case 'POST':
      return 201;
    case 'PATCH':
      return resourceType === 'Group' ? 204 : 200;
    case 'DELETE':
      return 204;
    default:
      return 200;
  }
}
