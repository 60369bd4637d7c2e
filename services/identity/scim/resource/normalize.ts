/**
 * Turns an untrusted SCIM resource body into canonical SCIM JSON: attribute names in
 * the schema's spelling (RFC 7643 §2.1: names are case-insensitive), values checked
 * against their attribute's type, unassigned values dropped. It is liberal where
 * real IdPs need it (see the comments) and strict where a value would otherwise be
 * lost or misread. Unknown attributes and unknown schema URNs are ignored, as IdPs
 * send vendor attributes (Entra adds its own URN to `schemas`); they are reported
 * in `ignored` so callers can log them.
 *
 * Mutability is not checked here: what a write may change depends on the operation,
 * so the write paths decide.
 */
import { InvalidSyntaxError, InvalidValueError } from '../../errors/scim-errors';
import type { AttributeDefinition } from '../schema/definitions';
import type { ResourceSchema } from '../schema/registry';
import { findSubAttribute } from '../schema/registry';
import { isPlainObject, isUnassigned, type ScimJson } from './scim-json';

/** Bounds on what one value may hold (DESIGN.md: every input has a bound). */
export const VALUE_LIMITS = {
  maxStringLength: 4096,
  maxBinaryLength: 65536,
  maxMultiValuedItems: 1000,
  /**
   * Group.members in one request: a client that reads a large group and PUTs it back
   * (Okta's update) sends every member. Larger groups grow by PATCH batches.
   */
  maxMembers: 100_000,
  maxSchemas: 20,
} as const;

export interface NormalizedResource {
  doc: ScimJson;
  /** The names of attributes that were not in any schema and were dropped. */
  ignored: string[];
}

export function normalizeResource(resource: ResourceSchema, input: unknown): NormalizedResource {
  if (!isPlainObject(input)) throw new InvalidSyntaxError('The resource must be a JSON object.');
  const doc: ScimJson = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key.toLowerCase() === 'schemas') {
      doc.schemas = normalizeSchemas(value);
      continue;
    }
    const extensionUrn = resource.extensionUrn(key);
    if (extensionUrn) {
      if (value === null) continue;
      if (!isPlainObject(value)) throw new InvalidValueError(`${extensionUrn} must be a JSON object.`, extensionUrn);
      const extension = normalizeExtension(resource, extensionUrn, value, ignored);
      if (!isUnassigned(extension)) doc[extensionUrn] = { ...(doc[extensionUrn] as ScimJson), ...extension };
      continue;
    }
    const top = resource.topLevel(key);
    if (!top) {
      ignored.push(key);
      continue;
    }
    const normalized = normalizeValue(top.definition, value, top.definition.name);
    if (normalized !== undefined) doc[top.definition.name] = normalized;
  }
  return { doc, ignored };
}

function normalizeExtension(resource: ResourceSchema, urn: string, input: ScimJson, ignored: string[]): ScimJson {
  const result: ScimJson = {};
  for (const [key, value] of Object.entries(input)) {
    const top = resource.topLevel(key, urn);
    if (!top) {
      ignored.push(`${urn}:${key}`);
      continue;
    }
    const normalized = normalizeValue(top.definition, value, `${urn}:${top.definition.name}`);
    if (normalized !== undefined) result[top.definition.name] = normalized;
  }
  return result;
}

function normalizeSchemas(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((urn) => typeof urn === 'string')) {
    throw new InvalidValueError('schemas must be an array of schema URN strings.', 'schemas');
  }
  if (value.length > VALUE_LIMITS.maxSchemas) {
    throw new InvalidValueError(`schemas may list at most ${VALUE_LIMITS.maxSchemas} URNs.`, 'schemas');
  }
  return value;
}

/** How many values one request may give a multi-valued attribute: Group.members (RFC 7643 §4.2) holds edges, not data. */
export function itemLimit(definition: AttributeDefinition): number {
  return definition.name === 'members' && definition.type === 'complex' ? VALUE_LIMITS.maxMembers : VALUE_LIMITS.maxMultiValuedItems;
}

