/**
 * The event port: what the change feed and its receivers need a database to keep.
 * Events are written by the resource port's writes themselves (store/port.ts: a
 * write carries its ChangeRecord), so that a change and its event are one atomic
 * step; this port reads them back, ages them out, and keeps the push and poll
 * receivers with their positions. Two adapters implement it beside the resource
 * port: SQLite (store/sqlite/sqlite-events.ts, its receivers in sqlite-receivers.ts) and
 * MongoDB (store/mongo/mongo-events.ts, mongo-receivers.ts). The contract suite in
 * test/store/event-contract.test.ts runs against each.
 *
 * Guarantees every adapter gives (the argument is in docs/events.md):
 * - Positions are per tenant, start at 1 and grow by one per successful write, in the
 *   order the writes took effect; a failed write takes none. They are never reused,
 *   not even after the tenant is deleted and created again.
 * - What `read` returns is final: a position it has returned never changes, and no
 *   position below it ever appears later. So a reader that resumes after the last
 *   position it saw misses nothing and never sees an event out of order.
 * - The events of one resource are in the order of its versions.
 * - Receivers: `updateReceiver` with `expected` is a compare-and-swap, so that two
 *   replicas never both advance (or both lease) the same receiver.
 * - Failures to reach the database throw StoreUnavailableError.
 */
import type { ResourceKind } from '../store/port';
import type { EventType, FeedEvent } from './change-event';

export interface FeedBounds {
  /** The oldest position still kept; `head + 1` when none is. */
  first: number;
  /** The last position written; 0 before the tenant's first change. */
  head: number;
}

export type Delivery = 'push' | 'poll';

/** What a receiver gets, and how (RFC 8935 push or RFC 8936 poll). */
export interface ReceiverSettings {
  delivery: Delivery;
  /** Push: the endpoint SETs are POSTed to. */
  url?: string;
  /** The SET `aud` claim (RFC 8417 §2.2). */
  audience: string;
  /**
   * Push: the Authorization header value sent with every POST. Kept as given, since
   * delivery must present it: the one secret the store holds in clear (README).
   */
  authorization?: string;
  /** Whether create and replace events carry the resource (`…:full`, RFC 9967 §2.4) rather than attribute names. */
  full: boolean;
  /** Only events with one of these types; all when empty. */
  eventTypes: EventType[];
  /** Only events on these resource types; all when empty. */
  resourceTypes: ResourceKind[];
}

export interface ReceiverRecord extends ReceiverSettings {
  id: string;
  tenant: string;
  created: Date;
  /** Every event up to this position has been delivered (push) or acknowledged (poll). */
  position: number;
  /** Poll: positions above `position` already acknowledged (RFC 8936 §2.4 acks may come in any order). */
  acked: number[];
  /** Push: failed attempts in a row at the next position, and when the next attempt is due. */
  failures: number;
  nextAttempt?: Date;
  lastError?: string;
  lastDelivered?: Date;
  /** Push: which delivery worker holds the receiver, until when. */
  leaseOwner?: string;
  leaseUntil?: Date;
}

/** The fields `updateReceiver` may set; an undefined field is left as it is, a null one is cleared. */
export interface ReceiverChange {
  position?: number;
  acked?: number[];
  failures?: number;
  nextAttempt?: Date | null;
  lastError?: string | null;
  lastDelivered?: Date;
  leaseOwner?: string | null;
  leaseUntil?: Date | null;
}

/** What must still hold for `updateReceiver` to apply. */
export interface ReceiverExpectation {
  position?: number;
  /** The lease is this owner's, or (with `orLeaseFreeAt`) free or expired at that time. */
  leaseOwner?: string;
  orLeaseFreeAt?: Date;
}

export interface EventStore {
  /** At most `limit` of the tenant's events after position `after`, in order of position. */
  read(tenant: string, after: number, limit: number): Promise<FeedEvent[]>;
  bounds(tenant: string): Promise<FeedBounds>;
  /** Deletes the events recorded before `before`, of every tenant; returns how many. */
  purge(before: Date): Promise<number>;
  /**
   * Finishes what a writer that failed midway left behind, such as a change written
   * without its event yet recorded (MongoDB, which records events in steps); returns
   * how many events it recorded. Nothing to do where a change and its event are one
   * transaction (SQLite).
   */
  repair(now: Date): Promise<number>;

  /** Inserts a receiver; its id is unique across tenants. */
  createReceiver(receiver: ReceiverRecord): Promise<void>;
  getReceiver(tenant: string, id: string): Promise<ReceiverRecord | undefined>;
  /** The tenant's receivers (every tenant's when undefined), in order of creation. */
  listReceivers(tenant?: string): Promise<ReceiverRecord[]>;
  /** False if there was no such receiver. */
  deleteReceiver(tenant: string, id: string): Promise<boolean>;
  /** Applies `change` if `expected` still holds; the receiver after it, or undefined if it did not hold (or there is none). */
  updateReceiver(tenant: string, id: string, change: ReceiverChange, expected: ReceiverExpectation): Promise<ReceiverRecord | undefined>;
}
