/**
 * The storage port: everything the identity service needs from a database, and
 * nothing SCIM-specific beyond what indexes need. Two adapters implement it:
 * SQLite (./sqlite, the embedded default) and MongoDB. The contract suite in
 * test/store runs against both.
 *
 * Guarantees every adapter gives:
 * - Tenant isolation: every method takes the tenant id and never reads or writes
 *   another tenant's records; ids are only unique within a tenant.
 * - Each write is atomic on its own: a reader sees the whole write or none of it.
 * - Versions: a record's `version` starts at 1 and grows by one on every write.
 *   `replace` and `delete` with `expectedVersion` are compare-and-swaps: they apply
 *   only if the stored version still equals it, else throw VersionConflict.
 * - Uniqueness: a user's userName is unique per tenant after lower-casing
 *   (`userNameKey`); a violating insert or replace throws UniquenessError('userName')
 *   and changes nothing. Adapters enforce it with a unique index, not a read first.
 * - Failures to reach the database throw StoreUnavailableError; nothing else leaks
 *   a driver message.
 * - Events: a write that carries a ChangeRecord (`event`) records it in the tenant's
 *   change feed if and only if the write takes effect, at the resource's new version,
 *   in the order the tenant's writes took effect (events/event-store.ts has the
 *   guarantees of the feed, docs/events.md the argument for each adapter). A write
 *   that changes member edges fills in the record's `membersAdded` and
 *   `membersRemoved`: exactly the edges it wrote, or (an adapter whose edges follow
 *   the record's write, MongoDB) the ids a member delta asked to add and remove, and
 *   for a new member list its difference from the edges it replaced; consumers apply
 *   them as set operations.
 */
import type { ChangeRecord } from '../events/change-event';
import type { EventStore } from '../events/event-store';
import type { ResolvedFilter } from '../scim/filter/ast';
import type { TenancyStore } from '../tenancy/tenancy-store';
import type { ResolvedAttribute } from '../scim/schema/registry';
import type { ScimJson } from '../scim/resource/scim-json';

export type ResourceKind = 'User' | 'Group';

/** A stored user or group. `doc` holds the SCIM attributes without id, meta, password and computed ones. */
export interface StoredResource {
  id: string;
  version: number;
  created: Date;
  lastModified: Date;
  doc: ScimJson;
}

/** What a write stores: the SCIM document and the secret that never goes in it. */
export interface ResourceWrite {
  doc: ScimJson;
  /** Users only: a slow hash of the password, or undefined to keep (replace) or have none (insert). */
  passwordHash?: string;
  /**
   * Groups only: when given, the group's members become exactly these in the same
   * write (only the difference is written); when undefined, members are untouched.
   */
  members?: MemberRef[];
  /**
   * The change to record in the tenant's event feed with this write. Every write of the
   * service carries one; on MongoDB its outbox is also what keeps two concurrent member
   * writes of one group from interleaving (mongo-collection.ts).
   */
  event?: ChangeRecord;
}

/** Groups only: members to add and remove, by id, without reading the rest. */
export interface MemberDelta {
  add: MemberRef[];
  remove: string[];
}

/**
 * What a replace or modify writes. An undefined `doc` keeps the stored document (a
 * PATCH that only changes members); `memberDelta` adds and removes edges, costing
 * O(changes) whatever the group's size. `members` and `memberDelta` never come together.
 */
export interface ResourceUpdate extends Partial<ResourceWrite> {
  memberDelta?: MemberDelta;
}

export interface MemberRef {
  value: string;
  type: ResourceKind;
}

/** A member as read back, with the display name of the resource it points to. */
export interface MemberView extends MemberRef {
  display?: string;
}

/** A group a user belongs to, as read back. */
export interface GroupMembershipView {
  value: string;
  display?: string;
}

/** A value a record sorts by; null when it has none. */
export type SortValue = string | number | boolean | null;

