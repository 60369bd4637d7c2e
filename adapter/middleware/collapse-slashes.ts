import type { RequestHandler } from 'express';

/**
 * Reads `//` in a request path as `/`: an IdP administrator who types the base URL
 * with a trailing slash (`https://host/scim/v2/`) makes the IdP request `/scim/v2//Users`.
 * Only the path is touched, never the query string.
 */
export function collapseSlashes(): RequestHandler {
  return (req, _res, next) => {
    const queryAt = req.url.indexOf('?');
    const path = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
    if (path.includes('//')) req.url = path.replace(/\/{2,}/g, '/') + (queryAt < 0 ? '' : req.url.slice(queryAt));
    next();
  };
}
