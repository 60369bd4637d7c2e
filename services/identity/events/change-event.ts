/**
 * The change feed's records (docs/events.md). A write hands the store a ChangeRecord
 * with the write itself (store/port.ts), and the store keeps it as a FeedEvent: the
 * record plus where it belongs (tenant, resource, version) and its position in the
 * tenant's feed. Event types are derived from the record, never stored, so that the
 * catalogue can grow without rewriting stored events.
 */
import type { ScimJson } from '../scim/resource/scim-json';
import type { ResourceKind } from '../store/port';

export type ChangeOperation = 'create' | 'replace' | 'patch' | 'delete';

/** A change of `active` (RFC 7643 §4.1.1): an absent value counts as active, as IdPs treat it. */
export type Activation = 'activated' | 'deactivated';

/** What one successful write records in its tenant's feed. */
export interface ChangeRecord {
  operation: ChangeOperation;
  /** The top-level attributes the write changed, by canonical name (audit/changed-attributes.ts); never values. */
  attributes: string[];
  /** `token:<id>` or `credential:<id>`, as in the audit trail. */
  actor: string;
  requestId: string;
  time: Date;
  activation?: Activation;
  /** The stored document after the change (no id, meta, password or edges); absent on delete. */
  snapshot?: ScimJson;
  /**
   * Groups: the member ids the write added and removed. The store fills them in from
   * the member edges it writes (port.ts); a record handed to a store leaves them unset.
   */
  membersAdded?: string[];
  membersRemoved?: string[];
}

/** A change as the feed keeps it. `position` is per tenant, from 1, without gaps. */
export interface FeedEvent extends ChangeRecord {
  tenant: string;
  position: number;
  resourceType: ResourceKind;
  resourceId: string;
  /** The resource's version after the change; a delete's is the deleted version plus one. */
  resourceVersion: number;
}

export const EVENT_TYPES = [
  'user.created',
  'user.replaced',
  'user.patched',
  'user.deleted',
  'user.activated',
  'user.deactivated',
  'group.created',
  'group.replaced',
  'group.patched',
  'group.deleted',
  'group.renamed',
  'group.members_added',
  'group.members_removed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

const OPERATION_TYPES: Record<ResourceKind, Record<ChangeOperation, EventType>> = {
  User: { create: 'user.created', replace: 'user.replaced', patch: 'user.patched', delete: 'user.deleted' },
  Group: { create: 'group.created', replace: 'group.replaced', patch: 'group.patched', delete: 'group.deleted' },
};

/**
 * The types of an event: first the operation's, then what it did in particular
 * (a user activated or deactivated, a group renamed or its members changed). A
 * consumer that filters by type sees every event that has one of the types it asks for.
 */
export function eventTypesOf(event: Pick<FeedEvent, 'resourceType' | 'operation' | 'activation' | 'attributes' | 'membersAdded' | 'membersRemoved'>): EventType[] {
  const types: EventType[] = [OPERATION_TYPES[event.resourceType][event.operation]];
  if (event.resourceType === 'User' && event.activation) types.push(event.activation === 'activated' ? 'user.activated' : 'user.deactivated');
  if (event.resourceType === 'Group' && (event.operation === 'replace' || event.operation === 'patch')) {
    if (event.attributes.includes('displayName')) types.push('group.renamed');
  }
  if (event.resourceType === 'Group' && event.operation !== 'delete') {
    if ((event.membersAdded?.length ?? 0) > 0) types.push('group.members_added');
    if ((event.membersRemoved?.length ?? 0) > 0) types.push('group.members_removed');
  }
  return types;
}

const isActive = (doc: ScimJson | undefined) => doc?.active !== false;

/** Whether a replace or patch from `before` to `after` activated or deactivated the resource. */
export function activationOf(before: ScimJson, after: ScimJson): Activation | undefined {
  if (isActive(before) === isActive(after)) return undefined;
  return isActive(after) ? 'activated' : 'deactivated';
}
