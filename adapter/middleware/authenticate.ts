/**
 * Bearer-token authentication (RFC 6750) for every SCIM endpoint. Until tenants and
 * tokens have their own issue, one token (SCIM_BOOTSTRAP_TOKEN) is bound to the
 * default tenant. Tokens are compared in constant time, through SHA-256 digests so
 * that the comparison does not reveal the token's length either, and are never logged.
 */
import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ScimHttpError } from '../scim/scim-error';

export interface BootstrapCredential {
  token: string;
  tenant: string;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function authenticate(credential: BootstrapCredential): RequestHandler {
  const expected = digest(credential.token);
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1]), expected)) {
      // One answer for every failure: it must not tell a missing token from a wrong one.
      throw new ScimHttpError(401, 'Invalid or missing bearer token.', undefined, { 'WWW-Authenticate': 'Bearer realm="SCIM"' });
    }
    res.locals.tenant = credential.tenant;
    next();
  };
}
