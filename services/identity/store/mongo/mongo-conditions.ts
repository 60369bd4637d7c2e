/**
 * Query conditions for one comparison or `pr` on one stored member, with the meaning
 * the reference evaluator gives them (scim/filter/evaluate.ts, rules 2 and 4–6):
 *
 * - Values are data: every one goes in as the operand of an explicit operator ($eq,
 *   $gt, …), never as a key or an operator; field names come from the schema, escaped.
 * - Strings of caseExact=false attributes are compared on the `_fold` copy with the
 *   folded value. MongoDB orders strings by their UTF-8 bytes, which is code point
 *   order, as compareCodePoints() does.
 * - `co`, `sw`, `ew` are regular expressions built from the escaped literal only:
 *   `sw` anchored with `^`, `ew` with `\z` (`$` would also match before a final
 *   newline in PCRE), no options.
 * - dateTimes are stored as toISOString() text, whose order is their time order, and
 *   compared with the value as that text; meta dates are BSON dates.
 * - Stored documents are normalized (no null, "" or [] values), so `pr` is "exists".
 * - A multi-valued path matches when any of its values does: MongoDB's own reading.
 */
import type { Document } from 'mongodb';
import type { OrderingOperator, ResolvedCompare, ResolvedPresent } from '../../scim/filter/ast';
import { foldCase } from '../../scim/filter/compare-strings';
import { matches, type JsonValue } from '../../scim/filter/evaluate';
import type { FieldPaths } from './stored-json';

export type Leaf = ResolvedCompare | ResolvedPresent;

export const MATCH_ALL: Document = {};
/** Nothing matches the negation of the empty condition. */
export const MATCH_NONE: Document = { $nor: [{}] };

const OPERATORS = { eq: '$eq', gt: '$gt', ge: '$gte', lt: '$lt', le: '$lte' } as const satisfies Record<OrderingOperator, string>;

/** A regular expression source that matches `text` literally. NUL is written `\x00`: the server refuses it raw. */
export function literalPattern(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&').replace(/\0/g, '\\x00');
}

export function leafCondition(node: Leaf, field: FieldPaths): Document {
  if (node.kind === 'present') return { [field.raw]: { $exists: true } };
  switch (node.valueType) {
    case 'boolean':
      return { [field.raw]: { $eq: node.value } };
    case 'number':
      return { [field.raw]: { [OPERATORS[node.op]]: node.value } };
    case 'dateTime': {
      const instant = new Date(node.epochMillis);
      return { [field.raw]: { [OPERATORS[node.op]]: field.dates ? instant : instant.toISOString() } };
    }
    case 'string': {
      const path = node.caseExact ? field.raw : field.fold;
      if (path === undefined) throw new Error(`${field.raw} has no folded copy to compare ${node.attribute.path} with.`);
      const value = node.caseExact ? node.value : foldCase(node.value);
      switch (node.op) {
        case 'co':
          return { [path]: { $regex: literalPattern(value) } };
        case 'sw':
          return { [path]: { $regex: `^${literalPattern(value)}` } };
        case 'ew':
          return { [path]: { $regex: `${literalPattern(value)}\\z` } };
        default:
          return { [path]: { [OPERATORS[node.op]]: value } };
      }
    }
  }
}

/**
 * Whether a value the store does not keep, because it is the same for a whole set of
 * records (meta.resourceType, members.type, groups.type), satisfies `node`: the
 * reference evaluator decides, on a document holding just that value.
 */
export function holds(node: Leaf, value: JsonValue): boolean {
  const { attribute } = node;
  const leafValue: JsonValue = attribute.subAttribute ? { [attribute.subAttribute.name]: value } : value;
  const top = { [attribute.definition.name]: leafValue };
  return matches(node, attribute.extension ? { [attribute.schema]: top } : top);
}

export function constantCondition(node: Leaf, value: JsonValue): Document {
  return holds(node, value) ? MATCH_ALL : MATCH_NONE;
}
