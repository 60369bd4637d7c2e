/**
 * The route template of a request (`/scim/v2/Users/:id`), the only form of its path
 * that may name a span or label a metric: raw paths carry ids, one series each.
 * Express knows the matched route's path but not, once the request has left the
 * router, where that router was mounted, so each mounted router records its prefix.
 */
import type { Request, RequestHandler, Response } from 'express';

/** Use first inside a router mounted at `prefix`. */
export function routePrefix(prefix: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.routePrefix = prefix;
    next();
  };
}

/** The template of the route that answered, or undefined when none matched (a 404, or a refusal before routing). */
export function routeTemplate(req: Request, res: Response): string | undefined {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return undefined;
  const prefix: unknown = res.locals.routePrefix;
  return `${typeof prefix === 'string' ? prefix : ''}${path}`;
}
