/**
 * The event port (services/identity/events/event-store.ts) and the events the resource
 * port's writes record (store/port.ts), run against every adapter; then, for MongoDB,
 * each window in which a writer that stops midway leaves an event half recorded
 * (docs/events.md), and how readers and `repair` make it whole.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import type { ChangeRecord } from '../../services/identity/events/change-event';
import type { ReceiverRecord } from '../../services/identity/events/event-store';
import { REPAIR_GRACE_MS, pendingEvent, type MongoEvents } from '../../services/identity/store/mongo/mongo-events';
import type { MongoMemberships } from '../../services/identity/store/mongo/mongo-memberships';
import type { IdentityStore } from '../../services/identity/store/port';
import { VersionConflict } from '../../services/identity/store/port';
import { openStore, STORE_NAMES, type StoreUnderTest } from './store-fixtures';

const T0 = new Date('2026-01-02T03:04:05.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const tenant = () => `t-${randomUUID().slice(0, 8)}`;

function record(operation: ChangeRecord['operation'], extra: Partial<ChangeRecord> = {}): ChangeRecord {
  return { operation, attributes: ['userName'], actor: 'credential:test', requestId: 'req-1', time: T0, ...extra };
}

const positions = async (store: IdentityStore, t: string) => (await store.events.read(t, 0, 1000)).map((event) => event.position);

describe.each(STORE_NAMES)('the %s event store', (name) => {
  let subject: StoreUnderTest;
  let store: IdentityStore;

  beforeAll(async () => {
    subject = await openStore(name);
    store = subject.store;
  });
  afterAll(() => subject.release());

  it('records each write that carries an event at the next position of its tenant, with the new version', async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create', { snapshot: { userName: 'a' } }) }, T0);
    await store.users.replace(t, 'u1', { doc: { userName: 'a', title: 'x' }, event: record('replace', { attributes: ['title'], activation: 'deactivated' }) }, 1, later(1));
    await store.users.insert(t, 'u2', { doc: { userName: 'b' } }, T0);
    await store.users.delete(t, 'u1', undefined, later(2), record('delete', { attributes: [] }));
    const events = await store.events.read(t, 0, 100);
    expect(events).toEqual([
      expect.objectContaining({ tenant: t, position: 1, resourceType: 'User', resourceId: 'u1', resourceVersion: 1, operation: 'create', snapshot: { userName: 'a' }, time: T0 }),
      expect.objectContaining({ position: 2, resourceVersion: 2, operation: 'replace', attributes: ['title'], activation: 'deactivated' }),
      expect.objectContaining({ position: 3, resourceId: 'u1', resourceVersion: 3, operation: 'delete' }),
    ]);
    expect(await store.events.read(t, 1, 1)).toEqual([events[1]]);
    expect(await store.events.bounds(t)).toEqual({ first: 1, head: 3 });
    expect(await store.events.bounds(tenant())).toEqual({ first: 1, head: 0 });
    expect(await store.events.read(tenant(), 0, 10)).toEqual([]);
  });

  it('records nothing for a write that does not take effect', async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create') }, T0);
    await expect(store.users.insert(t, 'u2', { doc: { userName: 'A' }, event: record('create') }, T0)).rejects.toMatchObject({ attribute: 'userName' });
    await expect(store.users.replace(t, 'u1', { doc: { userName: 'a' }, event: record('replace') }, 7, T0)).rejects.toBeInstanceOf(VersionConflict);
    expect(await store.users.replace(t, 'nope', { doc: { userName: 'z' }, event: record('replace') }, undefined, T0)).toBeUndefined();
    expect(await store.users.delete(t, 'nope', undefined, T0, record('delete'))).toBe(false);
    await expect(store.users.delete(t, 'u1', 9, T0, record('delete'))).rejects.toBeInstanceOf(VersionConflict);
    expect(await positions(store, t)).toEqual([1]);
  });

  it("fills in the member ids a group write changed", async () => {
    const t = tenant();
    for (const id of ['m1', 'm2', 'm3']) await store.users.insert(t, id, { doc: { userName: id } }, T0);
    await store.groups.insert(t, 'g', { doc: { displayName: 'G' }, members: [{ value: 'm1', type: 'User' }, { value: 'm2', type: 'User' }], event: record('create') }, T0);
    await store.groups.replace(t, 'g', { memberDelta: { add: [{ value: 'm3', type: 'User' }], remove: ['m1'] }, event: record('patch') }, undefined, T0);
    await store.groups.replace(t, 'g', { doc: { displayName: 'G' }, members: [{ value: 'm1', type: 'User' }, { value: 'm3', type: 'User' }], event: record('replace') }, 2, T0);
    const [created, patched, replaced] = await store.events.read(t, 0, 10);
    expect(created).toMatchObject({ membersAdded: ['m1', 'm2'], membersRemoved: [] });
    expect(patched).toMatchObject({ resourceVersion: 2, membersAdded: ['m3'], membersRemoved: ['m1'] });
    expect(replaced).toMatchObject({ resourceVersion: 3, membersAdded: ['m1'], membersRemoved: ['m2'] });
  });

  it('keeps positions gap-free and in each resource version order under concurrent writers on two store instances', async () => {
    const t = tenant();
    const replica = name === 'sqlite' ? undefined : await subject.mongo!.open();
    const stores = [store, replica ?? store];
    const ids = ['a', 'b', 'c', 'd'];
    for (const id of ids) await store.users.insert(t, id, { doc: { userName: id }, event: record('create') }, T0);
    try {
      await Promise.all(
        ids.flatMap((id, index) =>
          [0, 1].map(async (writer) => {
            for (let n = 0; n < 5; n++) {
              await stores[(index + writer + n) % 2].users.replace(t, id, { doc: { userName: id, title: `${writer}-${n}` }, event: record('patch') }, undefined, T0);
            }
          }),
        ),
      );
    } finally {
      await replica?.close();
    }
    const events = await store.events.read(t, 0, 1000);
    expect(events.map((event) => event.position)).toEqual(Array.from({ length: 44 }, (_, index) => index + 1));
    for (const id of ids) {
      expect(events.filter((event) => event.resourceId === id).map((event) => event.resourceVersion)).toEqual(Array.from({ length: 11 }, (_, index) => index + 1));
    }
  });

  it('ages events out by time, never reusing a position, not even for a tenant deleted and created again', async () => {
    const t = tenant();
    await store.tenancy.createTenant({ id: t, displayName: '', disabled: false, created: T0, updated: T0 });
    await store.users.insert(t, 'old', { doc: { userName: 'old' }, event: record('create', { time: T0 }) }, T0);
    await store.users.insert(t, 'new', { doc: { userName: 'new' }, event: record('create', { time: later(3600) }) }, T0);
    expect(await store.events.purge(later(60))).toBeGreaterThanOrEqual(1);
    expect(await store.events.bounds(t)).toEqual({ first: 2, head: 2 });
    expect(await positions(store, t)).toEqual([2]);

    await store.tenancy.deleteTenant(t);
    expect(await store.events.read(t, 0, 10)).toEqual([]);
    await store.tenancy.createTenant({ id: t, displayName: '', disabled: false, created: T0, updated: T0 });
    await store.users.insert(t, 'again', { doc: { userName: 'again' }, event: record('create', { time: later(3600) }) }, T0);
    expect(await positions(store, t)).toEqual([3]);
  });

  describe('receivers', () => {
    const receiver = (t: string, id: string): ReceiverRecord => ({
      id,
      tenant: t,
      delivery: 'push',
      url: 'https://receiver.example.com/events',
      audience: 'https://receiver.example.com/events',
      authorization: 'Bearer secret',
      full: false,
      eventTypes: ['user.created'],
      resourceTypes: ['User'],
      created: T0,
      position: 4,
      acked: [],
      failures: 0,
    });

    it('keeps receivers per tenant and updates them by compare-and-swap', async () => {
      const t = tenant();
      const id = randomUUID();
      await store.events.createReceiver(receiver(t, id));
      expect(await store.events.getReceiver(t, id)).toEqual(receiver(t, id));
      expect(await store.events.getReceiver(tenant(), id)).toBeUndefined();
      expect((await store.events.listReceivers(t)).map((r) => r.id)).toEqual([id]);
      expect((await store.events.listReceivers()).map((r) => r.id)).toContain(id);

      expect(await store.events.updateReceiver(t, id, { position: 5 }, { position: 3 })).toBeUndefined();
      const advanced = await store.events.updateReceiver(t, id, { position: 5, acked: [7], lastError: 'x', nextAttempt: later(5) }, { position: 4 });
      expect(advanced).toMatchObject({ position: 5, acked: [7], lastError: 'x', nextAttempt: later(5) });
      const cleared = await store.events.updateReceiver(t, id, { lastError: null, nextAttempt: null }, {});
      expect([cleared?.lastError, cleared?.nextAttempt, cleared?.position]).toEqual([undefined, undefined, 5]);
      expect(await store.events.deleteReceiver(t, id)).toBe(true);
      expect(await store.events.deleteReceiver(t, id)).toBe(false);
    });

    it('leases a receiver to one owner until the lease ends', async () => {
      const t = tenant();
      const id = randomUUID();
      await store.events.createReceiver(receiver(t, id));
      const lease = (owner: string, at: Date) => store.events.updateReceiver(t, id, { leaseOwner: owner, leaseUntil: later(30) }, { leaseOwner: owner, orLeaseFreeAt: at });
      expect(await lease('one', T0)).toMatchObject({ leaseOwner: 'one' });
      expect(await lease('two', later(10))).toBeUndefined();
      expect(await lease('one', later(10))).toMatchObject({ leaseOwner: 'one' });
      expect(await store.events.updateReceiver(t, id, { position: 9 }, { leaseOwner: 'two' })).toBeUndefined();
      expect(await lease('two', later(31))).toMatchObject({ leaseOwner: 'two' });
      const released = await store.events.updateReceiver(t, id, { leaseOwner: null, leaseUntil: null }, { leaseOwner: 'two' });
      expect([released?.id, released?.leaseOwner, released?.leaseUntil]).toEqual([id, undefined, undefined]);
    });
  });
});

/**
 * MongoDB records an event in steps (mongo-events.ts). Each test leaves the database as
 * a writer that stopped after one of them would, then checks that no reader sees a gap
 * or a phantom, and that `repair` (or the resource's next writer) finishes the work.
 */
