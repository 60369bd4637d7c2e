/** The change feed's settings from the environment (README, Configuration), validated once. */
import { ConfigError, envInteger, envString } from '../../config/env';
import { DEFAULT_EVENTS_OPTIONS, type EventsOptions } from './events-module';
import { loadSigner } from './set/signing-key';

export type EventsSettings = Pick<EventsOptions, 'retentionHours' | 'issuer' | 'signer' | 'push'>;

export function eventsFromEnv(env: NodeJS.ProcessEnv): EventsSettings {
  const defaults = DEFAULT_EVENTS_OPTIONS.push;
  const baseMs = envInteger(env, 'EVENTS_PUSH_RETRY_BASE_MS', defaults.backoff.baseMs, { min: 10, max: 600_000 });
  const maxMs = envInteger(env, 'EVENTS_PUSH_RETRY_MAX_MS', defaults.backoff.maxMs, { min: 10, max: 86_400_000 });
  if (maxMs < baseMs) throw new ConfigError('EVENTS_PUSH_RETRY_MAX_MS must not be below EVENTS_PUSH_RETRY_BASE_MS.');
  const requestTimeoutMs = envInteger(env, 'EVENTS_PUSH_TIMEOUT_MS', defaults.requestTimeoutMs, { min: 100, max: 120_000 });
  let signer: EventsOptions['signer'];
  try {
    signer = loadSigner(env.EVENTS_SIGNING_KEY_FILE || undefined, env.EVENTS_SIGNING_KEY_ID || undefined);
  } catch (error) {
    throw new ConfigError(`EVENTS_SIGNING_KEY_FILE: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    retentionHours: envInteger(env, 'EVENTS_RETENTION_HOURS', DEFAULT_EVENTS_OPTIONS.retentionHours, { min: 1, max: 87_600 }),
    issuer: envString(env, 'EVENTS_ISSUER', DEFAULT_EVENTS_OPTIONS.issuer),
    signer,
    push: {
      ...defaults,
      concurrency: envInteger(env, 'EVENTS_PUSH_CONCURRENCY', defaults.concurrency, { min: 1, max: 64 }),
      requestTimeoutMs,
      // A lease outlives any POST, so that a receiver is never served twice at once.
      leaseMs: Math.max(defaults.leaseMs, 3 * requestTimeoutMs),
      backoff: { baseMs, maxMs },
    },
  };
}
