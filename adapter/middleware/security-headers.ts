import type { RequestHandler } from 'express';

/**
 * Headers every response carries. SCIM responses hold personal data, so nothing is
 * cached; nothing is ever rendered as a page, so nothing may be sniffed, framed or
 * scripted; and over HTTPS, clients are told to stay on it.
 */
export function securityHeaders(https: boolean): RequestHandler {
  const headers: Record<string, string> = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'Referrer-Policy': 'no-referrer',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
  return (_req, res, next) => {
    res.set(headers);
    next();
  };
}
