/**
 * Bearer-token authentication (RFC 6750) for every SCIM endpoint. Until tenants and
 * tokens have their own issue, one token (SCIM_BOOTSTRAP_TOKEN) is bound to the
 * default tenant. Tokens are compared in constant time, through SHA-256 digests so
 * that the comparison does not reveal the token's length either, and are never
 * logged. A client address that keeps failing is refused for a while (brute force).
 */
import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Budgets } from '../rate-limit/rate-limiters';
import { ScimHttpError } from '../scim/scim-error';

export interface BootstrapCredential {
  token: string;
  tenant: string;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function authenticate(credential: BootstrapCredential, budgets?: Budgets): RequestHandler {
  const expected = digest(credential.token);
  // An id for the token that is safe to log and to key limits by: never the secret itself.
  const tokenId = `bootstrap-${expected.toString('hex').slice(0, 8)}`;
  return async (req, res, next) => {
    const address = req.ip ?? 'unknown';
    const blockedFor = budgets ? await budgets.authBlocked(address) : 0;
    if (blockedFor > 0) {
      throw new ScimHttpError(429, `Too many failed authentications from this address. Retry after ${blockedFor} s.`, undefined, {
        'Retry-After': String(blockedFor),
      });
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1]), expected)) {
      await budgets?.authFailed(address);
      // One answer for every failure: it must not tell a missing token from a wrong one.
      throw new ScimHttpError(401, 'Invalid or missing bearer token.', undefined, { 'WWW-Authenticate': 'Bearer realm="SCIM"' });
    }
    res.locals.tenant = credential.tenant;
    res.locals.tokenId = tokenId;
    next();
  };
}
