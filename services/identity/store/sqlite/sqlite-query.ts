/**
 * Compiles resolved SCIM filters and sort keys to SQLite, for one table. Every value
 * and every JSON path is a bound parameter (sql-fragment.ts): no part of a filter ever
 * becomes SQL text. The meaning is the reference evaluator's (scim/filter/evaluate.ts),
 * and the differential test holds the two together. How:
 *
 * - Documents are stored normalized, so a stored value always has its attribute's
 *   type and an unassigned value is absent, never null, "" or []; `pr` is therefore
 *   "the JSON path exists".
 * - Strings of caseExact=false attributes compare through scim_fold(), the same
 *   Unicode lower-casing as foldCase() (SQLite's lower() folds ASCII only). SQLite
 *   orders TEXT by UTF-8 bytes, which is code point order, as the evaluator does.
 * - dateTimes are stored as toISOString() strings, whose text order is their time order.
 * - `co`, `sw`, `ew` use instr() and substr(): no LIKE, so no wildcard can be injected.
 * - Indexed columns (id, userName, externalId, displayName, meta dates) are compared
 *   directly so the planner uses the tenant-first indexes; `emails.value eq` also
 *   goes through the user_emails side table.
 */
import { InvalidValueError } from '../../errors/scim-errors';
import type { BooleanTree, OrderingOperator, ResolvedCompare, ResolvedFilter, ResolvedPresent, ResolvedValueFilter } from '../../scim/filter/ast';
import { foldCase } from '../../scim/filter/compare-strings';
import type { ResolvedAttribute } from '../../scim/schema/registry';
import type { ListPosition, SortKey } from '../port';
import { raw, sql, type SqlFragment, type SqlValue } from './sql-fragment';
import type { ElementSource, TableSpec } from './table-specs';

/** `$."name"."sub"`: a JSON path with every key quoted, so URNs with colons and dots are one key. */
export function jsonPath(...keys: string[]): string {
  return '$' + keys.map((key) => `."${key.replace(/["\\]/g, '\\$&')}"`).join('');
}

function topLevelKeys(attribute: ResolvedAttribute): string[] {
  return attribute.extension ? [attribute.schema, attribute.definition.name] : [attribute.definition.name];
}

const OPERATOR: Record<OrderingOperator, SqlFragment> = { eq: raw('='), gt: raw('>'), ge: raw('>='), lt: raw('<'), le: raw('<=') };

type Leaf = ResolvedCompare | ResolvedPresent;

/**
 * The least string above every string that starts with `prefix`, in code point order
 * (SQLite's: UTF-8 bytes): the prefix with its last code point raised by one, skipping
 * the surrogates, carrying past U+10FFFF. Undefined when there is none (an empty prefix,
 * or one of U+10FFFF only) or the prefix holds a lone surrogate, which SQLite stores as
 * U+FFFD: then only the lower bound is used.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = [...prefix].map((character) => character.codePointAt(0)!);
  if (points.some((point) => point >= 0xd800 && point <= 0xdfff)) return undefined;
  while (points.length > 0) {
    const raised = points.pop()! + 1;
    if (raised <= 0x10ffff) return String.fromCodePoint(...points, raised === 0xd800 ? 0xe000 : raised);
  }
  return undefined;
}

/** A condition on one scalar expression. `folded` says the expression is already scim_fold()ed. */
function compareScalar(expression: SqlFragment, node: ResolvedCompare, folded = false): SqlFragment {
  switch (node.valueType) {
    case 'boolean':
      // json_extract reads JSON true as 1.
      return sql`${expression} IS ${node.value ? 1 : 0}`;
    case 'number':
      return sql`${expression} ${OPERATOR[node.op]} ${node.value}`;
    case 'dateTime':
      return sql`${expression} ${OPERATOR[node.op]} ${new Date(node.epochMillis).toISOString()}`;
    case 'string': {
      const subject = !node.caseExact && !folded ? sql`scim_fold(${expression})` : expression;
      const value = node.caseExact ? node.value : foldCase(node.value);
      switch (node.op) {
        case 'co':
          return sql`instr(${subject}, ${value}) > 0`;
        case 'sw': {
          // The range lets an index on the column serve the prefix, and count only the matches; substr() makes it exact.
          const upper = prefixUpperBound(value);
          const range = upper === undefined ? sql`${subject} >= ${value}` : sql`${subject} >= ${value} AND ${subject} < ${upper}`;
          return sql`(${range} AND substr(${subject}, 1, length(${value})) = ${value})`;
        }
        case 'ew':
          return sql`(length(${subject}) >= length(${value}) AND substr(${subject}, -length(${value})) = ${value})`;
        default:
          return sql`${subject} ${OPERATOR[node.op]} ${value}`;
      }
    }
  }
}

