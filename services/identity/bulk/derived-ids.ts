/**
 * Ids derived from what a resource is created by, rather than drawn at random: the
 * same bulk POST (or imported resource) always gets the same id, so a retry finds what
 * an earlier attempt created instead of creating it twice (bulk-executor.ts). They are
 * SHA-256 digests in UUID form (RFC 9562 version 8, the custom-hash version), so they
 * look like every other id the service hands out.
 */
import { createHash } from 'node:crypto';

export function derivedId(parts: string[]): string {
  const digest = createHash('sha256');
  // Length-prefixed, so that ['ab', 'c'] and ['a', 'bc'] differ.
  for (const part of parts) digest.update(`${Buffer.byteLength(part)}:${part}`);
  const bytes = digest.digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * JSON with object keys sorted at every level: equal values give equal text whatever
 * order their keys arrived in (a google.protobuf.Struct does not keep it).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
