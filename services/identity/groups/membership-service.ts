/**
 * Membership questions internal callers ask over gRPC: "who is in this group", a page
 * at a time (a group may have 100k members), and "which groups is this member in",
 * nested groups included.
 */
import { NotFoundError } from '../errors/scim-errors';
import { PageTokens, queryKey } from '../scim/page-tokens';
import type { IdentityStore, MemberView } from '../store/port';
import { groupsContaining, type GroupMembership } from './nesting';

export const DEFAULT_MEMBER_PAGE = 1000;
export const MAX_MEMBER_PAGE = 10_000;

export class MembershipService {
  constructor(
    private readonly store: IdentityStore,
    private readonly pageTokens: PageTokens,
  ) {}

  async members(tenant: string, groupId: string, pageSize: number, pageToken: string): Promise<{ members: MemberView[]; nextPageToken: string }> {
    if (!(await this.store.groups.get(tenant, groupId))) throw new NotFoundError('Group', groupId);
    const limit = Math.min(MAX_MEMBER_PAGE, pageSize > 0 ? pageSize : DEFAULT_MEMBER_PAGE);
    const query = queryKey([tenant, 'members', groupId]);
    const after = pageToken ? this.pageTokens.read(pageToken, query).id : undefined;
    // One more than the page tells whether another page follows.
    const found = await this.store.memberships.listMembers(tenant, groupId, { after, limit: limit + 1 });
    const members = found.slice(0, limit);
    const last = members[members.length - 1];
    const nextPageToken = found.length > limit && last ? this.pageTokens.issue({ value: null, id: last.value }, query) : '';
    return { members, nextPageToken };
  }

  async groupsOf(tenant: string, memberId: string): Promise<GroupMembership[]> {
    const exists = (await this.store.users.get(tenant, memberId)) ?? (await this.store.groups.get(tenant, memberId));
    if (!exists) throw new NotFoundError('User or Group', memberId);
    return groupsContaining(this.store.memberships, tenant, memberId);
  }
}
