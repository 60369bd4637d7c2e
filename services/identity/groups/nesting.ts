/**
 * Nested groups (RFC 7643 §4.2: members may be groups). Membership is stored as
 * direct edges only; what nesting implies is computed here by walking the edges
 * upwards, level by level: the lookups of one level's groups go to the store side by
 * side (at most LOOKUPS_AT_ONCE), so a walk takes one round trip per level, not one per
 * group. It is bounded, so a pathological graph cannot run away.
 */
import { InvalidValueError } from '../errors/scim-errors';
import type { GroupMembershipView, MembershipStore } from '../store/port';

/** The most groups one walk visits; beyond it the walk stops and says so. */
export const MAX_NESTED_GROUPS = 10_000;
/** The most listGroupsOf lookups in flight at once during one walk. */
const LOOKUPS_AT_ONCE = 64;

export interface GroupMembership extends GroupMembershipView {
  type: 'direct' | 'indirect';
}

/** Every group that contains `memberId`, directly or through nested groups, nearest first. */
export async function groupsContaining(memberships: MembershipStore, tenant: string, memberId: string): Promise<GroupMembership[]> {
  const found = new Map<string, GroupMembership>();
  let frontier: GroupMembership[] = (await memberships.listGroupsOf(tenant, memberId)).map((group) => ({ ...group, type: 'direct' }));
  while (frontier.length > 0) {
    const reached: string[] = [];
    for (const group of frontier) {
      if (found.has(group.value) || group.value === memberId) continue;
      if (found.size >= MAX_NESTED_GROUPS) {
        throw new InvalidValueError(`Group nesting is deeper or wider than ${MAX_NESTED_GROUPS} groups.`, 'members');
      }
      found.set(group.value, group);
      reached.push(group.value);
    }
    // The next level: the parents of the groups just reached, in the order those were reached.
    const next: GroupMembership[] = [];
    for (let start = 0; start < reached.length; start += LOOKUPS_AT_ONCE) {
      const parents = await Promise.all(reached.slice(start, start + LOOKUPS_AT_ONCE).map((id) => memberships.listGroupsOf(tenant, id)));
      for (const parent of parents.flat()) next.push({ ...parent, type: 'indirect' });
    }
    frontier = next;
  }
  return [...found.values()];
}

/**
 * Refuses to make `groupIds` members of `parentId` when one of them already contains
 * `parentId` (or is it): the membership graph must stay acyclic, or "which groups is
 * this user in" has no answer.
 */
export async function assertNoCycle(memberships: MembershipStore, tenant: string, parentId: string, groupIds: string[]): Promise<void> {
  if (groupIds.length === 0) return;
  const ancestors = new Set([parentId, ...(await groupsContaining(memberships, tenant, parentId)).map((group) => group.value)]);
  const cyclic = groupIds.find((id) => ancestors.has(id));
  if (cyclic !== undefined) {
    throw new InvalidValueError(
      `Group ${JSON.stringify(cyclic.slice(0, 100))} cannot be a member here: it already contains this group, which would make a cycle.`,
      'members.value',
    );
  }
}
