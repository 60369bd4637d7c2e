/** Durations as operators type them: `90d`, `24h`, `30m`, `45s`, or `0`. */
import type { Duration } from '../../proto/gen/google/protobuf/duration';
import { UsageError, optionalString, type CommandInput } from './command';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds as a Duration message; undefined (and the caller reports a usage error) for anything else. */
export function parseDuration(text: string): Duration | undefined {
  if (text === '0') return { seconds: 0, nanos: 0 };
  const match = /^(\d{1,7})([smhd])$/.exec(text);
  return match ? { seconds: Number(match[1]) * UNIT_SECONDS[match[2]], nanos: 0 } : undefined;
}

/** The duration option `name`, if given; a usage error naming `examples` for anything but a duration. */
export function durationOption(input: CommandInput, name: string, examples: string): Duration | undefined {
  const text = optionalString(input, name);
  if (text === undefined) return undefined;
  const parsed = parseDuration(text);
  if (!parsed) throw new UsageError(`--${name} takes a duration such as ${examples}, not ${JSON.stringify(text)}.`);
  return parsed;
}

/** A point in time: an ISO 8601 date-time, or a duration meaning that long ago (`24h`). */
export function parseTime(text: string, now: Date): Date | undefined {
  const ago = parseDuration(text);
  if (ago) return new Date(now.getTime() - (ago.seconds ?? 0) * 1000);
  const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time : undefined;
}
