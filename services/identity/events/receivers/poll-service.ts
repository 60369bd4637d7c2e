/**
 * RFC 8936 polling for receivers behind firewalls. A poll first takes the receiver's
 * acknowledgements (`ack`, and `setErrs`, which are logged and count as processed,
 * §2.4), then returns the next SETs it has not acknowledged, in order of position, at
 * most `maxEvents`; without `returnImmediately` it waits for one (long polling). A SET
 * returned but not acknowledged is returned again by the next poll: delivery is at
 * least once, each SET with the `jti` of its position.
 *
 * The receiver's position is the end of the run of positions it has acknowledged (or
 * that its filters leave out); acknowledgements beyond it wait in `acked`. Two polls of
 * one receiver at once both succeed: its record is updated by compare-and-swap.
 */
import type { Logger } from 'pino';
import type { PollSecurityEventsRequest, PollSecurityEventsResponse } from '../../../../proto/gen/openscim/identity/v1/event_service';
import { InvalidValueError, NotFoundError } from '../../errors/scim-errors';
import type { FeedEvent } from '../change-event';
import type { EventFeed } from '../event-feed';
import { matchesFilter } from '../event-filter';
import type { ReceiverRecord } from '../event-store';
import { jtiOf, parseJti } from '../set/security-event-token';
import type { SetEncoder } from '../set/set-encoder';
import { DEFAULT_POLL_EVENTS, LONG_POLL_WAIT_MS, MAX_POLL_EVENTS } from './poll-limits';

/** Compare-and-swap attempts of concurrent polls of one receiver. */
const UPDATE_ATTEMPTS = 10;

export class PollService {
  constructor(
    private readonly feed: EventFeed,
    private readonly encoder: SetEncoder,
    private readonly log: Logger,
    private readonly clock: () => Date,
  ) {}

  async poll(tenant: string, request: PollSecurityEventsRequest): Promise<PollSecurityEventsResponse> {
    const maxEvents = Math.min(MAX_POLL_EVENTS, request.maxEvents ?? DEFAULT_POLL_EVENTS);
    if (maxEvents < 0) throw new InvalidValueError('max_events must be from 0 to 1000.', 'maxEvents');
    for (const [jti, error] of Object.entries(request.setErrors ?? {})) {
      this.log.warn({ tenant, receiver: request.receiverId, jti: jti.slice(0, 100), err: error.err, description: error.description?.slice(0, 500) }, 'poll receiver reported a SET error');
    }
    const acknowledged = [...(request.acks ?? []), ...Object.keys(request.setErrors ?? {})]
      .map(parseJti)
      .filter((parsed) => parsed?.tenant === tenant)
      .map((parsed) => parsed!.position);
    let receiver = await this.acknowledge(tenant, request.receiverId ?? '', acknowledged);
    if (maxEvents === 0) {
      // RFC 8936 §2.4: an acknowledge-only request. Still say whether SETs are waiting.
      return { sets: {}, moreAvailable: (await this.pending(receiver, 1)).events.length > 0 };
    }
    const waitUntil = Date.now() + (request.returnImmediately ? 0 : LONG_POLL_WAIT_MS);
    for (;;) {
      const { events, more } = await this.pending(receiver, maxEvents);
      if (events.length > 0 || Date.now() >= waitUntil) {
        return { sets: Object.fromEntries(events.map((event) => [jtiOf(event), this.encoder.encode(event, receiver)])), moreAvailable: more };
      }
      await this.feed.wait(tenant, waitUntil - Date.now());
      receiver = await this.require(tenant, receiver.id);
    }
  }

  private async require(tenant: string, id: string): Promise<ReceiverRecord> {
    const receiver = await this.feed.store.getReceiver(tenant, id);
    if (!receiver || receiver.delivery !== 'poll') throw new NotFoundError('Poll receiver', id);
    return receiver;
  }

  /** Records the acknowledged positions and moves the position over every one it can. */
  private async acknowledge(tenant: string, id: string, positions: number[]): Promise<ReceiverRecord> {
    for (let attempt = 1; ; attempt++) {
      const receiver = await this.require(tenant, id);
      // Only positions written so far: an acknowledgement of a future jti must not skip that event when it comes.
      const { head } = await this.feed.store.bounds(tenant);
      const acked = new Set([...receiver.acked, ...positions.filter((position) => position > receiver.position && position <= head)]);
      if (acked.size === 0) return receiver;
      let position = receiver.position;
      // Walk the events after the position: acknowledged ones and ones the filters leave out are done.
      for (;;) {
        const events = await this.feed.next(tenant, position, 100);
        const done = events.findIndex((event) => !acked.has(event.position) && matchesFilter(receiver, event));
        const through = done === -1 ? events.length : done;
        if (through > 0) position = events[through - 1].position;
        if (done !== -1 || events.length < 100) break;
      }
      const change = { position, acked: [...acked].filter((p) => p > position).sort((a, b) => a - b), ...(position > receiver.position ? { lastDelivered: this.clock() } : {}) };
      const updated = await this.feed.store.updateReceiver(tenant, id, change, { position: receiver.position });
      if (updated) return updated;
      if (attempt >= UPDATE_ATTEMPTS) return this.require(tenant, id);
    }
  }

  /** The next SETs to hand out: after the position, matching the filters, not acknowledged. */
  private async pending(receiver: ReceiverRecord, maxEvents: number): Promise<{ events: FeedEvent[]; more: boolean }> {
    const acked = new Set(receiver.acked);
    const events: FeedEvent[] = [];
    let after = receiver.position;
    for (;;) {
      const page = await this.feed.next(receiver.tenant, after, Math.max(100, maxEvents));
      for (const event of page) {
        if (acked.has(event.position) || !matchesFilter(receiver, event)) continue;
        if (events.length === maxEvents) return { events, more: true };
        events.push(event);
      }
      if (page.length < Math.max(100, maxEvents)) return { events, more: false };
      after = page[page.length - 1].position;
    }
  }
}
