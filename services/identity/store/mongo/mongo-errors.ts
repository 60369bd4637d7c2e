/**
 * The one place driver errors are read. A failure to reach a usable server becomes
 * StoreUnavailableError (UNAVAILABLE, so the adapter answers 503 with Retry-After); a
 * unique-index violation is told apart for the caller to map; anything else propagates
 * and becomes INTERNAL, so that no driver message reaches a client.
 */
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';
import { StoreUnavailableError } from '../../errors/scim-errors';
import { ferretDbViolatedIndex } from './ferretdb';
import type { IndexSpec } from './mongo-indexes';

/**
 * Server codes that mean "not now, not here": network trouble inside the cluster, a
 * primary stepping down or shutting down, a write concern not met in time.
 */
const UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  64, // WriteConcernFailed (wtimeout)
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

const DUPLICATE_KEY_CODES = new Set([11000, 11001]);

export function isUnavailable(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoWriteConcernError
  ) {
    return true;
  }
  if (error instanceof MongoServerError) {
    return (typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code)) || error.hasErrorLabel('RetryableWriteError');
  }
  return false;
}

/** Runs a store operation, turning "the database cannot be reached" into StoreUnavailableError. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isUnavailable(error)) throw new StoreUnavailableError();
    throw error;
  }
}

function sameKey(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(Object.keys(a)) === JSON.stringify(Object.keys(b));
}

/**
 * The unique index a failed write violated, among `indexes`: `null` when it was a
 * violation but the server did not say of which index (FerretDB, on insert), undefined
 * when `error` is no unique-index violation.
 */
export function violatedIndex(error: unknown, indexes: IndexSpec[]): IndexSpec | null | undefined {
  const ferretName = ferretDbViolatedIndex(error);
  if (ferretName !== undefined) return indexes.find((index) => ferretName.endsWith(`_${index.name}`)) ?? null;
  if (!(error instanceof MongoServerError) || typeof error.code !== 'number' || !DUPLICATE_KEY_CODES.has(error.code)) return undefined;
  const keyPattern: unknown = error.keyPattern;
  if (typeof keyPattern === 'object' && keyPattern !== null) {
    return indexes.find((index) => sameKey(index.key, keyPattern as Record<string, unknown>)) ?? null;
  }
  const name = / index: (\S+) dup key/.exec(error.message)?.[1];
  return (name && indexes.find((index) => index.name === name)) || null;
}
