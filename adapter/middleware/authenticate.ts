/**
 * Bearer-token authentication (RFC 6750) for every SCIM endpoint. The identity
 * service says whether a token is valid (AuthService.AuthenticateToken), through a
 * short cache (auth/token-cache.ts); the token is never logged and never kept, only
 * a hash of it. When the URL names a tenant (/tenants/{tenant}/scim/v2) it must be
 * the token's. Every refusal is the same 401 body, which says nothing about why, and
 * counts towards the brute-force limit of the client's address.
 */
import type { RequestHandler } from 'express';
import type { TokenCache } from '../auth/token-cache';
import type { Budgets } from '../rate-limit/rate-limiters';
import { recordRateLimitRejection } from '../../services/observability/metrics';
import { ScimHttpError } from '../scim/scim-error';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function authenticate(tokens: TokenCache, budgets?: Budgets): RequestHandler {
  return async (req, res, next) => {
    const address = req.ip ?? 'unknown';
    const blockedFor = budgets ? await budgets.authBlocked(address) : 0;
    if (blockedFor > 0) {
      recordRateLimitRejection('auth');
      throw new ScimHttpError(429, `Too many failed authentications from this address. Retry after ${blockedFor} s.`, undefined, {
        'Retry-After': String(blockedFor),
      });
    }
    const token = BEARER.exec(req.get('authorization') ?? '')?.[1];
    const identity = token ? await tokens.resolve(token, String(res.locals.requestId)) : undefined;
    const urlTenant: unknown = req.params.tenant;
    if (!identity || (urlTenant !== undefined && urlTenant !== identity.tenant)) {
      await budgets?.authFailed(address);
      // One answer for every failure: it must not tell a missing token from a wrong, revoked or foreign one.
      throw new ScimHttpError(401, 'Invalid or missing bearer token.', undefined, { 'WWW-Authenticate': 'Bearer realm="SCIM"' });
    }
    res.locals.tenant = identity.tenant;
    res.locals.tokenId = identity.tokenId;
    next();
  };
}
