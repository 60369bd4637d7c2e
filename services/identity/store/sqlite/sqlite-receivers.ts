/** The event port's receivers (events/event-store.ts) over SQLite: one row per receiver, its settings as JSON. */
import type { ReceiverChange, ReceiverExpectation, ReceiverRecord, ReceiverSettings } from '../../events/event-store';
import { guarded, type SqliteDatabase } from './sqlite-database';

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

export class SqliteReceivers {
  constructor(private readonly receiverDb: SqliteDatabase) {}

  async createReceiver(receiver: ReceiverRecord): Promise<void> {
    const optionalDate = (value: Date | undefined) => value?.toISOString() ?? null;
    guarded(() =>
      this.receiverDb
        .prepare(
          `INSERT INTO event_receivers (tenant_id, id, settings, created, position, acked, failures,
             next_attempt, last_error, last_delivered, lease_owner, lease_until)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          receiver.tenant,
          receiver.id,
          JSON.stringify(settingsOf(receiver)),
          receiver.created.toISOString(),
          receiver.position,
          JSON.stringify(receiver.acked),
          receiver.failures,
          optionalDate(receiver.nextAttempt),
          receiver.lastError ?? null,
          optionalDate(receiver.lastDelivered),
          receiver.leaseOwner ?? null,
          optionalDate(receiver.leaseUntil),
        ),
    );
  }

  async getReceiver(tenant: string, id: string): Promise<ReceiverRecord | undefined> {
    const row = guarded(() => this.receiverDb.prepare('SELECT * FROM event_receivers WHERE tenant_id = ? AND id = ?').get(tenant, id)) as ReceiverRow | undefined;
    return row && toReceiver(row);
  }

  async listReceivers(tenant?: string): Promise<ReceiverRecord[]> {
    const rows = guarded(() =>
      tenant === undefined
        ? this.receiverDb.prepare('SELECT * FROM event_receivers ORDER BY created, id').all()
        : this.receiverDb.prepare('SELECT * FROM event_receivers WHERE tenant_id = ? ORDER BY created, id').all(tenant),
    ) as ReceiverRow[];
    return rows.map(toReceiver);
  }

  async deleteReceiver(tenant: string, id: string): Promise<boolean> {
    return guarded(() => this.receiverDb.prepare('DELETE FROM event_receivers WHERE tenant_id = ? AND id = ?').run(tenant, id).changes > 0);
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
    // The row as the update left it, or as it is when there is nothing to change; none when the expectation fails.
    const statement =
      assignments.length > 0
        ? `UPDATE event_receivers SET ${assignments.join(', ')} WHERE ${conditions.join(' AND ')} RETURNING *`
        : `SELECT * FROM event_receivers WHERE ${conditions.join(' AND ')}`;
    const row = guarded(() => this.receiverDb.prepare(statement).get(...values, ...params)) as ReceiverRow | undefined;
    return row && toReceiver(row);
  }
}
