/**
 * The event port (events/event-store.ts) over MongoDB, without multi-document
 * transactions (docs/events.md has the argument). Three single-document steps:
 *
 * 1. Outbox. A write puts its event in the resource document itself (`pendingEvent`),
 *    in the same compare-and-swap that writes the change, so the change and its event
 *    exist together or not at all. A write refuses a document whose pending event is
 *    not recorded yet (`pendingEvent: {$exists: false}` in its filter), so a resource
 *    holds one pending event at most, and they are recorded in the order of its versions.
 *    A delete cannot carry its event in a document it removes: it first stores an
 *    intent (`event_intents`), then deletes with a compare-and-swap on the version.
 * 2. Sequencer. Positions come from one document per tenant (`event_heads`) holding the
 *    last position and its event, advanced by compare-and-swap from P to P + 1 only after
 *    event P has been copied into `events`. So every position below the head is in
 *    `events`, the head is in its document, and no position is ever skipped. Before it
 *    advances, the sequencer looks the event up by (resource, version), unique in
 *    `events`: recording an event twice gives it one position.
 * 3. Settle. After its write, the writer records its own event and clears the outbox,
 *    so that a later change of the same tenant gets a later position. A writer that
 *    fails in between leaves the pending event (or intent) for `repair`, which any
 *    replica runs every few seconds.
 *
 * Readers read the head first, then `events` up to it: they never see a position whose
 * predecessors are not all readable.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { ChangeRecord, FeedEvent } from '../../events/change-event';
import type { EventStore, FeedBounds } from '../../events/event-store';
import type { ScimJson } from '../../scim/resource/scim-json';
import type { ResourceKind } from '../port';
import type { ResourceDocument } from './mongo-documents';
import { guarded, violatedIndex } from './mongo-errors';
import { COLLECTIONS, INDEXES } from './mongo-indexes';
import { MongoReceivers } from './mongo-receivers';
import { decodeJson, encodeJson } from './stored-json';
import { recordKey, type RecordWrites } from './record-writes';

/** An event before it has a position: what an outbox or an intent holds. */
export interface PendingEvent extends Omit<ChangeRecord, 'snapshot'> {
  tenant: string;
  resourceType: ResourceKind;
  resourceId: string;
  resourceVersion: number;
  /** Encoded as stored-json.ts encodes SCIM documents. */
  snapshot?: ScimJson;
}

export interface EventDocument extends PendingEvent {
  position: number;
}

interface HeadDocument {
  _id: string;
  position: number;
  /** Event `position`, until retention or the tenant's deletion removes it. */
  event?: EventDocument;
}

interface IntentDocument {
  _id: string;
  created: Date;
  event: PendingEvent;
}

/**
 * How long a pending event or intent may wait for its writer before `repair`, or the
 * record's next writer, finishes it. A writer still at work on the record's edges renews
 * its pending event (`renew`) well within it.
 */
export const REPAIR_GRACE_MS = 5000;
/** Pending events and intents `repair` takes on per call. */
const REPAIR_BATCH = 100;

/** The fields a write sets to leave its event in the resource document. */
export function outboxFields(pending: PendingEvent, now: Date): Pick<ResourceDocument, 'pendingEvent' | 'pendingSince'> {
  return { pendingEvent: pending, pendingSince: now };
}

export function pendingEvent(tenant: string, resourceType: ResourceKind, resourceId: string, resourceVersion: number, record: ChangeRecord): PendingEvent {
  const { snapshot, ...rest } = record;
  return { ...rest, tenant, resourceType, resourceId, resourceVersion, ...(snapshot ? { snapshot: encodeJson(snapshot) as ScimJson } : {}) };
}

function toFeedEvent(document: EventDocument): FeedEvent {
  const { snapshot, ...rest } = document;
  return { ...rest, ...(snapshot ? { snapshot: decodeJson(snapshot) as ScimJson } : {}) };
}

