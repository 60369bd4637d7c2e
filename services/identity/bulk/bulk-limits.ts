/**
 * The limits of one bulk request (RFC 7644 §3.7.4: the service provider "MUST define
 * the maximum number of operations and maximum payload size"), advertised in
 * ServiceProviderConfig and enforced with 413: the operations by the identity service,
 * the payload by the SCIM adapter, which reads the body. The values are RFC 7643
 * §8.5's example configuration.
 */
export const BULK_MAX_OPERATIONS = 1000;
export const BULK_MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * The most creates a bulk request or an import runs at once, when they commute
 * (bulk-plan.ts): enough to hide a store's round trip or a password's hash, few enough
 * to leave room for other requests.
 */
export const CONCURRENT_CREATES = 8;
