/** Checks of the durations operators give to tokens and credentials. */
import { InvalidValueError } from '../errors/scim-errors';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const MAX_DESCRIPTION = 200;

/** A lifetime from 1 minute to 10 years, or `fallback` when none was given. */
export function checkedTtl(ttlMs: number | undefined, fallback: number | undefined, field: string): number | undefined {
  if (ttlMs === undefined) return fallback;
  if (!Number.isFinite(ttlMs) || ttlMs < MINUTE_MS || ttlMs > 3650 * DAY_MS) {
    throw new InvalidValueError(`${field} must be from 1 minute to 10 years.`, field);
  }
  return ttlMs;
}

export function checkedDescription(description: string): string {
  if (description.length > MAX_DESCRIPTION || /[\u0000-\u001f\u007f]/.test(description)) {
    throw new InvalidValueError(`A description has at most ${MAX_DESCRIPTION} characters and no control characters.`, 'description');
  }
  return description;
}

/** Neither revoked nor past its expiry. */
export function isActive(record: { revoked?: Date; expires?: Date }, now: Date): boolean {
  return record.revoked === undefined && (record.expires === undefined || record.expires.getTime() > now.getTime());
}

/** Last-use times are kept to within a minute, so that a busy token costs one write a minute, not one per request. */
export function lastUseIsStale(lastUsed: Date | undefined, now: Date): boolean {
  return lastUsed === undefined || now.getTime() - lastUsed.getTime() >= MINUTE_MS;
}
