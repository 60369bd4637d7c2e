/** What is particular to groups: members kept as edges, checked to exist in the tenant. */
import { InvalidValueError } from '../errors/scim-errors';
import type { ResourceHooks } from '../resources/resource-service';
import { isPlainObject } from '../scim/resource/scim-json';
import { assertNoCycle } from './nesting';
import type { MemberRef, MembershipStore, ResourceUpdate, ResourceWrite } from '../store/port';

export function groupHooks(memberships: MembershipStore): ResourceHooks {
  return {
    async toWrite(tenant, doc, previous, keepEdges): Promise<ResourceWrite> {
      const { members, ...rest } = doc;
      if (keepEdges) return { doc: rest };
      return { doc: rest, members: await resolveMembers(memberships, tenant, members, previous?.id) };
    },

    edgeAttributes: ['members'],

    /** A PATCH on members: only the added members are looked up; nothing reads the rest. */
    async edgeUpdate(tenant, id, delta): Promise<ResourceUpdate> {
      if (delta.replace) {
        return { members: await resolveMembers(memberships, tenant, delta.replace.map((value) => ({ value })), id) };
      }
      const add = await resolveMembers(memberships, tenant, delta.add.map((value) => ({ value })), id);
      return { memberDelta: { add, remove: delta.remove } };
    },

    async addComputed(tenant, id, resource, projection) {
      // Members are read only when the caller wants them: excludedAttributes=members never touches the edges.
      if (!projection.wantsCore('members')) return;
      const members = await memberships.listMembers(tenant, id);
      if (members.length > 0) resource.members = members;
    },
  };
}

/**
 * Reads member values from a normalized `members` list and checks each names a User
 * or Group of this tenant. The stored type is the one found, whatever the client said.
 */
async function resolveMembers(
  memberships: MembershipStore,
  tenant: string,
  members: unknown,
  groupId: string | undefined,
): Promise<MemberRef[]> {
  const ids = [...new Set((Array.isArray(members) ? members : []).filter(isPlainObject).map((member) => member.value))];
  if (ids.some((id) => typeof id !== 'string')) throw new InvalidValueError('Every member needs a value: the id of a User or Group.', 'members.value');
  const values = ids as string[];
  if (groupId !== undefined && values.includes(groupId)) {
    throw new InvalidValueError('A group cannot be a member of itself.', 'members.value');
  }
  const found = await memberships.resolveMembers(tenant, values);
  const missing = values.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((id) => JSON.stringify(id.slice(0, 100))).join(', ');
    throw new InvalidValueError(`No User or Group with id ${shown}${missing.length > 5 ? ' (and others)' : ''} exists in this tenant.`, 'members.value');
  }
  const resolved = values.map((value) => ({ value, type: found.get(value)! }));
  if (groupId !== undefined) {
    const groups = resolved.filter((member) => member.type === 'Group').map((member) => member.value);
    await assertNoCycle(memberships, tenant, groupId, groups);
  }
  return resolved;
}
