/**
 * THE reference evaluator: the executable definition of what a resolved filter means.
 * The SQL and MongoDB compilers are tested against it, so every rule is written here.
 *
 * Documents are canonical SCIM JSON: keys spelt as in the schema, extension attributes
 * under their schema URN (`doc["urn:…:enterprise:2.0:User"].department`), dateTimes as
 * xsd:dateTime strings (`meta.lastModified`). A value of the wrong JSON type for its
 * attribute never matches a comparison.
 *
 * 1. The values of a path. `emails.value` collects the `value` of every element of
 *    `emails`; an attribute that is absent or null has no values, an array has its
 *    elements. A single-valued complex attribute is a collection of one.
 * 2. Any value matches. A comparison matches when at least one value satisfies it
 *    (RFC 7644 §3.4.2.2: "only one has to match for the entire User to match"), so a
 *    comparison on an attribute with no values never matches.
 * 3. `ne` is `not (eq)`, and the resolver writes it so. An absent attribute therefore
 *    matches `ne`, and `emails.type ne "work"` means "no email has type work", not
 *    "some email has another type". Likewise `eq null` is `not pr` and `ne null` is `pr`
 *    (RFC 7643 §2.5: unassigned, null and [] are the same state).
 * 4. `pr` matches a non-empty value: not null, not "", not [], not an object whose
 *    values are all empty (RFC 7644 §3.4.2.2: "a non-empty node for complex
 *    attributes"). false and 0 are present.
 * 5. Strings compare after foldCase (lower-casing) unless the attribute is caseExact;
 *    `co`, `sw`, `ew` are literal substring, prefix and suffix tests (no pattern
 *    language anywhere); `gt`, `ge`, `lt`, `le` order by code point (compare-strings.ts).
 * 6. Numbers compare numerically, booleans by identity, dateTimes chronologically at
 *    millisecond precision (date-time.ts); a stored dateTime that does not parse
 *    matches no comparison.
 * 7. A value path `emails[type eq "work" and value co "@x"]` matches when one element
 *    satisfies the whole inner filter; inside it, rules 1–6 apply to that element.
 * 8. `and`, `or` and `not` are two-valued boolean logic: there is no "undefined".
 */
import type { ResolvedAttribute } from '../schema/registry';
import type {
  OrderingOperator,
  ResolvedCompare,
  ResolvedFilter,
  ResolvedPresent,
  ResolvedValueFilter,
  StringCompare,
} from './ast';
import { evaluateTree } from './boolean-tree';
import { compareCodePoints, foldCase } from './compare-strings';
import { parseDateTime } from './date-time';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type ScimJson = { [key: string]: JsonValue };

type JsonObject = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rule 1: the values a JSON value holds. */
function elements(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function topLevelValue(doc: ScimJson, attribute: ResolvedAttribute): JsonValue | undefined {
  const container = attribute.extension ? doc[attribute.schema] : doc;
  return isObject(container) ? container[attribute.definition.name] : undefined;
}

function documentValues(doc: ScimJson, attribute: ResolvedAttribute): JsonValue[] {
  const values = elements(topLevelValue(doc, attribute));
  const { subAttribute } = attribute;
  if (!subAttribute) return values;
  return values.flatMap((value) => (isObject(value) ? elements(value[subAttribute.name]) : []));
}

/** Rule 4. */
function isNonEmpty(value: JsonValue): boolean {
  if (value === null) return false;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.some(isNonEmpty);
  if (typeof value === 'object') return Object.values(value).some(isNonEmpty);
  return true;
}

function ordered(comparison: number, op: OrderingOperator): boolean {
  switch (op) {
    case 'eq':
      return comparison === 0;
    case 'gt':
      return comparison > 0;
    case 'ge':
      return comparison >= 0;
    case 'lt':
      return comparison < 0;
    case 'le':
      return comparison <= 0;
  }
}

/** Rule 5. */
function matchesString(node: StringCompare, value: string): boolean {
  const actual = node.caseExact ? value : foldCase(value);
  const expected = node.caseExact ? node.value : foldCase(node.value);
  switch (node.op) {
    case 'co':
      return actual.includes(expected);
    case 'sw':
      return actual.startsWith(expected);
    case 'ew':
      return actual.endsWith(expected);
    default:
      return ordered(compareCodePoints(actual, expected), node.op);
  }
}

/** Rules 5 and 6, for one value. */
function matchesValue(node: ResolvedCompare, value: JsonValue): boolean {
  switch (node.valueType) {
    case 'string':
      return typeof value === 'string' && matchesString(node, value);
    case 'boolean':
      return value === node.value;
    case 'number':
      return typeof value === 'number' && ordered(Math.sign(value - node.value), node.op);
    case 'dateTime': {
      const epochMillis = typeof value === 'string' ? parseDateTime(value) : undefined;
      return epochMillis !== undefined && ordered(Math.sign(epochMillis - node.epochMillis), node.op);
    }
  }
}

/** Rules 2 and 4, with `valuesOf` giving the values of an attribute in the current context. */
function matchesLeaf(
  node: ResolvedCompare | ResolvedPresent,
  valuesOf: (attribute: ResolvedAttribute) => JsonValue[],
): boolean {
  const values = valuesOf(node.attribute);
  return node.kind === 'present' ? values.some(isNonEmpty) : values.some((value) => matchesValue(node, value));
}

/** Rule 7: inside brackets, an attribute's values are those of one element. */
function matchesElement(filter: ResolvedValueFilter, element: JsonObject): boolean {
  return evaluateTree(filter, (node) => matchesLeaf(node, (attribute) => elements(element[attribute.target.name])));
}

/** True when `doc` satisfies `filter`. A document of unexpected shape does not match; it does not throw. */
export function matches(filter: ResolvedFilter, doc: ScimJson): boolean {
  return evaluateTree(filter, (node) => {
    if (node.kind !== 'valuePath') return matchesLeaf(node, (attribute) => documentValues(doc, attribute));
    return elements(topLevelValue(doc, node.attribute)).some(
      (element) => isObject(element) && matchesElement(node.filter, element),
    );
  });
}
