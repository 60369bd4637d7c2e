import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** One structured line per request, written when the response is finished. No headers, no bodies. */
export function accessLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      log.info(
        {
          method: req.method,
          path: req.path.slice(0, 200),
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          requestId: res.locals.requestId,
          tenant: res.locals.tenant,
        },
        'request',
      );
    });
    next();
  };
}
