/**
 * Workarounds for FerretDB 1.x, the wire-protocol server CI runs the MongoDB store
 * against (on SQLite, without replica sets). Those below are switched on only there
 * (isFerretDb); MongoDB takes the plain path. Two more need no switch and sit where
 * they apply: one createIndexes command per index (mongo-indexes.ts), and no projection
 * on findOneAndUpdate (mongo-collection.ts). test/store/ferretdb-gaps.test.ts proves
 * each gap but the third, which the contract suite's concurrent compare-and-swaps
 * catch. The README lists them.
 */
import { MongoServerError, type Collection, type Document } from 'mongodb';
import { MATCH_NONE } from './mongo-conditions';
import type { ResourceDocument } from './mongo-documents';
import type { RecordWrites } from './record-writes';

/** FerretDB answers buildInfo with its own version beside the MongoDB one it imitates. */
export function isFerretDb(buildInfo: Document): boolean {
  return typeof buildInfo.ferretdbVersion === 'string';
}

/**
 * Gap 1: a unique-index violation by an update comes back as InternalError (code 1) with
 * SQLite's message, "UNIQUE constraint failed: index '<collection hash>_<index name>'",
 * instead of E11000. Returns that index name.
 */
export function ferretDbViolatedIndex(error: unknown): string | undefined {
  if (!(error instanceof MongoServerError) || error.code !== 1) return undefined;
  return /UNIQUE constraint failed: index '([^']+)'/.exec(error.message)?.[1];
}

/**
 * Gap 2: $elemMatch over an array of documents matches nothing. A value path over a
 * multi-valued attribute is written out by position instead: element 0 satisfies the
 * inner filter, or element 1, …, up to the longest such array in the tenant.
 */
export async function positionalElementMatch(
  collection: Collection<ResourceDocument>,
  tenant: string,
  arrayPath: string,
  element: (prefix: string) => Document,
): Promise<Document> {
  const length = await longestArray(collection, tenant, arrayPath);
  if (length === 0) return MATCH_NONE;
  const branches = Array.from({ length }, (_, index) => ({
    $and: [{ [`${arrayPath}.${index}`]: { $exists: true } }, element(`${arrayPath}.${index}.`)],
  }));
  return { $or: branches };
}

/** The length of the longest array at `arrayPath` in the tenant, by doubling then bisecting on "has an element at i". */
async function longestArray(collection: Collection<ResourceDocument>, tenant: string, arrayPath: string): Promise<number> {
  const hasElement = async (index: number) =>
    (await collection.findOne({ tenant, [`${arrayPath}.${index}`]: { $exists: true } }, { projection: { _id: 1 } })) !== null;
  if (!(await hasElement(0))) return 0;
  let present = 0;
  let absent = 1;
  while (await hasElement(absent)) {
    present = absent;
    absent *= 2;
  }
  while (absent - present > 1) {
    const middle = Math.floor((present + absent) / 2);
    if (await hasElement(middle)) present = middle;
    else absent = middle;
  }
  return present + 1;
}

/** The tail of each record's queue, for every store of the process on the same database. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Gap 3: an update is a read and a write that concurrent updates interleave, so two
 * compare-and-swaps on the same version can both report a match (and two $inc lose
 * one). The writes of one record are queued inside the process instead, across all
 * its stores on one database: enough for tests, which run their identity services
 * (replicas included) in one process.
 */
export class QueuedWrites implements RecordWrites {
  /** `database` names the server and database, so that stores on different ones never wait for each other. */
  constructor(private readonly database: string) {}

  async run<T>(key: string, write: () => Promise<T>): Promise<T> {
    const queue = `${this.database} ${key}`;
    const result = (queues.get(queue) ?? Promise.resolve()).then(write, write);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    queues.set(queue, tail);
    try {
      return await result;
    } finally {
      if (queues.get(queue) === tail) queues.delete(queue);
    }
  }
}
