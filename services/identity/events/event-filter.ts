/** Which events a consumer asked for: by resource type and by event type (any of its types), all when a list is empty. */
import type { ResourceKind } from '../store/port';
import { eventTypesOf, type EventType, type FeedEvent } from './change-event';

export interface EventFilter {
  resourceTypes: ResourceKind[];
  eventTypes: EventType[];
}

export function matchesFilter(filter: EventFilter, event: FeedEvent): boolean {
  if (filter.resourceTypes.length > 0 && !filter.resourceTypes.includes(event.resourceType)) return false;
  return filter.eventTypes.length === 0 || eventTypesOf(event).some((type) => filter.eventTypes.includes(type));
}
