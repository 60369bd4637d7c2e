/**
 * Values written by PATCH go through THE body normalizer (normalizeValue), so that
 * attribute names, types and IdP coercions ("True" → true) behave exactly as on POST
 * and PUT. This file only adds what PATCH needs around it: noting which coercions a
 * client needed, reading a bare id as `{value: id}`, dropping readOnly sub-attributes,
 * and comparing values.
 */
import { isDeepStrictEqual } from 'node:util';
import { foldCase } from '../filter/compare-strings';
import { normalizeValue } from '../resource/normalize';
import { isPlainObject, isUnassigned, type ScimJson } from '../resource/scim-json';
import type { AttributeDefinition } from '../schema/definitions';
import { findSubAttribute } from '../schema/registry';
import type { RewriteLog } from './patch-rewrites';

/** The characteristics of one element of a multi-valued attribute. */
export function elementDefinition(definition: AttributeDefinition): AttributeDefinition {
  return definition.multiValued ? { ...definition, multiValued: false } : definition;
}

/** True when a boolean (sub-)attribute in `value` is given as a string, which normalizeValue reads liberally. */
function hasStringBoolean(definition: AttributeDefinition, value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => hasStringBoolean(definition, item));
  if (definition.type === 'boolean') return typeof value === 'string';
  if (definition.type !== 'complex' || !isPlainObject(value)) return false;
  return Object.entries(value).some(([key, item]) => {
    const sub = findSubAttribute(definition, key);
    return sub !== undefined && hasStringBoolean(sub, item);
  });
}

function withoutReadOnlySubAttributes(definition: AttributeDefinition, value: ScimJson, log: RewriteLog): ScimJson {
  const result = { ...value };
  for (const sub of definition.subAttributes ?? []) {
    if (sub.mutability === 'readOnly' && result[sub.name] !== undefined) {
      delete result[sub.name];
      log.note('read-only-sub-attribute-ignored');
    }
  }
  return result;
}

/**
 * Normalizes a value for `definition` (an attribute, an element of one, or a
 * sub-attribute). Returns undefined for an unassigned value; throws InvalidValueError
 * (from normalizeValue) for a value of the wrong type.
 */
export function normalizeFor(definition: AttributeDefinition, value: unknown, path: string, log: RewriteLog): unknown {
  let input = value;
  // Entra sets the manager as a bare id string. See test/fixtures/idp/entra/patch-enterprise-no-path.json.
  if (
    definition.type === 'complex' &&
    !definition.multiValued &&
    (typeof input === 'string' || typeof input === 'number') &&
    findSubAttribute(definition, 'value')
  ) {
    input = { value: input };
    log.note('manager-bare-id');
  }
  const normalized = normalizeValue(definition, input, path);
  if (hasStringBoolean(definition, input)) log.note('string-boolean');
  if (definition.type !== 'complex' || normalized === undefined) return normalized;
  if (Array.isArray(normalized)) {
    const items = normalized.map((item) => withoutReadOnlySubAttributes(definition, item as ScimJson, log));
    const kept = items.filter((item) => !isUnassigned(item));
    return kept.length === 0 ? undefined : kept;
  }
  const kept = withoutReadOnlySubAttributes(definition, normalized as ScimJson, log);
  return isUnassigned(kept) ? undefined : kept;
}

/**
 * Two simple values are the same when equal: strings after case folding unless caseExact
 * (RFC 7643 §2.3.1), except binary values, whose base64 text is case-significant.
 */
function sameSimple(definition: AttributeDefinition | undefined, a: unknown, b: unknown): boolean {
  const folds = definition !== undefined && !definition.caseExact && definition.type !== 'binary';
  if (typeof a === 'string' && typeof b === 'string' && folds) return foldCase(a) === foldCase(b);
  return isDeepStrictEqual(a, b);
}

/**
 * RFC 7644 §3.5.2.1: "If the target location already contains the value specified, no
 * changes SHOULD be made". One element of `definition` is the same as another when
 * they assign the same sub-attributes with the same values, compared as filters do.
 */
export function sameElement(definition: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (definition.type !== 'complex' || !isPlainObject(a) || !isPlainObject(b)) return sameSimple(definition, a, b);
  const keys = (object: ScimJson) => Object.keys(object).filter((key) => !isUnassigned(object[key]));
  const left = keys(a);
  if (left.length !== keys(b).length) return false;
  return left.every((key) => sameSimple(findSubAttribute(definition, key), a[key], b[key]));
}

/**
 * The `remove` with a value array dialect: `element` matches `pattern` when it has every
 * sub-attribute the pattern gives, with the same value (`{value: id}` picks by value).
 */
export function matchesPattern(definition: AttributeDefinition, element: unknown, pattern: unknown): boolean {
  if (definition.type !== 'complex' || !isPlainObject(pattern)) return sameSimple(definition, element, pattern);
  if (!isPlainObject(element)) return false;
  return Object.entries(pattern).every(([key, value]) => sameSimple(findSubAttribute(definition, key), element[key], value));
}
