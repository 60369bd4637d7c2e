/**
 * SCIM dateTime values (RFC 7643 §2.3.5: an xsd:dateTime, as in
 * "2008-01-23T04:56:22Z") read as instants, so that filters compare them
 * chronologically (RFC 7644 §3.4.2.2) whatever offset each side was written with.
 *
 * Decisions, shared by the resolver, the evaluator and the store compilers:
 * - precision is the millisecond, that of JavaScript and BSON dates; further fraction
 *   digits are truncated, so "…:34.0009Z" and "…:34Z" are the same instant;
 * - a value without an offset is read as UTC (xsd:dateTime leaves it unspecified);
 * - `T` and `Z` may be lower-case (RFC 3339 §5.6); leap seconds (":60") and years
 *   outside 0000–9999 are refused.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Offset east of UTC in minutes, or undefined when out of range. */
function offsetMinutes(offset: string | undefined): number | undefined {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 0;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (offset[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Milliseconds since 1970-01-01T00:00:00Z, or undefined when `text` is not a dateTime. */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const offset = offsetMinutes(match[8]);
  if (
    offset === undefined ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  const millisecond = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  // setUTCFullYear, unlike Date.UTC, does not move years 0–99 to 1900–1999.
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute, second, millisecond);
  return instant.getTime() - offset * 60_000;
}
