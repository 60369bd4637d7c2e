/**
 * Resource versions as weak entity tags (RFC 7644 §3.14, RFC 7232 §2.3): version 7
 * is `W/"7"`. Conditional requests pass the client's If-Match value verbatim.
 */

export function formatVersion(version: number): string {
  return `W/"${version}"`;
}

/**
 * Whether an If-Match value matches `version`: `*`, or a comma-separated list of
 * tags one of which is this version. Weak comparison, so `"7"` and `W/"7"` both
 * match: SCIM versions are weak by definition.
 */
export function etagMatches(ifMatch: string, version: number): boolean {
  const value = ifMatch.trim();
  if (value === '*') return true;
  return value.split(',').some((tag) => tag.trim().replace(/^W\//i, '') === `"${version}"`);
}