/**
 * Normalizes one attribute's value. Returns undefined for an unassigned value.
 * `path` is the canonical path, for error messages.
 */
export function normalizeValue(definition: AttributeDefinition, value: unknown, path: string): unknown {
  if (isUnassigned(value)) return undefined;
  if (!definition.multiValued) {
    if (Array.isArray(value)) {
      throw new InvalidValueError(`${path} is single-valued, but an array was given.`, path);
    }
    return normalizeSingle(definition, value, path);
  }
  // Liberal: a lone value where an array belongs is read as a one-element array.
  const items = Array.isArray(value) ? value : [value];
  const limit = itemLimit(definition);
  if (items.length > limit) throw new InvalidValueError(`${path} may hold at most ${limit} values.`, path);
  const normalized = items.map((item) => normalizeSingle(definition, item, path)).filter((item) => item !== undefined);
  assertOnePrimary(normalized, path);
  return normalized.length === 0 ? undefined : normalized;
}

/** RFC 7643 §2.4: "The primary attribute value 'true' MUST appear no more than once." */
function assertOnePrimary(items: unknown[], path: string): void {
  const primaries = items.filter((item) => isPlainObject(item) && item.primary === true).length;
  if (primaries > 1) throw new InvalidValueError(`At most one value of ${path} may be primary.`, path);
}

function normalizeSingle(definition: AttributeDefinition, value: unknown, path: string): unknown {
  if (isUnassigned(value)) return undefined;
  switch (definition.type) {
    case 'complex':
      return normalizeComplex(definition, value, path);
    case 'boolean':
      return normalizeBoolean(value, path);
    case 'integer':
    case 'decimal':
      return normalizeNumber(definition.type, value, path);
    case 'dateTime':
      return normalizeDateTime(value, path);
    case 'binary':
      return normalizeBinary(value, path);
    case 'string':
    case 'reference':
      return normalizeString(value, path);
  }
}

function normalizeComplex(definition: AttributeDefinition, value: unknown, path: string): ScimJson | undefined {
  if (!isPlainObject(value)) throw new InvalidValueError(`${path} must be a JSON object.`, path);
  const result: ScimJson = {};
  for (const [key, subValue] of Object.entries(value)) {
    const sub = findSubAttribute(definition, key);
    if (!sub) continue;
    const normalized = normalizeSingle(sub, subValue, `${path}.${sub.name}`);
    if (normalized !== undefined) result[sub.name] = normalized;
  }
  return isUnassigned(result) ? undefined : result;
}

function normalizeBoolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  // Entra ID sends booleans as the strings "True" and "False".
  // See test/fixtures/idp/entra (patch-replace-active).
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw new InvalidValueError(`${path} must be a boolean.`, path);
}

function normalizeNumber(type: 'integer' | 'decimal', value: unknown, path: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new InvalidValueError(`${path} must be a number.`, path);
  if (type === 'integer' && !Number.isInteger(number)) throw new InvalidValueError(`${path} must be an integer.`, path);
  return number;
}

function normalizeDateTime(value: unknown, path: string): string {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new InvalidValueError(`${path} must be an xsd:dateTime such as 2024-05-13T04:42:34Z.`, path);
  return new Date(time).toISOString();
}

function normalizeBinary(value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/=\s_-]*$/.test(value)) {
    throw new InvalidValueError(`${path} must be a base64-encoded string.`, path);
  }
  if (value.length > VALUE_LIMITS.maxBinaryLength) {
    throw new InvalidValueError(`${path} is longer than ${VALUE_LIMITS.maxBinaryLength} characters.`, path);
  }
  return value;
}

function normalizeString(value: unknown, path: string): string {
  // Liberal: some IdPs send numeric ids (employeeNumber, externalId) as JSON numbers.
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') throw new InvalidValueError(`${path} must be a string.`, path);
  if (text.length > VALUE_LIMITS.maxStringLength) {
    throw new InvalidValueError(`${path} is longer than ${VALUE_LIMITS.maxStringLength} characters.`, path);
  }
  return text;
}
