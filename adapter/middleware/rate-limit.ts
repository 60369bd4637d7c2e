/**
 * Per-tenant and per-token rate limits (after authentication): reads and writes are
 * separate budgets, each a sustained rate plus a burst. Every response carries
 * RateLimit-Limit/-Remaining/-Reset so an IdP can pace itself; a request over budget
 * gets 429 with Retry-After and a SCIM error body, and changes nothing.
 */
import type { Request, RequestHandler, Response } from 'express';
import { recordRateLimitRejection } from '../../services/observability/metrics';
import type { RateLimitConfig } from '../rate-limit/rate-limit-config';
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
    const tenant = String(res.locals.tenant);
    const kind = isRead(req) ? 'reads' : 'writes';
    const limits = config.tenants[tenant] ?? config.tenant;
    const [tenantDecision, tokenDecision] = await Promise.all([
      budgets.consume(kind, tenant, limits[kind]),
      budgets.consume('token', String(res.locals.tokenId), config.token),
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
    next();
  };
}
