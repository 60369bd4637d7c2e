/**
 * The SCIM query parameters of RFC 7644 §3.4.2 and §3.9, read from a URL query.
 * Parameter names are matched case-insensitively: clients write `startindex` and
 * `excludedattributes` too.
 */
import type { Request } from 'express';
import { ScimHttpError } from './scim-error';

export interface QueryParams {
  filter: string;
  sortBy: string;
  sortOrder: string;
  startIndex?: number;
  count?: number;
  attributes: string[];
  excludedAttributes: string[];
}

function param(req: Request, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(req.query)) {
    if (key.toLowerCase() !== wanted) continue;
    if (typeof value === 'string') return value;
    throw new ScimHttpError(400, `The query parameter ${name} is given more than once or has a bad form.`, 'invalidValue');
  }
  return undefined;
}

function integerParam(req: Request, name: string): number | undefined {
  const raw = param(req, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new ScimHttpError(400, `${name} must be an integer.`, 'invalidValue');
  // Clamp to int32: the service then applies the RFC's rules (below 1 is 1, negative count is 0, cap).
  return Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, value));
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The projection parameters alone, accepted on every method that returns a resource. */
export function projectionParams(req: Request): { attributes: string[]; excludedAttributes: string[] } {
  return { attributes: list(param(req, 'attributes')), excludedAttributes: list(param(req, 'excludedAttributes')) };
}

export function queryParams(req: Request): QueryParams {
  return {
    filter: param(req, 'filter') ?? '',
    sortBy: param(req, 'sortBy') ?? '',
    sortOrder: param(req, 'sortOrder') ?? '',
    startIndex: integerParam(req, 'startIndex'),
    count: integerParam(req, 'count'),
    ...projectionParams(req),
  };
}
