import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Gives every request an id (a caller's X-Request-Id if it is safe to echo), sent back and passed to the service. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    res.locals.requestId = given && SAFE_ID.test(given) ? given : randomUUID();
    res.set('X-Request-Id', res.locals.requestId as string);
    next();
  };
}
