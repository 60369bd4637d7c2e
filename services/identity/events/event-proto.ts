/** The change feed in the contract's terms (proto/openscim/identity/v1/event_service.proto), both ways. */
import { EventType as ProtoEventType, type ChangeEvent } from '../../../proto/gen/openscim/identity/v1/event_service';
import { InvalidValueError } from '../errors/scim-errors';
import { isUnassigned, type ScimJson } from '../scim/resource/scim-json';
import type { SchemaRegistry } from '../scim/schema/registry';
import { formatVersion } from '../scim/versions';
import type { ResourceKind } from '../store/port';
import { eventTypesOf, type EventType, type FeedEvent } from './change-event';
import type { EventFilter } from './event-filter';

const PROTO_EVENT_TYPES = {
  'user.created': ProtoEventType.EVENT_TYPE_USER_CREATED,
  'user.replaced': ProtoEventType.EVENT_TYPE_USER_REPLACED,
  'user.patched': ProtoEventType.EVENT_TYPE_USER_PATCHED,
  'user.deleted': ProtoEventType.EVENT_TYPE_USER_DELETED,
  'user.activated': ProtoEventType.EVENT_TYPE_USER_ACTIVATED,
  'user.deactivated': ProtoEventType.EVENT_TYPE_USER_DEACTIVATED,
  'group.created': ProtoEventType.EVENT_TYPE_GROUP_CREATED,
  'group.replaced': ProtoEventType.EVENT_TYPE_GROUP_REPLACED,
  'group.patched': ProtoEventType.EVENT_TYPE_GROUP_PATCHED,
  'group.deleted': ProtoEventType.EVENT_TYPE_GROUP_DELETED,
  'group.renamed': ProtoEventType.EVENT_TYPE_GROUP_RENAMED,
  'group.members_added': ProtoEventType.EVENT_TYPE_GROUP_MEMBERS_ADDED,
  'group.members_removed': ProtoEventType.EVENT_TYPE_GROUP_MEMBERS_REMOVED,
} satisfies Record<EventType, ProtoEventType>;

const EVENT_TYPES_BY_PROTO = new Map<ProtoEventType, EventType>(Object.entries(PROTO_EVENT_TYPES).map(([name, value]) => [value, name as EventType]));

export function toProtoEventType(type: EventType): ProtoEventType {
  return PROTO_EVENT_TYPES[type];
}

export function fromProtoEventTypes(types: ProtoEventType[] | undefined): EventType[] {
  return (types ?? []).map((value) => {
    const type = EVENT_TYPES_BY_PROTO.get(value);
    if (!type) throw new InvalidValueError(`${value} is not an event type.`, 'event_types');
    return type;
  });
}

export function resourceKinds(names: string[] | undefined): ResourceKind[] {
  return (names ?? []).map((name) => {
    if (name !== 'User' && name !== 'Group') throw new InvalidValueError(`Resource types are User and Group, not ${JSON.stringify(name.slice(0, 50))}.`, 'resource_types');
    return name;
  });
}

export function filterOf(request: { resourceTypes?: string[]; eventTypes?: ProtoEventType[] }): EventFilter {
  return { resourceTypes: resourceKinds(request.resourceTypes), eventTypes: fromProtoEventTypes(request.eventTypes) };
}

/**
 * The resource right after the change, as SCIM renders it (RFC 7643 §3): schemas, id,
 * the stored attributes, and meta at the event's version. Computed attributes (members,
 * groups) are edges, not part of it.
 */
export function renderSnapshot(registry: SchemaRegistry, event: FeedEvent): ScimJson | undefined {
  if (!event.snapshot) return undefined;
  const resource = registry.resource(event.resourceType);
  const extensions = resource.extensions.map((extension) => extension.id).filter((urn) => !isUnassigned(event.snapshot?.[urn]));
  return {
    schemas: [resource.core.id, ...extensions],
    id: event.resourceId,
    ...event.snapshot,
    meta: { resourceType: event.resourceType, lastModified: event.time.toISOString(), version: formatVersion(event.resourceVersion) },
  };
}

export function toProtoEvent(event: FeedEvent, snapshot: ScimJson | undefined): ChangeEvent {
  return {
    position: event.position,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    resourceVersion: event.resourceVersion,
    types: eventTypesOf(event).map(toProtoEventType),
    attributes: event.attributes,
    actor: event.actor,
    time: event.time,
    requestId: event.requestId,
    membersAdded: event.membersAdded ?? [],
    membersRemoved: event.membersRemoved ?? [],
    snapshot,
  };
}
