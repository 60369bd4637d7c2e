/** What is particular to users: the write-only password and the computed `groups`. */
import type { ResourceHooks } from '../resources/resource-service';
import type { MembershipStore, ResourceWrite } from '../store/port';
import { groupsContaining } from '../groups/nesting';
import { hashPassword } from './password-hash';

export function userHooks(memberships: MembershipStore): ResourceHooks {
  return {
    async toWrite(_tenant, doc): Promise<ResourceWrite> {
      const { password, ...rest } = doc;
      // RFC 7643 §4.1.1: the password is writeOnly; only its hash is kept, outside the document.
      return typeof password === 'string' ? { doc: rest, passwordHash: await hashPassword(password) } : { doc: rest };
    },

    edgeAttributes: [],

    async edgeUpdate() {
      return {};
    },

    async addComputed(tenant, id, resource, projection) {
      if (!projection.wantsCore('groups')) return;
      const groups = await groupsContaining(memberships, tenant, id);
      if (groups.length > 0) resource.groups = groups;
    },
  };
}
