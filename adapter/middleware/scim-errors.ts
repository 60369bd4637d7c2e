/** The last middleware: any failure becomes a SCIM error response (RFC 7644 §3.12), never a stack trace. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { toHttpFailure } from '../scim/error-status';
import { errorBody, ScimHttpError } from '../scim/scim-error';
import { SCIM_CONTENT_TYPE } from '../scim/render';

export function unknownRoute(): RequestHandler {
  return (req, _res, next) => next(new ScimHttpError(404, `No SCIM endpoint at ${req.method} ${req.path.slice(0, 200)}.`));
}

export function scimErrors(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const requestId = String(res.locals.requestId ?? '');
    const failure = toHttpFailure(error, requestId);
    if (failure.unexpected) log.error({ err: error, requestId }, 'request failed');
    if (res.headersSent) return;
    // For the request's span and access log line.
    if (failure.scimType) res.locals.scimType = failure.scimType;
    res.status(failure.status).set(failure.headers).type(SCIM_CONTENT_TYPE).send(JSON.stringify(errorBody(failure.status, failure.detail, failure.scimType)));
  };
}
