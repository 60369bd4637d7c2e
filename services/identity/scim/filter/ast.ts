/**
 * THE typed AST of SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2), in two
 * forms:
 *
 * - the *written* form, which parse-filter.ts produces: attribute paths exactly as the
 *   client spelled them, every operator and value of the grammar;
 * - the *resolved* form, which resolve-filter.ts produces from it: every path resolved
 *   through the schema registry to its canonical spelling and characteristics, every
 *   value checked against the attribute's type. The store compilers and the reference
 *   evaluator (evaluate.ts) consume only this form, so they never see a misspelt or
 *   unknown attribute, a value of the wrong type, `ne`, or `null` (see ResolvedCompare).
 *
 * `and` and `or` are binary and left-associative, as the grammar's `logExp` reads:
 * `a and b and c` is `and(and(a, b), c)`.
 */
import type { AttributePath, ResolvedAttribute } from '../schema/registry';

/** The attribute operators of RFC 7644 §3.4.2.2, Table 3, except `pr` (a PresentNode). */
export const COMPARISON_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** `compValue`: a JSON false, null, true, number or string (RFC 7644 §3.4.2.2, Figure 1). */
export type ComparisonValue = string | number | boolean | null;

export interface AndNode<T> {
  kind: 'and';
  left: T;
  right: T;
}

export interface OrNode<T> {
  kind: 'or';
  left: T;
  right: T;
}

export interface NotNode<T> {
  kind: 'not';
  filter: T;
}

/** The kinds of the nodes that are not logical operators. */
export type LeafKind = 'compare' | 'present' | 'valuePath';

/** Leaves combined with `and`, `or` and `not`. */
export type BooleanTree<L> = L | AndNode<BooleanTree<L>> | OrNode<BooleanTree<L>> | NotNode<BooleanTree<L>>;

/** A sub-attribute named inside a value filter's brackets, relative to the bracketed attribute. */
export type RelativePath = Pick<AttributePath, 'attribute'>;

/**
 * `position` is the 0-based offset of the node's attribute path in the parsed text,
 * so that the resolver can point at an unknown attribute; nodes built in code may
 * leave it out.
 */
export interface CompareNode<P extends RelativePath = AttributePath> {
  kind: 'compare';
  path: P;
  op: ComparisonOperator;
  value: ComparisonValue;
  position?: number;
}

export interface PresentNode<P extends RelativePath = AttributePath> {
  kind: 'present';
  path: P;
  position?: number;
}

/**
 * The filter inside a value path's brackets. Its paths name sub-attributes of the
 * bracketed attribute, and it holds no value path of its own (errata 4690).
 */
export type ValueFilterNode = BooleanTree<CompareNode<RelativePath> | PresentNode<RelativePath>>;

/** `emails[type eq "work" and value co "@example.com"]`: one value must satisfy the whole filter. */
export interface ValuePathNode {
  kind: 'valuePath';
  path: Omit<AttributePath, 'subAttribute'>;
  filter: ValueFilterNode;
  position?: number;
}

/** A filter as written. */
export type FilterNode = BooleanTree<CompareNode | PresentNode | ValuePathNode>;

/**
 * A PATCH operation's `path` (RFC 7644 §3.5.2): `PATH = attrPath / valuePath [subAttr]`.
 * `members[value eq "2819c223"]` has a filter; `emails[type eq "work"].value` has a
 * filter and a subAttribute; `name.givenName` has neither (its sub-attribute is in path).
 */
export interface PatchPath {
  path: AttributePath;
  filter?: ValueFilterNode;
  subAttribute?: string;
}

/** Operators that order values; `eq` is among them so that one union covers each value type. */
export type OrderingOperator = 'eq' | 'gt' | 'ge' | 'lt' | 'le';
export type StringOperator = OrderingOperator | 'co' | 'sw' | 'ew';

interface ResolvedCompareBase {
  kind: 'compare';
  /** The attribute compared: never complex (a complex attribute compares its `value`). */
  attribute: ResolvedAttribute;
}

/** A string, reference or binary attribute. Binary attributes only ever carry `eq`. */
export interface StringCompare extends ResolvedCompareBase {
  valueType: 'string';
  op: StringOperator;
  value: string;
  /** The attribute's caseExact: when false, both sides are compared after foldCase (compare-strings.ts). */
  caseExact: boolean;
}

export interface BooleanCompare extends ResolvedCompareBase {
  valueType: 'boolean';
  op: 'eq';
  value: boolean;
}

/** An integer or decimal attribute, compared numerically. */
export interface NumberCompare extends ResolvedCompareBase {
  valueType: 'number';
  op: OrderingOperator;
  value: number;
}

/** A dateTime attribute, compared chronologically at millisecond precision (date-time.ts). */
export interface DateTimeCompare extends ResolvedCompareBase {
  valueType: 'dateTime';
  op: OrderingOperator;
  /** Milliseconds since 1970-01-01T00:00:00Z. */
  epochMillis: number;
}

/**
 * A comparison whose operator fits its value type. There is no `ne` and no `null`:
 * the resolver writes `x ne v` as `not (x eq v)`, `x eq null` as `not (x pr)` and
 * `x ne null` as `x pr`, so that every consumer gives them the same meaning.
 */
export type ResolvedCompare = StringCompare | BooleanCompare | NumberCompare | DateTimeCompare;

/** `pr`; on a complex attribute it tests the attribute itself, not its `value`. */
export interface ResolvedPresent {
  kind: 'present';
  attribute: ResolvedAttribute;
}

/**
 * The inner nodes' attributes are the full sub-attribute paths (`emails.type`); a
 * consumer reads `attribute.target.name` from each value of the complex attribute.
 */
export type ResolvedValueFilter = BooleanTree<ResolvedCompare | ResolvedPresent>;

/** A value path on a complex attribute (multi-valued or not: a single value is a collection of one). */
export interface ResolvedValuePath {
  kind: 'valuePath';
  attribute: ResolvedAttribute;
  filter: ResolvedValueFilter;
}

export type ResolvedFilter = BooleanTree<ResolvedCompare | ResolvedPresent | ResolvedValuePath>;