/**
 * A place in a sorted list: the sort value and id of the last record a page held.
 * Cursor pages continue strictly after it, so inserts and deletes elsewhere never
 * make a walk skip or repeat a record that stayed.
 */
export interface ListPosition {
  value: SortValue;
  id: string;
}

/**
 * The order of a list. Records sort by the attribute's value (strings folded unless
 * caseExact; a multi-valued attribute by its primary value, else its first), records
 * without a value after all others, and ties by id; descending is the exact reverse.
 * Without a sort key the order is by id.
 */
export interface SortKey {
  attribute: ResolvedAttribute;
  descending: boolean;
}

export interface ListQuery {
  /** Only records that match, exactly as evaluate.ts defines it. */
  filter?: ResolvedFilter;
  sort?: SortKey;
  /** 0-based offset of the first record (index paging). Ignored when `after` is set. */
  offset: number;
  /** At most this many records; 0 returns none. */
  limit: number;
  /** Cursor paging: only records after this position. */
  after?: ListPosition;
  /** Whether to count every match (costs a scan of the matches). */
  countTotal: boolean;
}

export interface ListResult {
  /** How many records match, before paging; undefined unless counted. */
  total?: number;
  items: StoredResource[];
  /** The position of the last item, to continue after it. */
  last?: ListPosition;
  /** Whether more matching records follow this page. */
  more: boolean;
}

export class VersionConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(`version conflict: current version is ${currentVersion}`);
  }
}

/** Users or groups of every tenant. */
export interface ResourceCollection {
  /** Inserts a new record with version 1. `created` and `lastModified` are `now`. */
  insert(tenant: string, id: string, write: ResourceWrite, now: Date): Promise<StoredResource>;
  /** The record, or undefined. */
  get(tenant: string, id: string): Promise<StoredResource | undefined>;
  /** One page of the tenant's matching records in the query's order. */
  list(tenant: string, query: ListQuery): Promise<ListResult>;
  /**
   * Writes `update` and bumps the version, all at once. With `expectedVersion`, only
   * if the stored version still equals it (else VersionConflict); without it, the
   * version is bumped unconditionally — only safe for updates that commute, such as a
   * member delta with the document kept. Returns undefined if the record does not exist.
   */
  replace(tenant: string, id: string, update: ResourceUpdate, expectedVersion: number | undefined, now: Date): Promise<StoredResource | undefined>;
  /**
   * Deletes the record and every membership edge that names it, as a group or as a
   * member, and bumps the version of every group that loses it as a member (its
   * representation changed). With `expectedVersion`, only if it matches. Returns
   * false if it did not exist. `event` is recorded at the deleted version plus one.
   */
  delete(tenant: string, id: string, expectedVersion: number | undefined, now: Date, event?: ChangeRecord): Promise<boolean>;
}

/** Group membership, stored as edges (tenant, group, member), never as an array in the group. */
export interface MembershipStore {
  /** Which of `ids` exist in the tenant, and whether each is a User or a Group. */
  resolveMembers(tenant: string, ids: string[]): Promise<Map<string, ResourceKind>>;
  /**
   * The group's direct members with display names, ordered by member id; with a
   * page, at most `limit` of them after member id `after` (keyset, so O(page)).
   */
  listMembers(tenant: string, groupId: string, page?: { after?: string; limit: number }): Promise<MemberView[]>;
  /** The groups that have `memberId` as a direct member, ordered by group id. */
  listGroupsOf(tenant: string, memberId: string): Promise<GroupMembershipView[]>;
}

export interface IdentityStore {
  readonly users: ResourceCollection;
  readonly groups: ResourceCollection;
  readonly memberships: MembershipStore;
  /** Tenants, token hashes, service credentials and the audit trail: its own port, tenancy/tenancy-store.ts. */
  readonly tenancy: TenancyStore;
  /** The change feed the writes above record, and its receivers: its own port, events/event-store.ts. */
  readonly events: EventStore;
  /** Resolves when the database answers; throws StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
