/**
 * The collections of the MongoDB store and their indexes, created at start. Creating an
 * index that exists with the same name and keys does nothing, so every start is
 * idempotent; an index is never edited once released (a changed definition under the
 * same name fails the start): add one under a new name instead. Every index starts with
 * the tenant, so every query is confined to one tenant by its index (the audit trail's
 * cross-tenant ones aside).
 */
import type { Db, IndexDirection } from 'mongodb';

export interface IndexSpec {
  name: string;
  key: Record<string, IndexDirection>;
  unique?: boolean;
}

export const COLLECTIONS = {
  users: 'users',
  groups: 'groups',
  memberships: 'memberships',
  tenants: 'tenants',
  tokens: 'tokens',
  credentials: 'credentials',
  auditEvents: 'audit_events',
  events: 'events',
  eventHeads: 'event_heads',
  eventIntents: 'event_intents',
  eventReceivers: 'event_receivers',
} as const;

/** What users and groups share: identity, the meta sort keys and externalId. */
function resourceIndexes(prefix: string): IndexSpec[] {
  return [
    { name: `${prefix}_id`, key: { tenant: 1, id: 1 }, unique: true },
    { name: `${prefix}_external_id`, key: { tenant: 1, 'doc.externalId': 1, id: 1 } },
    { name: `${prefix}_created`, key: { tenant: 1, created: 1, id: 1 } },
    { name: `${prefix}_last_modified`, key: { tenant: 1, lastModified: 1, id: 1 } },
  ];
}

/** The unique index that makes userName unique per tenant after foldCase (RFC 7643 §4.1.1). */
export const USER_NAME_INDEX: IndexSpec = { name: 'users_user_name', key: { tenant: 1, 'doc._fold.userName': 1 }, unique: true };

export const INDEXES: Record<keyof typeof COLLECTIONS, IndexSpec[]> = {
  users: [
    ...resourceIndexes('users'),
    USER_NAME_INDEX,
    // emails.value eq "x", the lookup IdPs make before they create a user.
    { name: 'users_emails', key: { tenant: 1, 'doc.emails._fold.value': 1 } },
    // Sorted pages of a people directory (mongo-sort.ts: the records with a value, by value and id).
    { name: 'users_family_name', key: { tenant: 1, 'doc.name._fold.familyName': 1, id: 1 } },
    { name: 'users_given_name', key: { tenant: 1, 'doc.name._fold.givenName': 1, id: 1 } },
    // The change feed's repair finds outboxes left by writers that failed (mongo-events.ts), across tenants.
    { name: 'users_pending_events', key: { pendingSince: 1 } },
  ],
  groups: [
    ...resourceIndexes('groups'),
    { name: 'groups_display_name', key: { tenant: 1, 'doc._fold.displayName': 1, id: 1 } },
    { name: 'groups_pending_events', key: { pendingSince: 1 } },
  ],
  memberships: [
    // One edge per (group, member); the folded id first, so that case-insensitive
    // members.value and groups.value filters use the same index as lookups by id.
    { name: 'memberships_by_group', key: { tenant: 1, '_fold.group': 1, group: 1, member: 1 }, unique: true },
    { name: 'memberships_by_member', key: { tenant: 1, '_fold.member': 1, member: 1, group: 1 } },
  ],
  // Tenants, tokens and credentials are keyed by their _id: token and credential ids are unique across tenants.
  tenants: [],
  tokens: [{ name: 'tokens_by_tenant', key: { tenantId: 1, created: -1, _id: -1 } }],
  credentials: [],
  // Operators also read the audit trail across tenants: those two indexes do not start with the tenant.
  auditEvents: [
    { name: 'audit_events_id', key: { tenantId: 1, id: 1 }, unique: true },
    { name: 'audit_events_by_resource', key: { tenantId: 1, resourceId: 1, id: 1 } },
    { name: 'audit_events_by_id', key: { id: 1 } },
    { name: 'audit_events_by_time', key: { time: 1 } },
  ],
  // The change feed (mongo-events.ts): one event per position, and per resource version, in
  // each tenant; retention and repair work across tenants. Heads are keyed by tenant, receivers by id.
  events: [
    { name: 'events_position', key: { tenant: 1, position: 1 }, unique: true },
    { name: 'events_resource_version', key: { tenant: 1, resourceId: 1, resourceVersion: 1, resourceType: 1 }, unique: true },
    { name: 'events_by_time', key: { time: 1 } },
  ],
  eventHeads: [],
  eventIntents: [{ name: 'event_intents_by_created', key: { created: 1 } }],
  eventReceivers: [{ name: 'event_receivers_by_tenant', key: { tenant: 1, created: 1, _id: 1 } }],
};

/**
 * One createIndexes command per index: FerretDB 1.x drops the connection when one command
 * names several indexes that all exist already (test/store/ferretdb-gaps.test.ts).
 */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const [collection, indexes] of Object.entries(INDEXES) as Array<[keyof typeof COLLECTIONS, IndexSpec[]]>) {
    for (const index of indexes) {
      await db.collection(COLLECTIONS[collection]).createIndex(index.key, { name: index.name, ...(index.unique ? { unique: true } : {}) });
    }
  }
}
