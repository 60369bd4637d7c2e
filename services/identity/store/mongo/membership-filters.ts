/**
 * Filters on the attributes computed from membership edges: Group.members (direct
 * members, as listMembers shows them) and User.groups (direct and nested, each group
 * at its nearest depth, as groups/nesting.ts computes them). A find() cannot join, so
 * each such filter runs as queries of its own over the edges and the records they
 * name, and becomes `id ∈ {the ids that match}`. Each set is bounded: a filter that
 * needs more ids than MAX_IDS is refused with tooMany (RFC 7644 §3.12).
 */
import type { Collection, Document, Filter } from 'mongodb';
import { TooManyError } from '../../errors/scim-errors';
import type { ResolvedValueFilter } from '../../scim/filter/ast';
import { booleanCondition, booleanConditionOf, leavesOf } from './boolean-conditions';
import { constantCondition, holds, leafCondition, MATCH_ALL, MATCH_NONE, type Leaf } from './mongo-conditions';
import { chunks, edgesOfGroups, type EdgeDocument, type ResourceDocument } from './mongo-documents';
import type { FieldPaths } from './stored-json';

export const MAX_IDS = 100_000;

const DISPLAY: FieldPaths = { raw: 'display', fold: '_fold.display' };
const GROUP_ID: FieldPaths = { raw: 'id', fold: '_fold.id' };
const MEMBER_ID: FieldPaths = { raw: 'member', fold: '_fold.member' };
const MEMBER_TYPES = ['User', 'Group'] as const;

export interface MembershipCollections {
  users: Collection<ResourceDocument>;
  groups: Collection<ResourceDocument>;
  memberships: Collection<EdgeDocument>;
}

export class MembershipFilters {
  constructor(private readonly collections: MembershipCollections) {}

  /** Groups with a direct member that satisfies `filter` (any member when undefined). */
  async groupsWithMember(tenant: string, filter: ResolvedValueFilter | undefined): Promise<Document> {
    const edges = filter ? await booleanConditionOf(filter, (leaf) => this.memberCondition(tenant, leaf)) : MATCH_ALL;
    const groups = await this.ids(this.collections.memberships, [{ $and: [{ tenant }, edges] }], 'group');
    return { id: { $in: [...groups] } };
  }

  /** A condition on edges for one sub-attribute of a member: value and type are on the edge, display on the member. */
  private async memberCondition(tenant: string, leaf: Leaf): Promise<Document> {
    switch (leaf.attribute.target.name) {
      case 'value':
        return leafCondition(leaf, MEMBER_ID);
      case 'type':
        return { type: { $in: MEMBER_TYPES.filter((type) => holds(leaf, type)) } };
      case 'display': {
        const where = [{ $and: [{ tenant }, leafCondition(leaf, DISPLAY)] }];
        const users = await this.ids(this.collections.users, where, 'id');
        const groups = await this.ids(this.collections.groups, where, 'id');
        return {
          $or: [
            { type: { $eq: 'User' }, member: { $in: [...users] } },
            { type: { $eq: 'Group' }, member: { $in: [...groups] } },
          ],
        };
      }
      default:
        return MATCH_NONE;
    }
  }

  /**
   * Users with a group, direct or nested, that satisfies `filter` (any group when
   * undefined). A group is `direct` for the users that are its own members and
   * `indirect` for those only in groups below it.
   */
  async usersInGroups(tenant: string, filter: ResolvedValueFilter | undefined): Promise<Document> {
    const matching = (type: 'direct' | 'indirect') =>
      this.ids(this.collections.groups, [{ $and: [{ tenant }, filter ? booleanCondition(filter, (leaf) => groupCondition(leaf, type)) : MATCH_ALL] }], 'id');
    const direct = await matching('direct');
    const users = await this.userMembers(tenant, direct);
    if (!filter || !leavesOf(filter).some((leaf) => leaf.attribute.target.name === 'type')) {
      // Without a condition on type, a user matches when any matching group contains it at any depth.
      for (const user of await this.userMembers(tenant, await this.descendants(tenant, direct))) users.add(user);
    } else {
      for (const group of await matching('indirect')) {
        const own = await this.userMembers(tenant, new Set([group]));
        for (const user of await this.userMembers(tenant, await this.descendants(tenant, new Set([group])))) {
          if (!own.has(user)) users.add(user);
        }
      }
    }
    this.bounded(users);
    return { id: { $in: [...users] } };
  }

  /** The groups reachable downwards from `roots` through group members, one level per query. */
  private async descendants(tenant: string, roots: Set<string>): Promise<Set<string>> {
    const found = new Set<string>();
    let frontier = [...roots];
    while (frontier.length > 0) {
      const children = await this.ids(this.collections.memberships, chunks(frontier).map((part) => ({ tenant, ...edgesOfGroups(part), type: 'Group' })), 'member');
      frontier = [...children].filter((child) => !found.has(child));
      for (const child of frontier) found.add(child);
      this.bounded(found);
    }
    return found;
  }

  private userMembers(tenant: string, groups: Set<string>): Promise<Set<string>> {
    return this.ids(this.collections.memberships, chunks([...groups]).map((part) => ({ tenant, ...edgesOfGroups(part), type: 'User' })), 'member');
  }

  /** The distinct values of `field` in the documents each query finds. */
  private async ids<T extends Document>(collection: Collection<T>, queries: Document[], field: 'id' | 'group' | 'member'): Promise<Set<string>> {
    const found = new Set<string>();
    for (const query of queries) {
      for await (const document of collection.find(query as Filter<T>, { projection: { [field]: 1 } })) {
        found.add(String(document[field]));
        this.bounded(found);
      }
    }
    return found;
  }

  private bounded(ids: Set<string>): void {
    if (ids.size > MAX_IDS) {
      throw new TooManyError(`The filter needs more than ${MAX_IDS} group memberships to evaluate: narrow it.`);
    }
  }
}

/** A condition on group records for one sub-attribute of User.groups. */
function groupCondition(leaf: Leaf, type: 'direct' | 'indirect'): Document {
  switch (leaf.attribute.target.name) {
    case 'value':
      return leafCondition(leaf, GROUP_ID);
    case 'display':
      return leafCondition(leaf, DISPLAY);
    case 'type':
      return constantCondition(leaf, type);
    default:
      return MATCH_NONE;
  }
}
