/**
 * Checks one comparison against its attribute's type (RFC 7644 §3.4.2.2, Table 3) and
 * writes it in the resolved form: `ne` as `not (eq)`, `null` as presence, a complex
 * attribute as its `value` sub-attribute, and each value as its type reads it.
 */
import { InvalidFilterError } from '../../errors/scim-errors';
import { findSubAttribute, type ResolvedAttribute, type ResourceSchema } from '../schema/registry';
import type { BooleanTree, ComparisonOperator, ComparisonValue, ResolvedCompare, ResolvedPresent } from './ast';
import { parseDateTime } from './date-time';
import { FILTER_OPERATORS, isAmong } from './filter-operators';
import { resolveSubAttribute } from './resolve-attribute';

type Literal = Exclude<ComparisonValue, null>;

function unsupported(attribute: ResolvedAttribute, op: ComparisonOperator, position?: number): InvalidFilterError {
  const { type } = attribute.target;
  const allowed = [...FILTER_OPERATORS[type], 'pr'].join(', ');
  return new InvalidFilterError(
    `${attribute.path} is a ${type} attribute: filter it with ${allowed}, not ${op} (RFC 7644 §3.4.2.2)`,
    position,
  );
}

function mismatch(attribute: ResolvedAttribute, expected: string, position?: number): InvalidFilterError {
  return new InvalidFilterError(
    `${attribute.path} is a ${attribute.target.type} attribute: compare it with ${expected}`,
    position,
  );
}

function stringValue(attribute: ResolvedAttribute, value: Literal, position?: number): string {
  if (typeof value !== 'string') throw mismatch(attribute, 'a string in double quotes', position);
  return value;
}

function booleanValue(attribute: ResolvedAttribute, value: Literal, position?: number): boolean {
  if (typeof value === 'boolean') return value;
  // Entra sends booleans as strings ("False"), in filters as in PATCH values (SCIM-NOTES.md).
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw mismatch(attribute, 'true or false', position);
}

function numberValue(attribute: ResolvedAttribute, value: Literal, position?: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch(attribute, 'a number', position);
  return value;
}

function dateTimeValue(attribute: ResolvedAttribute, value: Literal, position?: number): number {
  const epochMillis = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (epochMillis === undefined) {
    throw mismatch(attribute, 'an xsd:dateTime in double quotes, such as "2011-05-13T04:42:34Z"', position);
  }
  return epochMillis;
}

/**
 * A complex attribute compared without a sub-attribute compares its `value`
 * (`emails co "example.com"` in RFC 7644 §3.4.2.2; SCIM-NOTES.md).
 */
function valueOf(resource: ResourceSchema, attribute: ResolvedAttribute, position?: number): ResolvedAttribute {
  if (!findSubAttribute(attribute.definition, 'value')) {
    const example = attribute.definition.subAttributes?.[0]?.name ?? 'value';
    throw new InvalidFilterError(
      `${attribute.path} is a complex attribute without a value sub-attribute: compare one of its ` +
        `sub-attributes, as in ${attribute.path}.${example}`,
      position,
    );
  }
  return resolveSubAttribute(resource, attribute, 'value', position);
}

function compare(
  resource: ResourceSchema,
  attribute: ResolvedAttribute,
  op: ComparisonOperator,
  value: Literal,
  position?: number,
): BooleanTree<ResolvedCompare> {
  const { target } = attribute;
  const positive = op === 'ne' ? 'eq' : op;
  // RFC 7644 §3.4.2.2 defines ne as "not identical"; on a multi-valued or absent
  // attribute we read that as not (eq), so every consumer agrees (evaluate.ts).
  const negated = (node: ResolvedCompare): BooleanTree<ResolvedCompare> =>
    op === 'ne' ? { kind: 'not', filter: node } : node;
  switch (target.type) {
    case 'complex':
      return compare(resource, valueOf(resource, attribute, position), op, value, position);
    case 'string':
    case 'reference':
    case 'binary': {
      if (!isAmong(positive, FILTER_OPERATORS[target.type])) throw unsupported(attribute, op, position);
      const text = stringValue(attribute, value, position);
      const { caseExact } = target;
      return negated({ kind: 'compare', attribute, valueType: 'string', op: positive, value: text, caseExact });
    }
    case 'boolean': {
      if (!isAmong(positive, FILTER_OPERATORS.boolean)) throw unsupported(attribute, op, position);
      const truth = booleanValue(attribute, value, position);
      return negated({ kind: 'compare', attribute, valueType: 'boolean', op: positive, value: truth });
    }
    case 'integer':
    case 'decimal': {
      if (!isAmong(positive, FILTER_OPERATORS[target.type])) throw unsupported(attribute, op, position);
      const number = numberValue(attribute, value, position);
      return negated({ kind: 'compare', attribute, valueType: 'number', op: positive, value: number });
    }
    case 'dateTime': {
      if (!isAmong(positive, FILTER_OPERATORS.dateTime)) throw unsupported(attribute, op, position);
      const epochMillis = dateTimeValue(attribute, value, position);
      return negated({ kind: 'compare', attribute, valueType: 'dateTime', op: positive, epochMillis });
    }
  }
}

/** Resolves `attribute op value`, where `attribute` has been resolved already. */
export function resolveComparison(
  resource: ResourceSchema,
  attribute: ResolvedAttribute,
  op: ComparisonOperator,
  value: ComparisonValue,
  position?: number,
): BooleanTree<ResolvedCompare | ResolvedPresent> {
  if (value !== null) return compare(resource, attribute, op, value, position);
  // Table 3 defines no comparison with null, but RFC 7643 §2.5 does: "Unassigned
  // attributes, the null value, or empty array … SHALL be considered to be equivalent".
  if (op === 'eq') return { kind: 'not', filter: { kind: 'present', attribute } };
  if (op === 'ne') return { kind: 'present', attribute };
  throw new InvalidFilterError(`null can only be compared with eq or ne, not ${op}`, position);
}