function leafOn(expression: SqlFragment, node: Leaf, folded = false): SqlFragment {
  return node.kind === 'present' ? sql`${expression} IS NOT NULL` : compareScalar(expression, node, folded);
}

function tree<L extends { kind: 'compare' | 'present' | 'valuePath' }>(node: BooleanTree<L>, leaf: (node: L) => SqlFragment): SqlFragment {
  switch (node.kind) {
    case 'and':
      return sql`(${tree(node.left, leaf)} AND ${tree(node.right, leaf)})`;
    case 'or':
      return sql`(${tree(node.left, leaf)} OR ${tree(node.right, leaf)})`;
    case 'not':
      // Two-valued logic: a NULL (absent value) inside reads as false before NOT.
      return sql`NOT coalesce(${tree(node.filter, leaf)}, 0)`;
    default:
      return leaf(node as L);
  }
}

/** Compiles filters and sort keys for one table, whose rows are aliased `t`. */
export class SqliteQueryCompiler {
  constructor(private readonly spec: TableSpec) {}

  filter(filter: ResolvedFilter): SqlFragment {
    return tree(filter, (node) => (node.kind === 'valuePath' ? this.valuePath(node.attribute, node.filter) : this.leaf(node)));
  }

  /** A comparison or `pr` on a path from the document root. */
  private leaf(node: Leaf): SqlFragment {
    const attribute = node.attribute;
    const column = this.spec.column(attribute.path);
    if (column) return leafOn(raw(column.sql), node, column.folded);
    const source = this.spec.elementSource(attribute);
    if (source) {
      const sub = attribute.subAttribute ? source.sub[attribute.subAttribute.name] : undefined;
      const condition = attribute.subAttribute ? (sub ? leafOn(raw(sub), node) : raw('0')) : raw('1');
      return this.overElements(source, condition);
    }
    const keys = topLevelKeys(attribute);
    if (attribute.definition.multiValued) {
      const element = attribute.subAttribute ? sql`json_extract(e.value, ${jsonPath(attribute.subAttribute.name)})` : raw('e.value');
      const condition = this.spec.emailIndexed(attribute, node) ?? raw('1');
      return sql`(${condition} AND EXISTS (SELECT 1 FROM json_each(t.doc, ${jsonPath(...keys)}) e WHERE ${leafOn(element, node)}))`;
    }
    const path = jsonPath(...keys, ...(attribute.subAttribute ? [attribute.subAttribute.name] : []));
    if (node.kind === 'present') return sql`json_type(t.doc, ${path}) IS NOT NULL`;
    return compareScalar(sql`json_extract(t.doc, ${path})`, node);
  }

  /** `emails[type eq "work" and value co "@x"]`: one element satisfies the whole inner filter. */
  private valuePath(attribute: ResolvedAttribute, filter: ResolvedValueFilter): SqlFragment {
    const source = this.spec.elementSource(attribute);
    if (source) return this.overElements(source, tree(filter, (node) => this.onElement(source, node)));
    const keys = jsonPath(...topLevelKeys(attribute));
    const inner = tree(filter, (node) => leafOn(sql`json_extract(e.value, ${jsonPath(node.attribute.target.name)})`, node));
    // A single-valued complex attribute is a collection of one; json_each over an object would walk its keys.
    const elements = attribute.definition.multiValued
      ? sql`json_each(t.doc, ${keys}) e`
      : sql`(SELECT json_extract(t.doc, ${keys}) AS value WHERE json_type(t.doc, ${keys}) = 'object') e`;
    const hint = this.spec.emailIndexedValuePath(attribute, conjunctEquality(filter, 'value')) ?? raw('1');
    return sql`(${hint} AND EXISTS (SELECT 1 FROM ${elements} WHERE ${inner}))`;
  }

  private onElement(source: ElementSource, node: Leaf): SqlFragment {
    const expression = source.sub[node.attribute.target.name];
    return expression ? leafOn(raw(expression), node) : raw('0');
  }

  private overElements(source: ElementSource, condition: SqlFragment): SqlFragment {
    return sql`EXISTS (${raw(source.select)} AND ${condition})`;
  }

