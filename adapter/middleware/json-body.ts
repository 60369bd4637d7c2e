/**
 * Parses request bodies as JSON whatever their media type claims: RFC 7644 §3.1 asks
 * for application/scim+json, Okta sends application/json, and some clients send
 * none. Parse failures become SCIM errors: 400 invalidSyntax, 413 for a body over
 * the limit, 400 invalidSyntax for a body nested deeper than MAX_JSON_DEPTH.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { ScimHttpError } from '../scim/scim-error';

/** SCIM documents nest a few levels deep; anything deeper is refused before any code walks it. */
export const MAX_JSON_DEPTH = 32;

/** The nesting depth of a parsed JSON value, measured without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function jsonBody(limitBytes: number): [RequestHandler, ErrorRequestHandler, RequestHandler] {
  const parse = express.json({ limit: limitBytes, type: () => true, strict: false });
  const translate: ErrorRequestHandler = (error: { type?: string }, _req, _res, next) => {
    switch (error.type) {
      case 'entity.too.large':
        return next(new ScimHttpError(413, `The request body is larger than ${limitBytes} bytes.`));
      case 'entity.parse.failed':
        return next(new ScimHttpError(400, 'The request body is not valid JSON.', 'invalidSyntax'));
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return next(new ScimHttpError(415, 'The request body must be UTF-8 JSON.'));
      default:
        return next(error);
    }
  };
  const bounded: RequestHandler = (req, _res, next) => {
    if (jsonDepth(req.body) > MAX_JSON_DEPTH) {
      return next(new ScimHttpError(400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, 'invalidSyntax'));
    }
    next();
  };
  return [parse, translate, bounded];
}
