/**
 * Value filters against single elements of a multi-valued attribute. Matching is THE
 * reference evaluator's (evaluate.ts `matches`), asked about a document that holds just
 * that element, so PATCH selects exactly the elements a filter `emails[…]` would find.
 */
import type { ResolvedValueFilter, ValueFilterNode, CompareNode, RelativePath } from '../filter/ast';
import { isLogical } from '../filter/boolean-tree';
import { foldCase } from '../filter/compare-strings';
import { matches, type ScimJson as EvaluatedDocument } from '../filter/evaluate';
import { isPlainObject, type ScimJson } from '../resource/scim-json';
import type { ResolvedAttribute } from '../schema/registry';
import { findSubAttribute } from '../schema/registry';

/** True when `element`, one value of `attribute`, satisfies `filter`. */
export function elementMatches(attribute: ResolvedAttribute, filter: ResolvedValueFilter, element: unknown): boolean {
  if (!isPlainObject(element)) return false;
  const holder: ScimJson = { [attribute.definition.name]: [element] };
  const doc: ScimJson = attribute.extension ? { [attribute.schema]: holder } : holder;
  // Stored documents are JSON; the evaluator's type only spells that out.
  return matches({ kind: 'valuePath', attribute, filter }, doc as EvaluatedDocument);
}

type Equality = CompareNode<RelativePath> & { value: string | number | boolean };

/** The `eq` tests of a filter that is nothing but their conjunction, or undefined. */
function equalities(filter: ValueFilterNode): Equality[] | undefined {
  if (isLogical(filter)) {
    if (filter.kind !== 'and') return undefined;
    const left = equalities(filter.left);
    const right = equalities(filter.right);
    return left && right ? [...left, ...right] : undefined;
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.value === null) return undefined;
  return [filter as Equality];
}

/**
 * The element that a filter of `eq` tests describes, for the create-on-absent dialect
 * (Entra: `emails[type eq "work"].value` on a user with no work email;
 * test/fixtures/idp/entra/patch-create-on-absent.json). Undefined when the filter is not
 * a conjunction of `eq` tests, or when it compares an attribute that has canonical
 * values with a value that is not one of them: `emails[type eq "wrok"].value` is far
 * more likely a mistake than a wish for an email of type "wrok", so it stays noTarget.
 * The caller normalizes the result and checks that it satisfies the filter.
 */
export function describedElement(attribute: ResolvedAttribute, filter: ValueFilterNode): ScimJson | undefined {
  const tests = equalities(filter);
  if (!tests) return undefined;
  const element: ScimJson = {};
  for (const test of tests) {
    const sub = findSubAttribute(attribute.definition, test.path.attribute);
    if (!sub) return undefined;
    const canonical = sub.canonicalValues;
    if (canonical && canonical.length > 0) {
      const fold = (text: string) => (sub.caseExact ? text : foldCase(text));
      if (typeof test.value !== 'string' || !canonical.some((value) => fold(value) === fold(test.value as string))) return undefined;
    }
    element[sub.name] = test.value;
  }
  return element;
}
