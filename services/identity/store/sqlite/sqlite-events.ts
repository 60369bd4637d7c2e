/**
 * The event port (events/event-store.ts) over SQLite. A change's event is appended by
 * the collection's own write transaction (`append`, called inside it), and its position
 * comes from a per-tenant counter updated in that transaction: SQLite runs one write
 * transaction at a time, across connections and processes, so positions follow commit
 * order and a reader's snapshot holds every position up to the last it sees.
 */
import type { ChangeRecord, FeedEvent } from '../../events/change-event';
import type { EventStore, FeedBounds, ReceiverChange, ReceiverExpectation, ReceiverRecord, ReceiverSettings } from '../../events/event-store';
import type { ScimJson } from '../../scim/resource/scim-json';
import type { ResourceKind } from '../port';
import { guarded, type SqliteDatabase } from './sqlite-database';

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

interface ReceiverRow {
  tenant_id: string;
  id: string;
  settings: string;
  created: string;
  position: number;
  acked: string;
  failures: number;
  next_attempt: string | null;
  last_error: string | null;
  last_delivered: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

const date = (text: string | null) => (text === null ? undefined : new Date(text));

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

function toReceiver(row: ReceiverRow): ReceiverRecord {
  return {
    ...(JSON.parse(row.settings) as ReceiverSettings),
    id: row.id,
    tenant: row.tenant_id,
    created: new Date(row.created),
    position: row.position,
    acked: JSON.parse(row.acked) as number[],
    failures: row.failures,
    nextAttempt: date(row.next_attempt),
    lastError: row.last_error ?? undefined,
    lastDelivered: date(row.last_delivered),
    leaseOwner: row.lease_owner ?? undefined,
    leaseUntil: date(row.lease_until),
  };
}

function settingsOf(receiver: ReceiverRecord): ReceiverSettings {
  const { delivery, url, audience, authorization, full, eventTypes, resourceTypes } = receiver;
  return { delivery, url, audience, authorization, full, eventTypes, resourceTypes };
}

/** ReceiverChange fields and their columns, with how a value is stored. */
const RECEIVER_COLUMNS: { [K in keyof ReceiverChange]-?: [string, (value: NonNullable<ReceiverChange[K]>) => string | number] } = {
  position: ['position', (value) => value],
  acked: ['acked', (value) => JSON.stringify(value)],
  failures: ['failures', (value) => value],
  nextAttempt: ['next_attempt', (value) => value.toISOString()],
  lastError: ['last_error', (value) => value],
  lastDelivered: ['last_delivered', (value) => value.toISOString()],
  leaseOwner: ['lease_owner', (value) => value],
  leaseUntil: ['lease_until', (value) => value.toISOString()],
};

export class SqliteEvents implements EventStore {
  constructor(private readonly db: SqliteDatabase) {}

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

  async createReceiver(receiver: ReceiverRecord): Promise<void> {
    guarded(() =>
      this.db
        .prepare(
          `INSERT INTO event_receivers (tenant_id, id, settings, created, position, acked, failures)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(receiver.tenant, receiver.id, JSON.stringify(settingsOf(receiver)), receiver.created.toISOString(), receiver.position, JSON.stringify(receiver.acked), receiver.failures),
    );
  }

  async getReceiver(tenant: string, id: string): Promise<ReceiverRecord | undefined> {
    const row = guarded(() => this.db.prepare('SELECT * FROM event_receivers WHERE tenant_id = ? AND id = ?').get(tenant, id)) as ReceiverRow | undefined;
    return row && toReceiver(row);
  }

  async listReceivers(tenant?: string): Promise<ReceiverRecord[]> {
    const rows = guarded(() =>
      tenant === undefined
        ? this.db.prepare('SELECT * FROM event_receivers ORDER BY created, id').all()
        : this.db.prepare('SELECT * FROM event_receivers WHERE tenant_id = ? ORDER BY created, id').all(tenant),
    ) as ReceiverRow[];
    return rows.map(toReceiver);
  }

  async deleteReceiver(tenant: string, id: string): Promise<boolean> {
    return guarded(() => this.db.prepare('DELETE FROM event_receivers WHERE tenant_id = ? AND id = ?').run(tenant, id).changes > 0);
  }

  async updateReceiver(tenant: string, id: string, change: ReceiverChange, expected: ReceiverExpectation): Promise<ReceiverRecord | undefined> {
    const assignments: string[] = [];
    const values: Array<string | number | null> = [];
    for (const [field, [column, encode]] of Object.entries(RECEIVER_COLUMNS) as Array<[keyof ReceiverChange, [string, (value: unknown) => string | number]]>) {
      const value = change[field];
      if (value === undefined) continue;
      assignments.push(`${column} = ?`);
      values.push(value === null ? null : encode(value));
    }
    const conditions = ['tenant_id = ?', 'id = ?'];
    const params: Array<string | number> = [tenant, id];
    if (expected.position !== undefined) {
      conditions.push('position = ?');
      params.push(expected.position);
    }
    if (expected.leaseOwner !== undefined) {
      conditions.push(expected.orLeaseFreeAt ? '(lease_owner = ? OR lease_owner IS NULL OR lease_until <= ?)' : 'lease_owner = ?');
      params.push(expected.leaseOwner, ...(expected.orLeaseFreeAt ? [expected.orLeaseFreeAt.toISOString()] : []));
    }
    return guarded(() =>
      this.db.transaction(() => {
        if (assignments.length > 0) {
          const applied = this.db.prepare(`UPDATE event_receivers SET ${assignments.join(', ')} WHERE ${conditions.join(' AND ')}`).run(...values, ...params);
          if (applied.changes === 0) return undefined;
        } else if (!this.db.prepare(`SELECT 1 FROM event_receivers WHERE ${conditions.join(' AND ')}`).get(...params)) {
          return undefined;
        }
        const row = this.db.prepare('SELECT * FROM event_receivers WHERE tenant_id = ? AND id = ?').get(tenant, id) as ReceiverRow;
        return toReceiver(row);
      }).immediate(),
    );
  }
}
