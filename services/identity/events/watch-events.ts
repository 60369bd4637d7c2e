/**
 * WatchEvents, one stream: a heartbeat with the starting position, then every event
 * after it that matches the filters, page by page as fast as the consumer reads
 * (`send` waits for the stream to drain: gRPC flow control is the backpressure), and
 * when the feed has nothing new, a wait for the next change with a heartbeat every
 * `heartbeatMs` that carries the position read so far.
 */
import type { WatchEventsResponse } from '../../../proto/gen/openscim/identity/v1/event_service';
import type { SchemaRegistry } from '../scim/schema/registry';
import type { EventFeed, StartPosition } from './event-feed';
import { matchesFilter, type EventFilter } from './event-filter';
import { renderSnapshot, toProtoEvent } from './event-proto';

/** Events read per store call: bounds what one stream holds in memory. */
const PAGE = 100;

export interface WatchOptions {
  tenant: string;
  start: StartPosition;
  filter: EventFilter;
  includeSnapshot: boolean;
  heartbeatMs: number;
}

export async function watchEvents(
  feed: EventFeed,
  registry: SchemaRegistry,
  options: WatchOptions,
  send: (message: WatchEventsResponse) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  const { tenant } = options;
  let position = await feed.start(tenant, options.start);
  let lastSent = 0;
  const heartbeat = async () => {
    await send({ kind: { $case: 'heartbeat', value: { position, time: new Date() } } });
    lastSent = Date.now();
  };
  await heartbeat();
  while (!signal.aborted) {
    const events = await feed.next(tenant, position, PAGE);
    for (const event of events) {
      if (signal.aborted) return;
      position = event.position;
      if (!matchesFilter(options.filter, event)) continue;
      const snapshot = options.includeSnapshot ? renderSnapshot(registry, event) : undefined;
      await send({ kind: { $case: 'event', value: toProtoEvent(event, snapshot) } });
      lastSent = Date.now();
    }
    if (events.length === PAGE) continue;
    const quietFor = Date.now() - lastSent;
    if (quietFor >= options.heartbeatMs) await heartbeat();
    else await feed.wait(tenant, options.heartbeatMs - quietFor, signal);
  }
}
