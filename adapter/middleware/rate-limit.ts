/**
 * Per-tenant and per-token rate limits (after authentication): reads and writes are
 * separate budgets, each a sustained rate plus a burst. Every response carries
 * RateLimit-Limit/-Remaining/-Reset so an IdP can pace itself; a request over budget
 * gets 429 with Retry-After and a SCIM error body, and changes nothing. A bulk
 * request spends one write point per operation (routes/bulk.ts).
 */
import type { Request, RequestHandler, Response } from 'express';
import { recordRateLimitRejection } from '../../services/observability/metrics';
import type { Budget, RateLimitConfig } from '../rate-limit/rate-limit-config';
import type { Budgets, Decision } from '../rate-limit/rate-limiters';
import { ScimHttpError } from '../scim/scim-error';

/** RFC 7644 §3.4.3: a POST to .search reads. */
function isRead(req: Request): boolean {
  return req.method === 'GET' || req.method === 'HEAD' || (req.method === 'POST' && req.path.endsWith('/.search'));
}

function setHeaders(res: Response, decision: Decision): void {
  res.set({
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
  });
}

export function rateLimit(budgets: Budgets, config: RateLimitConfig): RequestHandler {
  return async (req, res, next) => {
    await charge(budgets, config, res, isRead(req) ? 'reads' : 'writes', 1);
    next();
  };
}

/**
 * The most write points one request can ever be granted: the larger of the sustained
 * rate and the burst, of the tenant's write budget and of the token's, whichever is
 * smaller. A bulk request with more operations could never pass (routes/bulk.ts).
 */
export function writeCapacity(config: RateLimitConfig, tenant: string): number {
  const most = (budget: Budget) => Math.max(budget.perSecond, budget.burst);
  return Math.min(most((config.tenants[tenant] ?? config.tenant).writes), most(config.token));
}

/**
 * Spends `points` of the tenant's `kind` budget and of the token's budget: 429 with
 * Retry-After if either lacks them. Every request spends 1 here; a bulk request spends
 * one more per operation beyond the first (routes/bulk.ts), so that /Bulk carries no
 * more writes than single requests could.
 */
export async function charge(budgets: Budgets, config: RateLimitConfig, res: Response, kind: 'reads' | 'writes', points: number): Promise<void> {
  const tenant = String(res.locals.tenant);
  const limits = config.tenants[tenant] ?? config.tenant;
  const [tenantDecision, tokenDecision] = await Promise.all([
    budgets.consume(kind, tenant, limits[kind], points),
    budgets.consume('token', String(res.locals.tokenId), config.token, points),
  ]);
  // Show the budget closest to running out.
  const binding = [tenantDecision, tokenDecision].sort((a, b) => Number(a.allowed) - Number(b.allowed) || a.remaining - b.remaining)[0];
  setHeaders(res, binding);
  if (!binding.allowed) {
    recordRateLimitRejection(binding === tenantDecision ? kind : 'token', tenant);
    throw new ScimHttpError(429, `Too many requests for this tenant. Retry after ${binding.resetSeconds} s.`, undefined, {
      'Retry-After': String(binding.resetSeconds),
    });
  }
}
