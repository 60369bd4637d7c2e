/**
 * How the compare-and-swap writes of one record are issued. MongoDB applies each
 * single-document update atomically, so they go straight out; FerretDB does not, and
 * queues them (ferretdb.ts).
 */
export interface RecordWrites {
  /** Runs `write`, a compare-and-swap on the record `key` names. */
  run<T>(key: string, write: () => Promise<T>): Promise<T>;
}

export const atomicWrites: RecordWrites = { run: (_key, write) => write() };

/** The key of one record, for RecordWrites. */
export function recordKey(collection: string, tenant: string, id: string): string {
  return JSON.stringify([collection, tenant, id]);
}
