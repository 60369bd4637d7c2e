/**
 * The span and metric attribute names this service uses beyond the stable semantic
 * conventions (which come from @opentelemetry/semantic-conventions). The RPC names are
 * the ones gRPC instrumentations have long emitted and backends understand; they are
 * copied here rather than imported from the package's unstable `incubating` entry,
 * as its authors advise.
 *
 * What may be an attribute: ids of tenants and requests, names of resource types,
 * operations, attributes and error reasons, counts and codes. Never a token, a
 * password or an attribute value (a filter's text holds values: only its attribute
 * names are recorded).
 */

export const ATTR_RPC_SYSTEM = 'rpc.system';
export const ATTR_RPC_SERVICE = 'rpc.service';
export const ATTR_RPC_METHOD = 'rpc.method';
export const ATTR_RPC_GRPC_STATUS_CODE = 'rpc.grpc.status_code';

export const ATTR_TENANT_ID = 'openscim.tenant.id';
export const ATTR_REQUEST_ID = 'openscim.request.id';
/** The ErrorReason of an expected failure (UNIQUENESS, NOT_FOUND, …). */
export const ATTR_ERROR_REASON = 'openscim.error.reason';
/** `users`, `groups` or `memberships`: the part of the store port called. */
export const ATTR_STORE_COLLECTION = 'openscim.store.collection';
/** The store port method: insert, get, list, replace, delete, listMembers, … */
export const ATTR_STORE_OPERATION = 'openscim.store.operation';

/** `User` or `Group`. */
export const ATTR_SCIM_RESOURCE_TYPE = 'scim.resource_type';
/** The RFC 7644 operation: create, get, list, replace, delete (and patch). */
export const ATTR_SCIM_OPERATION = 'scim.operation';
/** The scimType of a failed request (RFC 7644 §3.12), e.g. `uniqueness`. */
export const ATTR_SCIM_TYPE = 'scim.type';
/** How many resources an operation returned (a list page, a store read). */
export const ATTR_SCIM_RESULT_COUNT = 'scim.result_count';
/** A list's totalResults, when it was counted. */
export const ATTR_SCIM_TOTAL_RESULTS = 'scim.total_results';
/** The canonical attribute paths a filter names, sorted: `["emails.value", "userName"]`. */
export const ATTR_SCIM_FILTER_ATTRIBUTES = 'scim.filter.attributes';
/** How many operations a PATCH request carries. */
export const ATTR_SCIM_PATCH_OPERATIONS = 'scim.patch.operations';
