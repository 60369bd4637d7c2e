import { context } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { routeTemplate } from './route-template';

/**
 * One structured line per request, written when the response is finished: the route
 * template (never the path, which holds ids), status, duration, tenant, request id,
 * and the trace_id and span_id of the request's HTTP span. No headers, no bodies.
 */
export function accessLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const write = () =>
      log.info(
        {
          method: req.method,
          route: routeTemplate(req, res) ?? null,
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          requestId: res.locals.requestId,
          tenant: res.locals.tenant,
          scimType: res.locals.scimType,
        },
        'request',
      );
    // Bound to the request's context, so that the logger's mixin finds the request's span.
    res.on('finish', context.bind(context.active(), write));
    next();
  };
}
