/**
 * A ResourceCollection over one MongoDB collection (documents: mongo-documents.ts).
 * Every write to a record is a single-document compare-and-swap on its version; edges
 * follow the record (mongo-memberships.ts), so the record's write is the commit point.
 *
 * A write holds the record's outbox (its pending event, mongo-events.ts) from its
 * compare-and-swap until it has written the edges and recorded the event, and no other
 * write can land meanwhile. The record's next writer waits for it rather than clearing
 * the outbox itself, or two member replaces would interleave their edge writes and leave
 * a mix of both lists; only a writer that has not renewed its outbox for REPAIR_GRACE_MS
 * is taken to have stopped, and its event is then recorded for it.
 */
import type { Collection, Document, UpdateFilter } from 'mongodb';
import type { ChangeRecord } from '../../events/change-event';
import { UniquenessError } from '../../errors/scim-errors';
import { withEdges } from '../edge-changes';
import type { ListQuery, ListResult, MemberDelta, ResourceCollection, ResourceUpdate, ResourceWrite, StoredResource } from '../port';
import { VersionConflict } from '../port';
import type { CollectionSpec } from './collection-specs';
import { documentFields, toStored, versionFields, type ResourceDocument } from './mongo-documents';
import { guarded, violatedIndex } from './mongo-errors';
import type { MongoFilterCompiler } from './mongo-filter';
import { outboxFields, pendingEvent, REPAIR_GRACE_MS, type MongoEvents, type PendingEvent } from './mongo-events';
import type { MongoMemberships, Progress } from './mongo-memberships';
import { INDEXES } from './mongo-indexes';
import { positionOf, sortPhases, sortPlan } from './mongo-sort';
import { recordKey, type RecordWrites } from './record-writes';

/**
 * How often an update without an expected version may lose a race before it gives up.
 * Each loss is another write landing, and waiting for a held outbox is not a loss, so a
 * writer gives up only on a record many others are writing at the same moment.
 */
const UNCONDITIONAL_ATTEMPTS = 20;
/**
 * The longest pause between two looks at an outbox another write holds: short, since a
 * holder keeps it for a few round trips, and every pause is time the record stands idle.
 */
const OUTBOX_POLL_MAX_MS = 20;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A clock that starts at a write's `now` and runs in real time, for the stamps of its outbox. */
function runningFrom(now: Date): () => Date {
  const started = performance.now();
  return () => new Date(now.getTime() + (performance.now() - started));
}

export class MongoCollection implements ResourceCollection {
  constructor(
    private readonly collection: Collection<ResourceDocument>,
    private readonly spec: CollectionSpec,
    private readonly compiler: MongoFilterCompiler,
    private readonly memberships: MongoMemberships,
    private readonly writes: RecordWrites,
    private readonly events: MongoEvents,
  ) {}

  async insert(tenant: string, id: string, write: ResourceWrite, now: Date): Promise<StoredResource> {
    const added = write.members && { added: write.members.map((member) => member.value), removed: [] };
    const pending = write.event && pendingEvent(tenant, this.spec.kind, id, 1, withEdges(write.event, added));
    const document: ResourceDocument = {
      tenant,
      id,
      created: now,
      ...versionFields(1, now),
      ...documentFields(this.spec.kind, id, write.doc),
      ...(write.passwordHash === undefined ? {} : { passwordHash: write.passwordHash }),
      ...(pending ? outboxFields(pending, now) : {}),
    };
    try {
      await guarded(() => this.collection.insertOne(document));
    } catch (error) {
      throw await this.uniquenessError(error, tenant, id);
    }
    if (write.members && write.members.length > 0) await this.memberships.applyDelta(tenant, id, { add: write.members, remove: [] }, this.renewal(tenant, id, 1, now));
    await this.events.settle(document);
    return { id, version: 1, created: now, lastModified: now, doc: write.doc };
  }

  async get(tenant: string, id: string): Promise<StoredResource | undefined> {
    const document = await this.find(tenant, id);
    return document && toStored(document);
  }

