/** The bounds of an RFC 8936 poll, shared by the identity service and the SCIM adapter that serves polls. */

export const DEFAULT_POLL_EVENTS = 100;
export const MAX_POLL_EVENTS = 1000;
/** How long a poll without returnImmediately waits for a SET; the adapter's deadline for a poll allows for it. */
export const LONG_POLL_WAIT_MS = 5000;
