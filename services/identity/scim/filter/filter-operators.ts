/**
 * Which comparison operators each attribute type accepts in a filter (RFC 7644
 * §3.4.2.2, Table 3). `pr` applies to every type and is not listed. Typed exhaustively,
 * so that a new attribute type cannot be added without deciding its row.
 */
import type { AttributeType } from '../schema/definitions';
import type { ComparisonOperator } from './ast';

const ALL = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
const ORDERED = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
/** "Boolean and Binary attributes SHALL cause a failed response … invalidFilter" for gt, ge, lt, le. */
const EQUALITY = ['eq', 'ne'] as const;

export const FILTER_OPERATORS = {
  string: ALL,
  reference: ALL,
  // Substrings of base64 text are not substrings of the binary value.
  binary: EQUALITY,
  boolean: EQUALITY,
  integer: ORDERED,
  decimal: ORDERED,
  // A substring of an instant's text depends on how it was written: only order it.
  dateTime: ORDERED,
  // A complex attribute is compared through its `value` sub-attribute (resolve-comparison.ts).
  complex: [],
} as const satisfies Record<AttributeType, readonly ComparisonOperator[]>;

export function isAmong<T extends ComparisonOperator>(op: ComparisonOperator, allowed: readonly T[]): op is T {
  return (allowed as readonly ComparisonOperator[]).includes(op);
}
