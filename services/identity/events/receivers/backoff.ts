/**
 * How long a push receiver waits after failures in a row: exponential from `baseMs`,
 * capped at `maxMs`, with "equal jitter" (half fixed, half random) so that receivers
 * that failed together do not retry together, yet never retry sooner than half the step.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(step / 2 + random() * (step / 2));
}