describe('the MongoDB event store when a writer stops midway', () => {
  let subject: StoreUnderTest;
  let store: IdentityStore;
  let client: MongoClient;
  let db: Db;
  const afterGrace = () => new Date(Date.now() + REPAIR_GRACE_MS + 1000);

  beforeAll(async () => {
    subject = await openStore('mongodb');
    store = subject.store;
    client = new MongoClient(subject.mongo!.options.uri);
    db = client.db(subject.mongo!.options.database);
  });
  afterAll(async () => {
    await client.close();
    await subject.release();
  });

  /** A change written with its outbox at `since`, whose writer stopped before recording it. */
  async function strandedWrite(t: string, id: string, version: number, since = new Date()): Promise<void> {
    const pending = pendingEvent(t, 'User', id, version, record(version === 1 ? 'create' : 'patch', { time: since }));
    await db.collection('users').updateOne({ tenant: t, id }, { $set: { version, etag: `W/"${version}"`, pendingEvent: pending, pendingSince: since } });
  }

  /** [position, version] of the create at 1, the stranded write at 2 and the next writer's at 3: versions in order. */
  const CREATED_STRANDED_NEXT = [
    [1, 1],
    [2, 2],
    [3, 3],
  ];
  const versionsInFeed = async (t: string) => (await store.events.read(t, 0, 10)).map((event) => [event.position, event.resourceVersion]);

  it('after the write, before its event has a position: readers see nothing yet; repair records it', async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create') }, T0);
    await strandedWrite(t, 'u1', 2);
    expect(await positions(store, t)).toEqual([1]);
    expect(await store.events.repair(new Date())).toBe(0);
    expect(await store.events.repair(afterGrace())).toBeGreaterThanOrEqual(1);
    expect(await store.events.read(t, 0, 10)).toEqual([expect.objectContaining({ position: 1 }), expect.objectContaining({ position: 2, resourceVersion: 2 })]);
    expect(await db.collection('users').findOne({ tenant: t, id: 'u1' })).not.toHaveProperty('pendingEvent');
  });

  it("the resource's next writer records an event stranded longer than the grace period first, so versions stay in order", async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create') }, T0);
    await strandedWrite(t, 'u1', 2, new Date(Date.now() - REPAIR_GRACE_MS - 1000));
    await store.users.replace(t, 'u1', { doc: { userName: 'a', title: 't' }, event: record('patch') }, 2, new Date());
    expect(await versionsInFeed(t)).toEqual(CREATED_STRANDED_NEXT);
  });

  it('the next writer waits while the outbox is renewed, and goes ahead once its writer has recorded the event', async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create') }, T0);
    await strandedWrite(t, 'u1', 2);
    let landed = false;
    const next = store.users.replace(t, 'u1', { doc: { userName: 'a', title: 't' }, event: record('patch') }, 2, new Date()).then(() => (landed = true));
    // The test is the outbox's writer: it renews, as one writing edges does, and the next writer keeps off.
    const events = store.events as unknown as MongoEvents;
    for (let renewal = 0; renewal < 5; renewal++) await events.renew('User', t, 'u1', 2, new Date());
    const held = await db.collection('users').findOne({ tenant: t, id: 'u1' });
    expect(landed).toBe(false);
    expect(held).toMatchObject({ version: 2, pendingEvent: expect.objectContaining({ resourceVersion: 2 }) });
    await events.settle(held as never);
    await next;
    expect(await versionsInFeed(t)).toEqual(CREATED_STRANDED_NEXT);
  });

  it("a new member list that waited for the group's holder records its difference from the edges the holder wrote", async () => {
    const t = tenant();
    for (const id of ['u1', 'u2', 'u3']) await store.users.insert(t, id, { doc: { userName: id } }, T0);
    await store.groups.insert(t, 'g', { doc: { displayName: 'G' }, members: [{ value: 'u1', type: 'User' }], event: record('create') }, T0);
    // The test is a PATCH adding u2 that has made its compare-and-swap and not yet written its edge.
    const held = pendingEvent(t, 'Group', 'g', 2, record('patch', { attributes: ['members'], membersAdded: ['u2'], membersRemoved: [] }));
    await db.collection('groups').updateOne({ tenant: t, id: 'g' }, { $set: { version: 2, etag: 'W/"2"', pendingEvent: held, pendingSince: new Date() } });
    const members = [{ value: 'u1', type: 'User' as const }, { value: 'u3', type: 'User' as const }];
    const next = store.groups.replace(t, 'g', { doc: { displayName: 'G' }, members, event: record('replace', { attributes: ['members'] }) }, 2, new Date());
    const memberships = store.memberships as unknown as MongoMemberships;
    await memberships.applyDelta(t, 'g', { add: [{ value: 'u2', type: 'User' }], remove: [] });
    await (store.events as unknown as MongoEvents).settle({ tenant: t, id: 'g', pendingEvent: held } as never);
    expect(await next).toMatchObject({ version: 3 });
    const [, patched, replaced] = await store.events.read(t, 0, 10);
    expect(patched).toMatchObject({ resourceVersion: 2, membersAdded: ['u2'] });
    expect(replaced).toMatchObject({ resourceVersion: 3, membersAdded: ['u3'], membersRemoved: ['u2'] });
    expect(await memberships.memberIds(t, 'g')).toEqual(new Set(['u1', 'u3']));
  });

  it("a group's writer renews its outbox between two chunks of 1,000 edges, and not for a change of one chunk", async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create') }, T0);
    await store.groups.insert(t, 'g', { doc: { displayName: 'G' }, event: record('create') }, T0);
    const memberships = store.memberships as unknown as MongoMemberships;
    let renewals = 0;
    const progress = async () => void renewals++;
    await memberships.applyDelta(t, 'g', { add: [{ value: 'u1', type: 'User' }], remove: ['u2'] }, progress);
    expect(renewals).toBe(1);
    renewals = 0;
    // Removals make the chunks here: FerretDB takes too long over 1,000 upserts at once.
    await memberships.applyDelta(t, 'g', { add: [{ value: 'u1', type: 'User' }], remove: Array.from({ length: 2001 }, (_, index) => `u${index}`) }, progress);
    expect(renewals).toBe(3);
    expect(await memberships.memberIds(t, 'g')).toEqual(new Set(['u1']));
  });

  it('the next writer waits for a fresh outbox, and takes it over once its writer has not renewed it for the grace period', async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create') }, T0);
    // Stamped in the future by the writer's clock: only watching for a renewal ends the wait.
    await strandedWrite(t, 'u1', 2, new Date(Date.now() + 60_000));
    const started = performance.now();
    await store.users.replace(t, 'u1', { doc: { userName: 'a', title: 't' }, event: record('patch') }, 2, new Date());
    expect(performance.now() - started).toBeGreaterThanOrEqual(REPAIR_GRACE_MS);
    expect(await versionsInFeed(t)).toEqual(CREATED_STRANDED_NEXT);
  });

  it('after the head moved, before the event was copied: a reader copies it; recording it again changes nothing', async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create') }, T0);
    await store.users.insert(t, 'u2', { doc: { userName: 'b' }, event: record('create') }, T0);
    const copy = await db.collection('events').findOneAndDelete({ tenant: t, position: 2 });
    expect(copy).not.toBeNull();
    expect(await positions(store, t)).toEqual([1, 2]);
    await store.users.replace(t, 'u2', { doc: { userName: 'b', title: 'x' }, event: record('patch') }, 1, T0);
    await (store.events as unknown as { record(pending: unknown): Promise<void> }).record(pendingEvent(t, 'User', 'u2', 2, record('patch')));
    expect(await positions(store, t)).toEqual([1, 2, 3]);
  });

  it('a delete that stopped after its intent: repair finishes the delete and records it, edges included', async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create') }, T0);
    await store.groups.insert(t, 'g', { doc: { displayName: 'G' }, members: [{ value: 'u1', type: 'User' }], event: record('create') }, T0);
    await db.collection('event_intents').insertOne({ _id: 'stopped-delete' as never, created: new Date(), event: pendingEvent(t, 'User', 'u1', 2, record('delete')) });
    expect(await positions(store, t)).toEqual([1, 2]);
    await store.events.repair(afterGrace());
    expect(await store.users.get(t, 'u1')).toBeUndefined();
    expect(await store.memberships.listMembers(t, 'g')).toEqual([]);
    expect((await store.events.read(t, 0, 10)).map((event) => [event.position, event.resourceId, event.operation])).toEqual([
      [1, 'u1', 'create'],
      [2, 'g', 'create'],
      [3, 'u1', 'delete'],
    ]);
    expect(await db.collection('event_intents').countDocuments({ _id: 'stopped-delete' as never })).toBe(0);
  });

  it('an intent whose delete lost a race to a newer write is dropped without an event', async () => {
    const t = tenant();
    await store.users.insert(t, 'u1', { doc: { userName: 'a' }, event: record('create') }, T0);
    await db.collection('event_intents').insertOne({ _id: 'lost-delete' as never, created: new Date(), event: pendingEvent(t, 'User', 'u1', 2, record('delete')) });
    await store.users.replace(t, 'u1', { doc: { userName: 'a', title: 'won' }, event: record('patch') }, 1, T0);
    await store.events.repair(afterGrace());
    expect(await store.users.get(t, 'u1')).toMatchObject({ version: 2 });
    expect((await store.events.read(t, 0, 10)).map((event) => event.operation)).toEqual(['create', 'patch']);
    expect(await db.collection('event_intents').countDocuments({ _id: 'lost-delete' as never })).toBe(0);
  });
});
