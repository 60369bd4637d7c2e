/**
 * Parses request bodies as JSON whatever their media type claims: RFC 7644 §3.1 asks
 * for application/scim+json, Okta sends application/json, and some clients send
 * none. Parse failures become SCIM errors: 400 invalidSyntax, 413 for a body over
 * the limit.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { ScimHttpError } from '../scim/scim-error';

export function jsonBody(limitBytes: number): [RequestHandler, ErrorRequestHandler] {
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
  return [parse, translate];
}
