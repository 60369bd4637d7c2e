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
  /** RFC 9865: present (even empty) to page by cursor. */
  cursor?: string;
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
    cursor: param(req, 'cursor'),
    ...projectionParams(req),
  };
}

/**
 * A SearchRequest body (RFC 7644 §3.4.3): the same parameters as a query string, as
 * JSON. Values of the wrong type are refused rather than guessed at.
 */
export function searchParams(body: unknown): QueryParams {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimHttpError(400, 'The SearchRequest must be a JSON object.', 'invalidSyntax');
  }
  const fields = new Map(Object.entries(body).map(([key, value]) => [key.toLowerCase(), value as unknown]));
  const text = (name: string): string | undefined => {
    const value = fields.get(name.toLowerCase());
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new ScimHttpError(400, `${name} must be a string.`, 'invalidValue');
    return value;
  };
  const integer = (name: string): number | undefined => {
    const value = fields.get(name.toLowerCase());
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new ScimHttpError(400, `${name} must be an integer.`, 'invalidValue');
    return Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, value));
  };
  const names = (name: string): string[] => {
    const value = fields.get(name.toLowerCase());
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return list(value);
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new ScimHttpError(400, `${name} must be an array of attribute names.`, 'invalidValue');
    }
    return value.map((item: string) => item.trim()).filter((item) => item !== '');
  };
  return {
    filter: text('filter') ?? '',
    sortBy: text('sortBy') ?? '',
    sortOrder: text('sortOrder') ?? '',
    startIndex: integer('startIndex'),
    count: integer('count'),
    cursor: text('cursor'),
    attributes: names('attributes'),
    excludedAttributes: names('excludedAttributes'),
  };
}