  async list(tenant: string, query: ListQuery): Promise<ListResult> {
    const plan = sortPlan(this.spec, query.sort);
    return guarded(async () => {
      // Compiling may query too (the edges behind members and groups, FerretDB's array lengths).
      const matching: Document = query.filter ? { $and: [{ tenant }, await this.compiler.compile(tenant, query.filter)] } : { tenant };
      const total = query.countTotal ? await this.collection.countDocuments(matching) : undefined;
      if (query.limit === 0) return { total, items: [], more: total === undefined || total > 0 };
      // One record more than the page tells whether another page follows.
      const wanted = query.limit + 1;
      const found: ResourceDocument[] = [];
      let skip = query.after ? 0 : query.offset;
      for (const phase of sortPhases(plan, query.sort?.descending ?? false, query.after)) {
        if (found.length >= wanted) break;
        const where = { $and: [matching, phase.filter] };
        // A sort no index serves keeps skip + limit records in memory: past MongoDB's 100 MB it may use disk, not fail.
        const page = await this.collection.find(where, { allowDiskUse: true }).sort(phase.sort).skip(skip).limit(wanted - found.length).toArray();
        // An offset past this phase continues into the next one, less the records this one holds.
        skip = page.length === 0 && skip > 0 ? skip - (await this.collection.countDocuments(where)) : 0;
        found.push(...page);
      }
      const items = found.slice(0, query.limit);
      const last = items[items.length - 1];
      return { total, items: items.map(toStored), last: last && positionOf(plan, last), more: found.length > query.limit };
    });
  }

  async replace(tenant: string, id: string, update: ResourceUpdate, expectedVersion: number | undefined, now: Date): Promise<StoredResource | undefined> {
    // The record as last read: found, or as an outbox's holder released it. A write without an
    // expected version needs its version; a new member list needs the record seen free (memberDelta).
    let seen: ResourceDocument | undefined;
    let lostRaces = 0;
    for (;;) {
      if (!seen && (expectedVersion === undefined || update.members)) {
        seen = await this.find(tenant, id);
        if (!seen) return undefined;
      }
      if (seen && expectedVersion !== undefined && seen.version !== expectedVersion) throw new VersionConflict(seen.version);
      if (seen?.pendingEvent) {
        // Another write holds the outbox (see the header): once it is done, or has stopped, try again.
        seen = await this.awaitOutbox(seen, now);
        continue;
      }
      const base = expectedVersion ?? seen!.version;
      const delta = await this.memberDelta(tenant, id, update);
      const edges = delta && { added: delta.add.map((member) => member.value), removed: delta.remove };
      const pending = update.event && pendingEvent(tenant, this.spec.kind, id, base + 1, withEdges(update.event, edges));
      const before = await this.compareAndSwap(tenant, id, base, this.changes(id, update, base + 1, now, pending));
      if (before) {
        if (delta) await this.memberships.applyDelta(tenant, id, delta, this.renewal(tenant, id, base + 1, now));
        await this.events.settle({ tenant, id, pendingEvent: pending });
        return { id, version: base + 1, created: before.created, lastModified: now, doc: update.doc ?? toStored(before).doc };
      }
      seen = await this.find(tenant, id);
      if (!seen) return undefined;
      // Another version is a race lost to a write that landed; a held outbox at `base` is waited for above.
      if (seen.version !== base && expectedVersion === undefined && ++lostRaces >= UNCONDITIONAL_ATTEMPTS) throw new VersionConflict(seen.version);
    }
  }

  async delete(tenant: string, id: string, expectedVersion: number | undefined, now: Date, event?: ChangeRecord): Promise<boolean> {
    for (;;) {
      const current = await this.find(tenant, id);
      if (!current) {
        // Finishes the edge cleanup of a delete that failed after removing the record.
        await this.memberships.removeResource(tenant, id, now);
        return false;
      }
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw new VersionConflict(current.version);
      // Events in the order of versions: the record's last one first, then the delete's, kept aside as an intent.
      await this.events.settle(current);
      const pending = event && pendingEvent(tenant, this.spec.kind, id, current.version + 1, event);
      const intent = pending && (await this.events.intend(pending, now));
      const result = await guarded(() =>
        this.writes.run(this.key(tenant, id), () => this.collection.deleteOne({ tenant, id, version: current.version, pendingEvent: { $exists: false } })),
      );
      if (result.deletedCount === 1) {
        if (intent && pending) await this.events.fulfil(intent, pending);
        break;
      }
      if (intent) await this.events.abandon(intent);
    }
    await this.memberships.removeResource(tenant, id, now);
    return true;
  }

  /** Renews the outbox of `version` as its writer writes edges (mongo-events.ts, renew). */
  private renewal(tenant: string, id: string, version: number, now: Date): Progress {
    const clock = runningFrom(now);
    return () => this.events.renew(this.spec.kind, tenant, id, version, clock());
  }

