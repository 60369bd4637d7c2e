/**
 * The event port (events/event-store.ts) over SQLite. A change's event is appended by
 * the collection's own write transaction (`append`, called inside it), and its position
 * comes from a per-tenant counter updated in that transaction: SQLite runs one write
 * transaction at a time, across connections and processes, so positions follow commit
 * order and a reader's snapshot holds every position up to the last it sees.
 */
import type { ChangeRecord, FeedEvent } from '../../events/change-event';
import type { EventStore, FeedBounds } from '../../events/event-store';
import type { ScimJson } from '../../scim/resource/scim-json';
import type { ResourceKind } from '../port';
import { guarded, type SqliteDatabase } from './sqlite-database';
import { SqliteReceivers } from './sqlite-receivers';

interface EventRow {
  tenant_id: string;
  position: number;
  time: string;
  resource_type: ResourceKind;
  resource_id: string;
  resource_version: number;
  operation: ChangeRecord['operation'];
  body: string;
}

/** What the `body` column holds: the record's fields that are not columns. */
type EventBody = Omit<ChangeRecord, 'operation' | 'time'>;

function toEvent(row: EventRow): FeedEvent {
  const body = JSON.parse(row.body) as EventBody & { snapshot?: ScimJson };
  return {
    ...body,
    tenant: row.tenant_id,
    position: row.position,
    time: new Date(row.time),
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    resourceVersion: row.resource_version,
    operation: row.operation,
  };
}

/** The feed; its receivers are kept by SqliteReceivers (sqlite-receivers.ts). */
export class SqliteEvents extends SqliteReceivers implements EventStore {
  constructor(private readonly db: SqliteDatabase) {
    super(db);
  }

  /**
   * Appends the event of a write; to be called inside that write's transaction, so
   * that the change, its event and its position commit together or not at all.
   */
  append(tenant: string, resourceType: ResourceKind, resourceId: string, resourceVersion: number, record: ChangeRecord): void {
    const position = this.db
      .prepare(
        `INSERT INTO event_positions (tenant_id, position) VALUES (?, 1)
         ON CONFLICT (tenant_id) DO UPDATE SET position = position + 1 RETURNING position`,
      )
      .pluck()
      .get(tenant) as number;
    const { operation, time, ...body } = record;
    this.db
      .prepare(
        `INSERT INTO events (tenant_id, position, time, resource_type, resource_id, resource_version, operation, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(tenant, position, time.toISOString(), resourceType, resourceId, resourceVersion, operation, JSON.stringify(body));
  }

  async read(tenant: string, after: number, limit: number): Promise<FeedEvent[]> {
    const rows = guarded(() =>
      this.db.prepare('SELECT * FROM events WHERE tenant_id = ? AND position > ? ORDER BY position LIMIT ?').all(tenant, after, limit),
    ) as EventRow[];
    return rows.map(toEvent);
  }

  async bounds(tenant: string): Promise<FeedBounds> {
    return guarded(() =>
      this.db.transaction(() => {
        const head = (this.db.prepare('SELECT position FROM event_positions WHERE tenant_id = ?').pluck().get(tenant) as number | undefined) ?? 0;
        const first = this.db.prepare('SELECT min(position) FROM events WHERE tenant_id = ?').pluck().get(tenant) as number | null;
        return { first: first ?? head + 1, head };
      })(),
    );
  }

  async purge(before: Date): Promise<number> {
    return guarded(() => this.db.prepare('DELETE FROM events WHERE time < ?').run(before.toISOString()).changes);
  }

  async repair(): Promise<number> {
    return 0;
  }
}