/** Finishes a delete whose record is gone: its membership edges (mongo-memberships.ts removeResource). */
export type DeleteFinisher = (tenant: string, id: string, now: Date) => Promise<void>;

/** The feed; its receivers are kept by MongoReceivers (mongo-receivers.ts). */
export class MongoEvents extends MongoReceivers implements EventStore {
  private readonly events: Collection<EventDocument>;
  private readonly heads: Collection<HeadDocument>;
  private readonly intents: Collection<IntentDocument>;
  private readonly resources: Record<ResourceKind, Collection<ResourceDocument>>;

  constructor(
    db: Db,
    private readonly writes: RecordWrites,
    private readonly finishDelete: DeleteFinisher,
  ) {
    super(db, writes);
    this.events = db.collection(COLLECTIONS.events);
    this.heads = db.collection(COLLECTIONS.eventHeads);
    this.intents = db.collection(COLLECTIONS.eventIntents);
    this.resources = { User: db.collection(COLLECTIONS.users), Group: db.collection(COLLECTIONS.groups) };
  }

  /** Gives the event a position, unless it has one already (idempotent). */
  async record(pending: PendingEvent): Promise<void> {
    const { tenant } = pending;
    await guarded(async () => {
      for (;;) {
        const head = await this.heads.findOne({ _id: tenant });
        if (head?.event) await this.copy(head.event);
        const key = { tenant, resourceId: pending.resourceId, resourceVersion: pending.resourceVersion, resourceType: pending.resourceType };
        if (await this.events.findOne(key, { projection: { _id: 1 } })) return;
        const event: EventDocument = { ...pending, position: (head?.position ?? 0) + 1 };
        if (await this.advance(head, event)) {
          await this.copy(event);
          return;
        }
      }
    });
  }

  /** Moves the tenant's head from where it was read to `event`; false if another writer moved it first. */
  private async advance(head: HeadDocument | null, event: EventDocument): Promise<boolean> {
    if (!head) {
      try {
        await this.heads.insertOne({ _id: event.tenant, position: event.position, event });
        return true;
      } catch (error) {
        if (violatedIndex(error, []) !== undefined) return false;
        throw error;
      }
    }
    const result = await this.writes.run(recordKey(COLLECTIONS.eventHeads, event.tenant, ''), () =>
      this.heads.updateOne({ _id: head._id, position: head.position }, { $set: { position: event.position, event } }),
    );
    return result.matchedCount === 1;
  }

  /** Copies an event into `events`; copying it again changes nothing. */
  private async copy(event: EventDocument): Promise<void> {
    try {
      await this.events.insertOne({ ...event });
    } catch (error) {
      if (violatedIndex(error, INDEXES.events) === undefined) throw error;
    }
  }

  /** Records a resource document's pending event, then clears it from the document if it is still that one. */
  async settle(document: Pick<ResourceDocument, 'tenant' | 'id' | 'pendingEvent'>): Promise<void> {
    const pending = document.pendingEvent;
    if (!pending) return;
    await this.record(pending);
    const collection = this.resources[pending.resourceType];
    await guarded(() =>
      this.writes.run(recordKey(collection.collectionName, document.tenant, document.id), () =>
        collection.updateOne(
          { tenant: document.tenant, id: document.id, 'pendingEvent.resourceVersion': pending.resourceVersion },
          { $unset: { pendingEvent: '', pendingSince: '' } },
        ),
      ),
    );
  }

  /**
   * The writer of the record's pending event (version `version`) is still writing the
   * record's edges: moves `pendingSince` to `at`, so that neither `repair` nor the record's
   * next writer takes it for a writer that stopped (mongo-collection.ts, awaitOutbox).
   */
  async renew(kind: ResourceKind, tenant: string, id: string, version: number, at: Date): Promise<void> {
    const collection = this.resources[kind];
    await guarded(() =>
      this.writes.run(recordKey(collection.collectionName, tenant, id), () =>
        collection.updateOne({ tenant, id, 'pendingEvent.resourceVersion': version }, { $set: { pendingSince: at } }),
      ),
    );
  }

