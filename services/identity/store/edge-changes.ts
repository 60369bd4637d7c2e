/** What both adapters write into the event of a group write that changes member edges (port.ts, Events). */
import type { ChangeRecord } from '../events/change-event';

/** The member ids a write added and removed. */
export interface EdgeChanges {
  added: string[];
  removed: string[];
}

/** The record's member fields, when the write touched edges. */
export function withEdges(record: ChangeRecord, edges: EdgeChanges | undefined): ChangeRecord {
  return edges ? { ...record, membersAdded: edges.added, membersRemoved: edges.removed } : record;
}