  /**
   * Returns once the write holding `held`'s outbox has released it (recorded its event, or
   * lost the record to a delete), with the record as released when it was seen free. A
   * holder whose stamp is older than REPAIR_GRACE_MS, or that has not renewed it for that
   * long while this one watched, has stopped: its event is recorded here. Watching for a
   * renewal, not only comparing stamps, keeps the wait bounded whatever the clocks of the
   * two writers say.
   */
  private async awaitOutbox(held: ResourceDocument, now: Date): Promise<ResourceDocument | undefined> {
    const clock = runningFrom(now);
    let seen = held;
    let watchedSince = performance.now();
    for (let wait = 1; ; wait = Math.min(wait * 2, OUTBOX_POLL_MAX_MS)) {
      const stamped = seen.pendingSince?.getTime() ?? 0;
      if (stamped + REPAIR_GRACE_MS <= clock().getTime() || performance.now() - watchedSince >= REPAIR_GRACE_MS) {
        await this.events.settle(seen);
        return undefined;
      }
      await pause(wait);
      const current = await this.find(seen.tenant, seen.id);
      if (!current || current.version !== seen.version) return undefined;
      if (current.pendingEvent?.resourceVersion !== seen.pendingEvent?.resourceVersion) return current.pendingEvent ? undefined : current;
      if (current.pendingSince?.getTime() !== stamped) {
        seen = current;
        watchedSince = performance.now();
      }
    }
  }

  private key(tenant: string, id: string): string {
    return recordKey(this.spec.collection, tenant, id);
  }

  private find(tenant: string, id: string): Promise<ResourceDocument | undefined> {
    return guarded(async () => (await this.collection.findOne({ tenant, id }, { projection: { _id: 0 } })) ?? undefined);
  }

  /**
   * The member edges a write adds and removes, which its event records too: a delta as
   * asked; for a new member list, its difference from the edges read now. replace reads
   * them only after it has seen the record free at the version its compare-and-swap
   * expects: if that lands, no write of the group changed its edges in between.
   */
  private async memberDelta(tenant: string, id: string, update: ResourceUpdate): Promise<MemberDelta | undefined> {
    if (update.memberDelta) return update.memberDelta;
    if (!update.members) return undefined;
    const existing = await this.memberships.memberIds(tenant, id);
    const wanted = new Map(update.members.map((member) => [member.value, member]));
    return { add: [...wanted.values()].filter((member) => !existing.has(member.value)), remove: [...existing].filter((member) => !wanted.has(member)) };
  }

  private changes(id: string, update: ResourceUpdate, version: number, now: Date, pending: PendingEvent | undefined): UpdateFilter<ResourceDocument> {
    const set: Document = {
      ...versionFields(version, now),
      ...(update.passwordHash === undefined ? {} : { passwordHash: update.passwordHash }),
      ...(pending ? outboxFields(pending, now) : {}),
    };
    const unset: Document = {};
    if (update.doc) {
      for (const [name, value] of Object.entries(documentFields(this.spec.kind, id, update.doc))) {
        if (value === undefined) unset[name] = '';
        else set[name] = value;
      }
    }
    return Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set };
  }

  /**
   * Writes `changes` if the version is still `version` and the record's last event is
   * recorded (mongo-events.ts), returning the record as it was (whole: FerretDB refuses
   * a projection here); undefined otherwise.
   */
  private async compareAndSwap(
    tenant: string,
    id: string,
    version: number,
    changes: UpdateFilter<ResourceDocument>,
  ): Promise<ResourceDocument | undefined> {
    try {
      const before = await guarded(() =>
        this.writes.run(this.key(tenant, id), () =>
          this.collection.findOneAndUpdate({ tenant, id, version, pendingEvent: { $exists: false } }, changes, { returnDocument: 'before' }),
        ),
      );
      return before ?? undefined;
    } catch (error) {
      throw await this.uniquenessError(error, tenant, id);
    }
  }

  /**
   * UniquenessError for a violation of an attribute's unique index; any other error as
   * it is. When the server does not name the index (FerretDB, on insert), it is the
   * attribute's unless the record's id is the one taken.
   */
  private async uniquenessError(error: unknown, tenant: string, id: string): Promise<unknown> {
    const index = violatedIndex(error, INDEXES[this.spec.collection]);
    if (index === undefined) return error;
    const unique = this.spec.uniqueAttributes.find((entry) => entry.index === index);
    if (unique) return new UniquenessError(unique.attribute);
    if (index === null && this.spec.uniqueAttributes.length === 1 && !(await this.find(tenant, id))) {
      return new UniquenessError(this.spec.uniqueAttributes[0].attribute);
    }
    return error;
  }
}
