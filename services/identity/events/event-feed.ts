/**
 * Reading a tenant's change feed as consumers do: from a position they name, checked
 * against what the store still holds (an expired position is EventsExpiredError, one
 * beyond the last written is refused), then page after page, waiting for the next
 * change when they have read everything.
 */
import { EventsExpiredError, InvalidValueError } from '../errors/scim-errors';
import type { FeedEvent } from './change-event';
import type { EventNotifier } from './event-notifier';
import type { EventStore } from './event-store';

/** Where a reader starts: after a position it has seen, or after the last one written. */
export type StartPosition = number | 'now';

export class EventFeed {
  constructor(
    readonly store: EventStore,
    private readonly notifier: EventNotifier,
    /** How often an idle reader looks for changes written by other replicas. */
    private readonly pollIntervalMs: number,
  ) {}

  /** The position a reader starting at `start` resumes after, once checked. */
  async start(tenant: string, start: StartPosition): Promise<number> {
    const bounds = await this.store.bounds(tenant);
    if (start === 'now') return bounds.head;
    if (!Number.isSafeInteger(start) || start < 0) throw new InvalidValueError('A position is a whole number from 0.', 'after_position');
    if (start > bounds.head) {
      throw new InvalidValueError(`Position ${start} is beyond the last event written (${bounds.head}): it is not a position of this tenant's feed.`, 'after_position');
    }
    if (start < bounds.first - 1) throw new EventsExpiredError(start, bounds.first);
    return start;
  }

  /**
   * At most `limit` events after `after`. If the next one kept is not `after + 1`, the
   * ones between have expired under a slow reader: EventsExpiredError.
   */
  async next(tenant: string, after: number, limit: number): Promise<FeedEvent[]> {
    const events = await this.store.read(tenant, after, limit);
    if (events.length > 0 && events[0].position !== after + 1) throw new EventsExpiredError(after, events[0].position);
    return events;
  }

  /** Resolves when this replica writes to the tenant, or after at most `timeoutMs` (capped at the poll interval), or on abort. */
  wait(tenant: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.notifier.wait(tenant, Math.max(0, Math.min(timeoutMs, this.pollIntervalMs)), signal);
  }

  notify(tenant: string): void {
    this.notifier.notify(tenant);
  }
}
