/**
 * The limiters behind the rate-limit middleware, on one backend: in memory for a
 * single adapter replica, or shared counters in MongoDB so that the limits hold
 * across replicas. A shared backend that cannot be reached falls back to in-memory
 * counters on each replica (rate-limiter-flexible's insurance limiter) rather than
 * failing or waving requests through.
 */
import type { MongoClient } from 'mongodb';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterMongo, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { AUTH_FAILURE_WINDOW_SECONDS, BURST_WINDOW_SECONDS, type Budget, type RateLimitConfig } from './rate-limit-config';

/** The outcome of one request against one budget. */
export interface Decision {
  allowed: boolean;
  /** The sustained limit per second, for RateLimit-Limit. */
  limit: number;
  remaining: number;
  /** Seconds until the budget has room again. */
  resetSeconds: number;
}

export interface Budgets {
  /** Spends `points` (1 unless given: a bulk request spends one per operation) of `key`'s budget, if it has them. */
  consume(kind: 'reads' | 'writes' | 'token', key: string, budget: Budget, points?: number): Promise<Decision>;
  /** Whether `address` is blocked for failed authentications, and how long for. */
  authBlocked(address: string): Promise<number>;
  /** Counts one failed authentication from `address`. */
  authFailed(address: string): Promise<void>;
  close(): Promise<void>;
}

type Factory = (keyPrefix: string, points: number, duration: number, blockDuration?: number) => RateLimiterAbstract;

function memoryFactory(): Factory {
  return (keyPrefix, points, duration, blockDuration) => new RateLimiterMemory({ keyPrefix, points, duration, blockDuration });
}

function mongoFactory(client: MongoClient, dbName: string): Factory {
  return (keyPrefix, points, duration, blockDuration) =>
    new RateLimiterMongo({
      storeClient: client,
      dbName,
      tableName: 'rate_limits',
      keyPrefix,
      points,
      duration,
      blockDuration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration, blockDuration }),
      // createBudgets makes the indexes once, tolerating a server without TTL indexes.
      disableIndexesCreation: true,
    });
}

/**
 * The indexes RateLimiterMongo needs: one counter per key, and a TTL index that purges
 * expired counters. FerretDB has no TTL indexes; there an expired counter is simply
 * overwritten on its key's next use (the limiter compares `expire` itself), so limits
 * stay exact and only idle keys are never purged.
 */
async function createCounterIndexes(client: MongoClient, dbName: string): Promise<void> {
  const counters = client.db(dbName).collection('rate_limits');
  await counters.createIndex({ key: 1 }, { unique: true });
  await counters.createIndex({ expire: -1 }, { expireAfterSeconds: 0 }).catch(() => undefined);
}

function isRejection(outcome: unknown): outcome is RateLimiterRes {
  return typeof outcome === 'object' && outcome !== null && 'msBeforeNext' in outcome && !(outcome instanceof Error);
}

export async function createBudgets(config: RateLimitConfig): Promise<Budgets> {
  let client: MongoClient | undefined;
  let factory = memoryFactory();
  if (config.backend === 'mongo' && config.mongodbUri) {
    const { MongoClient } = await import('mongodb');
    client = new MongoClient(config.mongodbUri, { serverSelectionTimeoutMS: 2000 });
    factory = mongoFactory(client, config.mongodbDb);
    await createCounterIndexes(client, config.mongodbDb);
  }
  // One limiter per distinct budget, created on first use (per-tenant overrides differ).
  const limiters = new Map<string, BurstyRateLimiter | RateLimiterAbstract>();
  const limiterFor = (kind: string, budget: Budget) => {
    const name = `${kind}:${budget.perSecond}:${budget.burst}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      const sustained = factory(`rl:${name}`, budget.perSecond, 1);
      limiter = budget.burst === 0 ? sustained : new BurstyRateLimiter(sustained, factory(`rl:${name}:burst`, budget.burst, BURST_WINDOW_SECONDS));
      limiters.set(name, limiter);
    }
    return limiter;
  };
  const auth = factory('rl:auth', config.authFailures, AUTH_FAILURE_WINDOW_SECONDS, AUTH_FAILURE_WINDOW_SECONDS);

  return {
    async consume(kind, key, budget, points = 1) {
      try {
        const result = await limiterFor(kind, budget).consume(key, points);
        return { allowed: true, limit: budget.perSecond, remaining: result.remainingPoints, resetSeconds: Math.ceil(result.msBeforeNext / 1000) };
      } catch (outcome) {
        if (!isRejection(outcome)) throw outcome;
        return { allowed: false, limit: budget.perSecond, remaining: 0, resetSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) };
      }
    },
    async authBlocked(address) {
      const state = await auth.get(address);
      return state && state.consumedPoints >= config.authFailures ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
    },
    async authFailed(address) {
      await auth.penalty(address, 1);
    },
    async close() {
      await client?.close();
    },
  };
}
