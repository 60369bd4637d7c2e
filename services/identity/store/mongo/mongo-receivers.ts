/** The event port's receivers (events/event-store.ts) over MongoDB: one document per receiver, keyed by its id. */
import type { Collection, Db, Document } from 'mongodb';
import type { ReceiverChange, ReceiverExpectation, ReceiverRecord } from '../../events/event-store';
import { guarded } from './mongo-errors';
import { COLLECTIONS } from './mongo-indexes';
import { recordKey, type RecordWrites } from './record-writes';

type ReceiverDocument = Omit<ReceiverRecord, 'id'> & { _id: string };

export class MongoReceivers {
  private readonly receivers: Collection<ReceiverDocument>;

  constructor(
    db: Db,
    private readonly receiverWrites: RecordWrites,
  ) {
    this.receivers = db.collection(COLLECTIONS.eventReceivers);
  }

  async createReceiver(receiver: ReceiverRecord): Promise<void> {
    const { id, ...rest } = receiver;
    await guarded(() => this.receivers.insertOne({ _id: id, ...rest }));
  }

  async getReceiver(tenant: string, id: string): Promise<ReceiverRecord | undefined> {
    const document = await guarded(() => this.receivers.findOne({ _id: id, tenant }));
    return document ? toReceiver(document) : undefined;
  }

  async listReceivers(tenant?: string): Promise<ReceiverRecord[]> {
    const documents = await guarded(() => this.receivers.find(tenant === undefined ? {} : { tenant }).sort({ created: 1, _id: 1 }).toArray());
    return documents.map(toReceiver);
  }

  async deleteReceiver(tenant: string, id: string): Promise<boolean> {
    return (await guarded(() => this.receivers.deleteOne({ _id: id, tenant }))).deletedCount > 0;
  }

  async updateReceiver(tenant: string, id: string, change: ReceiverChange, expected: ReceiverExpectation): Promise<ReceiverRecord | undefined> {
    const filter: Document = { _id: id, tenant };
    if (expected.position !== undefined) filter.position = expected.position;
    if (expected.leaseOwner !== undefined) {
      if (expected.orLeaseFreeAt) {
        filter.$or = [{ leaseOwner: expected.leaseOwner }, { leaseOwner: { $exists: false } }, { leaseUntil: { $lte: expected.orLeaseFreeAt } }];
      } else {
        filter.leaseOwner = expected.leaseOwner;
      }
    }
    const set: Document = {};
    const unset: Document = {};
    for (const [field, value] of Object.entries(change)) {
      if (value === null) unset[field] = '';
      else if (value !== undefined) set[field] = value;
    }
    const update = { ...(Object.keys(set).length > 0 ? { $set: set } : {}), ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) };
    const document = await guarded(() =>
      Object.keys(update).length === 0
        ? this.receivers.findOne(filter)
        : this.receiverWrites.run(recordKey(COLLECTIONS.eventReceivers, tenant, id), () => this.receivers.findOneAndUpdate(filter, update, { returnDocument: 'after' })),
    );
    return document ? toReceiver(document) : undefined;
  }
}

function toReceiver(document: ReceiverDocument): ReceiverRecord {
  const { _id, ...rest } = document;
  return { id: _id, ...rest };
}
