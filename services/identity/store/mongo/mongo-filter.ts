/**
 * Compiles resolved SCIM filters to MongoDB query documents for one collection, with
 * the meaning of the reference evaluator (scim/filter/evaluate.ts), which the
 * differential test in test/store holds it to. Leaves are conditions on stored
 * members (mongo-conditions.ts); id and meta are fields of the document; the
 * attributes computed from edges are sets of ids (membership-filters.ts).
 */
import type { Document } from 'mongodb';
import type { ResolvedCompare, ResolvedFilter, ResolvedPresent, ResolvedValueFilter } from '../../scim/filter/ast';
import type { ResolvedAttribute } from '../../scim/schema/registry';
import { booleanCondition, booleanConditionOf } from './boolean-conditions';
import { columnOf, docContainer, docPaths, isComputed, type CollectionSpec } from './collection-specs';
import { constantCondition, leafCondition } from './mongo-conditions';
import type { MembershipFilters } from './membership-filters';
import { escapeKey, FOLD } from './stored-json';

/**
 * How "one element of the array at `arrayPath` satisfies a condition" is asked:
 * `element(prefix)` is the condition on the element whose fields are at `prefix`.
 */
export type ElementMatch = (tenant: string, arrayPath: string, element: (prefix: string) => Document) => Promise<Document>;

/** MongoDB's own way. */
export const elemMatch: ElementMatch = async (_tenant, arrayPath, element) => ({ [arrayPath]: { $elemMatch: element('') } });

export class MongoFilterCompiler {
  constructor(
    private readonly spec: CollectionSpec,
    private readonly memberships: MembershipFilters,
    private readonly elementMatch: ElementMatch,
  ) {}

  compile(tenant: string, filter: ResolvedFilter): Promise<Document> {
    return booleanConditionOf(filter, (node) => (node.kind === 'valuePath' ? this.valuePath(tenant, node.attribute, node.filter) : this.leaf(tenant, node)));
  }

  private async leaf(tenant: string, node: ResolvedCompare | ResolvedPresent): Promise<Document> {
    const { attribute } = node;
    // `members pr` asks for any element; `members.display co "x"` for one whose display does.
    if (isComputed(this.spec, attribute)) return this.computed(tenant, attribute.subAttribute ? node : undefined);
    const column = columnOf(this.spec, attribute.path);
    if (column) return 'constant' in column ? constantCondition(node, column.constant) : leafCondition(node, column);
    return leafCondition(node, docPaths(attribute));
  }

  /** `emails[type eq "work" and value co "@x"]`: one element satisfies the whole inner filter (evaluate.ts rule 7). */
  private async valuePath(tenant: string, attribute: ResolvedAttribute, filter: ResolvedValueFilter): Promise<Document> {
    if (isComputed(this.spec, attribute)) return this.computed(tenant, filter);
    const container = docContainer(attribute);
    const element = (prefix: string) =>
      booleanCondition(filter, (leaf) => {
        const name = escapeKey(leaf.attribute.target.name);
        return leafCondition(leaf, { raw: `${prefix}${name}`, fold: `${prefix}${FOLD}.${name}` });
      });
    if (attribute.definition.multiValued) return this.elementMatch(tenant, container, element);
    // A single-valued complex attribute is a collection of one: the object must be there.
    return { $and: [{ [container]: { $exists: true } }, element(`${container}.`)] };
  }

  private computed(tenant: string, filter: ResolvedValueFilter | undefined): Promise<Document> {
    return this.spec.kind === 'Group' ? this.memberships.groupsWithMember(tenant, filter) : this.memberships.usersInGroups(tenant, filter);
  }
}
