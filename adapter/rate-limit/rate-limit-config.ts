/**
 * Rate limits, from the environment. The defaults let an IdP's initial sync run
 * flat out without a 429 (README "Rate limits" explains the numbers) while stopping
 * a looping or hostile client within a second.
 */
import { ConfigError, envInteger, envString } from '../../services/config/env';

/** A sustained rate with a burst allowance on top. */
export interface Budget {
  perSecond: number;
  /** Extra requests allowed over BURST_WINDOW_SECONDS beyond the sustained rate. */
  burst: number;
}

export interface TenantLimits {
  reads: Budget;
  writes: Budget;
}

export interface RateLimitConfig {
  enabled: boolean;
  backend: 'memory' | 'mongo';
  /** For the mongo backend: where the shared counters live. */
  mongodbUri?: string;
  mongodbDb: string;
  tenant: TenantLimits;
  /** Per-tenant overrides, by tenant id. */
  tenants: Record<string, TenantLimits>;
  /** Every request of one token, reads and writes together. */
  token: Budget;
  /** Failed authentications per client address within AUTH_FAILURE_WINDOW_SECONDS before it is refused for the rest of that window. */
  authFailures: number;
}

export const BURST_WINDOW_SECONDS = 10;
export const AUTH_FAILURE_WINDOW_SECONDS = 15 * 60;

export const DEFAULT_TENANT_LIMITS: TenantLimits = {
  reads: { perSecond: 100, burst: 1000 },
  writes: { perSecond: 50, burst: 500 },
};

function budget(env: NodeJS.ProcessEnv, prefix: string, fallback: Budget): Budget {
  return {
    perSecond: envInteger(env, `${prefix}_PER_SECOND`, fallback.perSecond, { min: 1, max: 1_000_000 }),
    burst: envInteger(env, `${prefix}_BURST`, fallback.burst, { min: 0, max: 10_000_000 }),
  };
}

function overrides(raw: string | undefined, defaults: TenantLimits): Record<string, TenantLimits> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('RATE_LIMIT_TENANTS must be a JSON object such as {"acme": {"reads": {"perSecond": 200, "burst": 2000}}}.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('RATE_LIMIT_TENANTS must be a JSON object.');
  const result: Record<string, TenantLimits> = {};
  for (const [tenant, limits] of Object.entries(parsed as Record<string, Partial<TenantLimits>>)) {
    const pick = (kind: 'reads' | 'writes'): Budget => {
      const given = limits?.[kind];
      const value = { ...defaults[kind], ...given };
      if (!Number.isInteger(value.perSecond) || value.perSecond < 1 || !Number.isInteger(value.burst) || value.burst < 0) {
        throw new ConfigError(`RATE_LIMIT_TENANTS.${tenant}.${kind} needs whole numbers: perSecond ≥ 1, burst ≥ 0.`);
      }
      return value;
    };
    result[tenant] = { reads: pick('reads'), writes: pick('writes') };
  }
  return result;
}

export function loadRateLimitConfig(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  const backend = envString(env, 'RATE_LIMIT_BACKEND', 'memory');
  if (backend !== 'memory' && backend !== 'mongo') throw new ConfigError('RATE_LIMIT_BACKEND must be memory or mongo.');
  const mongodbUri = env.RATE_LIMIT_MONGODB_URI || env.MONGODB_URI || undefined;
  if (backend === 'mongo' && !mongodbUri) throw new ConfigError('RATE_LIMIT_BACKEND=mongo needs RATE_LIMIT_MONGODB_URI (or MONGODB_URI).');
  const tenant: TenantLimits = {
    reads: budget(env, 'RATE_LIMIT_READS', DEFAULT_TENANT_LIMITS.reads),
    writes: budget(env, 'RATE_LIMIT_WRITES', DEFAULT_TENANT_LIMITS.writes),
  };
  return {
    enabled: envString(env, 'RATE_LIMIT_ENABLED', 'true') !== 'false',
    backend,
    mongodbUri,
    mongodbDb: envString(env, 'RATE_LIMIT_MONGODB_DB', envString(env, 'MONGODB_DB', 'openscim')),
    tenant,
    tenants: overrides(env.RATE_LIMIT_TENANTS, tenant),
    token: budget(env, 'RATE_LIMIT_TOKEN', { perSecond: 150, burst: 1500 }),
    authFailures: envInteger(env, 'RATE_LIMIT_AUTH_FAILURES', 20, { min: 1, max: 1_000_000 }),
  };
}