  /** What a sort key orders by, as described on SortKey. */
  sortOrder(sort: SortKey): SortOrder {
    const column = this.spec.column(sort.attribute.path);
    if (column) return { expression: raw(column.sql), nulls: column.nullable ? 'column' : 'none' };
    return { expression: this.sortExpression(sort), nulls: 'expression' };
  }

  private sortExpression(sort: SortKey): SqlFragment {
    const attribute = sort.attribute;
    if (this.spec.elementSource(attribute)) {
      throw new InvalidValueError(`sortBy cannot name ${attribute.path}: it is computed, not stored.`, attribute.path);
    }
    const fold = (expression: SqlFragment) =>
      attribute.target.type === 'string' && !attribute.target.caseExact ? sql`scim_fold(${expression})` : expression;
    const keys = topLevelKeys(attribute);
    if (!attribute.definition.multiValued) {
      return fold(sql`json_extract(t.doc, ${jsonPath(...keys, ...(attribute.subAttribute ? [attribute.subAttribute.name] : []))})`);
    }
    // RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value (else, here, its first).
    const complex = attribute.definition.subAttributes !== undefined;
    const element = complex ? sql`json_extract(e.value, ${jsonPath(attribute.subAttribute?.name ?? 'value')})` : raw('e.value');
    const primaryFirst = complex ? raw(`json_extract(e.value, '$.primary') IS 1 DESC, `) : raw('');
    return fold(sql`(SELECT ${element} FROM json_each(t.doc, ${jsonPath(...keys)}) e ORDER BY ${primaryFirst}CAST(e.key AS INTEGER) LIMIT 1)`);
  }
}

/** The value of an `eq` test on sub-attribute `name` that the whole value filter requires (a top-level conjunct). */
function conjunctEquality(filter: ResolvedValueFilter, name: string): ResolvedCompare | undefined {
  if (filter.kind === 'and') return conjunctEquality(filter.left, name) ?? conjunctEquality(filter.right, name);
  if (filter.kind === 'compare' && filter.op === 'eq' && filter.attribute.target.name === name) return filter;
  return undefined;
}

function storedSortValue(value: ListPosition['value']): SqlValue {
  return value === true ? 1 : value === false ? 0 : value;
}

/**
 * Keyset continuation after `after`. Ascending order is (value is null, value, id):
 * records without a value come last; descending is the exact reverse.
 */
export function afterPosition(sortExpression: SqlFragment | undefined, descending: boolean, after: ListPosition): SqlFragment {
  if (!sortExpression) return descending ? sql`t.id < ${after.id}` : sql`t.id > ${after.id}`;
  const v = sortExpression;
  const value = storedSortValue(after.value);
  if (!descending) {
    if (value === null) return sql`(${v} IS NULL AND t.id > ${after.id})`;
    return sql`(${v} IS NULL OR ${v} > ${value} OR (${v} = ${value} AND t.id > ${after.id}))`;
  }
  if (value === null) return sql`(${v} IS NOT NULL OR t.id < ${after.id})`;
  return sql`(${v} IS NOT NULL AND (${v} < ${value} OR (${v} = ${value} AND t.id < ${after.id})))`;
}

/**
 * The sort value's expression, and where its NULLs (records without a value) come from:
 * `none`, a column never NULL; `column`, a nullable column, served by an index on
 * (tenant_id, column IS NULL, column, id) where it has one (table-specs.ts
 * ColumnMapping.nullable); `expression`, anything else, sorted per query.
 */
export interface SortOrder {
  expression: SqlFragment;
  nulls: 'none' | 'column' | 'expression';
}

/**
 * The order of afterPosition: by `sortValue`, the select list's alias of the sort
 * expression, then by id. Each form is the one an index can serve: a column's own
 * index, or its (IS NULL, column, id) index; an expression has no index, and named
 * by its alias it is computed once per row, not once per mention (its JSON path is a
 * fresh parameter each time).
 */
export function orderBy(sort: SortOrder | undefined, sortValue: string, descending: boolean): SqlFragment {
  const direction = descending ? 'DESC' : 'ASC';
  if (!sort) return raw(`ORDER BY t.id ${direction}`);
  switch (sort.nulls) {
    case 'none':
      return raw(`ORDER BY ${sortValue} ${direction}, t.id ${direction}`);
    case 'column':
      return raw(`ORDER BY (${sortValue} IS NULL) ${direction}, ${sortValue} ${direction}, t.id ${direction}`);
    case 'expression':
      return raw(`ORDER BY ${sortValue} ${direction} NULLS ${descending ? 'FIRST' : 'LAST'}, t.id ${direction}`);
  }
}