  /** Stores the event of a delete about to be tried; `fulfil` or `abandon` it after. */
  async intend(pending: PendingEvent, now: Date): Promise<string> {
    const id = randomUUID();
    await guarded(() => this.intents.insertOne({ _id: id, created: now, event: pending }));
    return id;
  }

  /** The delete took effect: its event gets a position. */
  async fulfil(intent: string, pending: PendingEvent): Promise<void> {
    await this.record(pending);
    await guarded(() => this.intents.deleteOne({ _id: intent }));
  }

  /** The delete did not take effect (the version moved on): its event is dropped. */
  async abandon(intent: string): Promise<void> {
    await guarded(() => this.intents.deleteOne({ _id: intent }));
  }

  async read(tenant: string, after: number, limit: number): Promise<FeedEvent[]> {
    return guarded(async () => {
      const head = await this.heads.findOne({ _id: tenant });
      if (!head || head.position <= after) return [];
      if (head.event) await this.copy(head.event);
      const documents = await this.events
        .find({ tenant, position: { $gt: after, $lte: head.position } }, { projection: { _id: 0 } })
        .sort({ position: 1 })
        .limit(limit)
        .toArray();
      return documents.map(toFeedEvent);
    });
  }

  async bounds(tenant: string): Promise<FeedBounds> {
    return guarded(async () => {
      const head = await this.heads.findOne({ _id: tenant });
      if (!head) return { first: 1, head: 0 };
      const oldest = await this.events.find({ tenant }, { projection: { position: 1 } }).sort({ position: 1 }).limit(1).toArray();
      return { first: oldest[0]?.position ?? head.position + 1, head: head.position };
    });
  }

  async purge(before: Date): Promise<number> {
    return guarded(async () => {
      // A head's own copy of its event goes too, or readers would copy it back.
      await this.heads.updateMany({ 'event.time': { $lt: before } }, { $unset: { event: '' } });
      return (await this.events.deleteMany({ time: { $lt: before } })).deletedCount;
    });
  }

  /**
   * Finishes the work of writers that stopped midway: pending events older than the
   * grace period are recorded, and intents of deletes are settled by what happened to
   * the record — gone: the delete took effect; still at the version the delete expected:
   * the delete is finished here (its caller got an error, an outcome it cannot know);
   * at a later version: the delete lost a race and never took effect.
   */
  async repair(now: Date): Promise<number> {
    const before = new Date(now.getTime() - REPAIR_GRACE_MS);
    let recorded = 0;
    for (const collection of Object.values(this.resources)) {
      const pending = await guarded(() => collection.find({ pendingSince: { $lte: before } }, { projection: { tenant: 1, id: 1, pendingEvent: 1 } }).limit(REPAIR_BATCH).toArray());
      for (const document of pending) {
        await this.settle(document);
        recorded++;
      }
    }
    const intents = await guarded(() => this.intents.find({ created: { $lte: before } }).limit(REPAIR_BATCH).toArray());
    for (const intent of intents) if (await this.resolveIntent(intent, now)) recorded++;
    return recorded;
  }

  private async resolveIntent(intent: IntentDocument, now: Date): Promise<boolean> {
    const { tenant, resourceType, resourceId, resourceVersion } = intent.event;
    const collection = this.resources[resourceType];
    const record = await guarded(() => collection.findOne({ tenant, id: resourceId }));
    if (record && record.version !== resourceVersion - 1) {
      await this.abandon(intent._id);
      return false;
    }
    if (record) {
      await this.settle(record);
      const deleted = await guarded(() =>
        this.writes.run(recordKey(collection.collectionName, tenant, resourceId), () =>
          collection.deleteOne({ tenant, id: resourceId, version: record.version, pendingEvent: { $exists: false } }),
        ),
      );
      if (deleted.deletedCount === 0) return false;
    }
    await this.fulfil(intent._id, intent.event);
    await this.finishDelete(tenant, resourceId, now);
    return true;
  }
}
