/**
 * The change feed over gRPC (issue 11): WatchEvents from a position or from now, with
 * filters, snapshots and heartbeats; expired and unknown positions; and the guarantee
 * (docs/events.md) under concurrency — two identity-service replicas on one store, many
 * writers, a restart, and a consumer that disconnects and resumes at random points: it
 * sees every event once per position, in order, and what it rebuilds from them is the
 * final state.
 */
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import pino from 'pino';
import { PatchOperation_Op } from '../../proto/gen/openscim/identity/v1/common';
import { EventType, type ChangeEvent, type EventServiceClient } from '../../proto/gen/openscim/identity/v1/event_service';
import { UserServiceClient, type CreateUserResponse, type ListUsersResponse } from '../../proto/gen/openscim/identity/v1/user_service';
import { decodeStatusDetails } from '../../services/identity/errors/status-details';
import { startIdentityServer, type RunningIdentityServer } from '../../services/identity/server';
import { eventClient, nextMessage, tenantMetadata, watch, type Watch } from '../support/event-watch';
import { seededRandom } from '../support/seeded-random';
import { GROUP_SCHEMA, PATCH_OP_SCHEMA, scim, startStack, TEST_TENANT, USER_SCHEMA, type Stack } from '../support/stack';

let stack: Stack;
let client: EventServiceClient;
const watches: Watch[] = [];
/** What a test started beyond the stack, stopped even when the test fails. */
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  stack = await startStack({ rateLimits: false });
  client = eventClient(stack.identity.address);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(async () => {
  for (const watched of watches) watched.close();
  client.close();
  await stack.stop();
});

function open(request: Parameters<typeof watch>[3], tenant = TEST_TENANT, on: EventServiceClient = client): Watch {
  const watched = watch(on, stack.adminKey, tenant, request);
  watches.push(watched);
  return watched;
}

/** The next `count` events of a stream, skipping heartbeats. */
async function events(watched: Watch, count: number): Promise<ChangeEvent[]> {
  const found: ChangeEvent[] = [];
  while (found.length < count) {
    const message = await nextMessage(watched);
    if (message.kind?.$case === 'event') found.push(message.kind.value);
  }
  return found;
}

async function headPosition(tenant = TEST_TENANT): Promise<number> {
  const store = await stack.openStore();
  try {
    return (await store.events.bounds(tenant)).head;
  } finally {
    await store.close();
  }
}

async function createUser(userName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await scim(stack, 'POST', '/Users', { body: { schemas: [USER_SCHEMA], userName, ...extra } });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: ServiceError) => error);

describe('WatchEvents', () => {
  it('starts with a heartbeat at the position it resumes after, then streams each change as it happens', async () => {
    const watched = open({ startAtNow: true, heartbeatSeconds: 1 });
    const first = await nextMessage(watched);
    expect(first.kind?.$case).toBe('heartbeat');
    const start = first.kind?.$case === 'heartbeat' ? (first.kind.value.position ?? 0) : -1;
    expect(start).toBe(await headPosition());

    const id = await createUser('watch-now@example.com', { active: true });
    const [created] = await events(watched, 1);
    expect(created).toMatchObject({
      position: start + 1,
      resourceType: 'User',
      resourceId: id,
      resourceVersion: 1,
      types: [EventType.EVENT_TYPE_USER_CREATED],
      actor: expect.stringMatching(/^token:/),
    });
    expect(created.attributes).toEqual(expect.arrayContaining(['userName', 'active']));
    expect(created.snapshot).toBeUndefined();
    watched.close();
  });

  it('records every kind of change with its types, attribute names, versions and member ids', async () => {
    const after = await headPosition();
    const alice = await createUser('alice-events@example.com', { active: true });
    const bob = await createUser('bob-events@example.com');
    const patch = (path: string, operations: unknown[]) =>
      scim(stack, 'PATCH', path, { body: { schemas: [PATCH_OP_SCHEMA], Operations: operations } });
    expect((await patch(`/Users/${alice}`, [{ op: 'replace', path: 'active', value: false }])).status).toBe(200);
    expect((await scim(stack, 'PUT', `/Users/${alice}`, { body: { userName: 'alice-events@example.com', active: true, title: 'Boss' } })).status).toBe(200);
    const group = await scim(stack, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA], displayName: 'Events', members: [{ value: alice }] } });
    const groupId = group.body.id as string;
    expect((await patch(`/Groups/${groupId}`, [{ op: 'add', path: 'members', value: [{ value: bob }] }, { op: 'remove', path: `members[value eq "${alice}"]` }])).status).toBe(204);
    expect((await patch(`/Groups/${groupId}`, [{ op: 'replace', path: 'displayName', value: 'Renamed' }])).status).toBe(204);
    expect((await scim(stack, 'DELETE', `/Users/${bob}`)).status).toBe(204);
    expect((await scim(stack, 'DELETE', `/Groups/${groupId}`)).status).toBe(204);

    const watched = open({ afterPosition: after, includeSnapshot: true });
    const seen = await events(watched, 9);
    watched.close();
    expect(seen.map((event) => event.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => after + n));
    const { USER_CREATED, USER_PATCHED, USER_DEACTIVATED, USER_REPLACED, USER_ACTIVATED, GROUP_CREATED, GROUP_MEMBERS_ADDED, GROUP_PATCHED } = Object.fromEntries(
      Object.entries(EventType).map(([name, value]) => [name.replace(/^EVENT_TYPE_/, ''), value]),
    ) as Record<string, EventType>;
    expect(seen.map((event) => [event.resourceId, event.resourceVersion, event.types])).toEqual([
      [alice, 1, [USER_CREATED]],
      [bob, 1, [USER_CREATED]],
      [alice, 2, [USER_PATCHED, USER_DEACTIVATED]],
      [alice, 3, [USER_REPLACED, USER_ACTIVATED]],
      [groupId, 1, [GROUP_CREATED, GROUP_MEMBERS_ADDED]],
      [groupId, 2, [GROUP_PATCHED, GROUP_MEMBERS_ADDED, EventType.EVENT_TYPE_GROUP_MEMBERS_REMOVED]],
      [groupId, 3, [GROUP_PATCHED, EventType.EVENT_TYPE_GROUP_RENAMED]],
      [bob, 2, [EventType.EVENT_TYPE_USER_DELETED]],
      // The group lost bob as a member when he was deleted: version 4 is that, without an event of its own.
      [groupId, 5, [EventType.EVENT_TYPE_GROUP_DELETED]],
    ]);
    expect(seen[2].attributes).toEqual(['active']);
    expect(seen[3].attributes).toEqual(expect.arrayContaining(['active', 'title']));
    expect(seen[3].snapshot).toMatchObject({ schemas: [USER_SCHEMA], id: alice, userName: 'alice-events@example.com', active: true, title: 'Boss', meta: { version: 'W/"3"' } });
    expect(seen[4].membersAdded).toEqual([alice]);
    expect(seen[5]).toMatchObject({ membersAdded: [bob], membersRemoved: [alice] });
    expect(seen[7].snapshot).toBeUndefined();
  });

  it('filters by resource type and event type, and heartbeats carry the position read past filtered events', async () => {
    const after = await headPosition();
    const watched = open({ afterPosition: after, resourceTypes: ['User'], eventTypes: [EventType.EVENT_TYPE_USER_DEACTIVATED], heartbeatSeconds: 1 });
    const id = await createUser('filtered@example.com');
    await scim(stack, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA], displayName: 'Filtered out' } });
    await scim(stack, 'PATCH', `/Users/${id}`, { body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', value: { active: false } }] } });
    const [deactivated] = await events(watched, 1);
    expect(deactivated).toMatchObject({ position: after + 3, resourceId: id, types: [EventType.EVENT_TYPE_USER_PATCHED, EventType.EVENT_TYPE_USER_DEACTIVATED] });
    const heartbeat = await nextMessage(watched);
    expect(heartbeat.kind).toMatchObject({ $case: 'heartbeat', value: { position: after + 3 } });
    watched.close();
  });

  it('refuses a position beyond the last one written, and an expired one with EVENTS_EXPIRED', async () => {
    const head = await headPosition();
    const beyond = await rejection(nextMessage(open({ afterPosition: head + 10 })));
    expect(beyond).toMatchObject({ code: status.INVALID_ARGUMENT });

    const store = await stack.openStore();
    try {
      await store.events.purge(new Date(Date.now() + 60_000));
    } finally {
      await store.close();
    }
    const expired = (await rejection(nextMessage(open({ afterPosition: 0 })))) as ServiceError;
    expect(expired.code).toBe(status.FAILED_PRECONDITION);
    expect(decodeStatusDetails(expired.metadata)).toMatchObject({ reason: 'EVENTS_EXPIRED' });
    // Watching from now still works: that is how a consumer resynchronises.
    const now = await nextMessage(open({ startAtNow: true }));
    expect(now.kind).toMatchObject({ $case: 'heartbeat', value: { position: head } });
  });

  it("keeps tenants apart: a tenant's feed has only its own changes, numbered from 1", async () => {
    const admin = stack.operator.admin;
    await stack.operator.call(admin.createTenant.bind(admin), { tenantId: 'other-feed' });
    await stack.operator.call(stack.operator.users.createUser.bind(stack.operator.users), { user: { userName: 'elsewhere' } }, 'other-feed');
    const [only] = await events(open({ afterPosition: 0 }, 'other-feed'), 1);
    expect(only).toMatchObject({ position: 1, resourceType: 'User', resourceVersion: 1, actor: expect.stringMatching(/^credential:/) });
  });
});

/**
 * FerretDB answers one operation at a time in milliseconds (support/mongo.ts), and the
 * MongoDB store records an event in a few of them: a smaller run there, the same test.
 */
const SIZE = process.env.OPENSCIM_TEST_STORE === 'mongo' && !process.env.MONGODB_URI ? { WRITERS: 4, USERS_PER_WRITER: 3 } : { WRITERS: 8, USERS_PER_WRITER: 6 };

/** How a broken connection ends a stream (a replica restarting, a channel reconnecting): the consumer resumes after these. */
const RECONNECTABLE = [status.UNAVAILABLE, status.INTERNAL, status.CANCELLED];

/** What a consumer rebuilds from the feed: each user's latest snapshot, and who is gone. */
interface ConsumerView {
  positions: number[];
  /** Each event as `position resource@version`, to compare with the feed the store holds. */
  events: string[];
  users: Map<string, { version: number; userName: string; title?: string }>;
  versions: Map<string, number[]>;
}

function apply(view: ConsumerView, event: ChangeEvent): void {
  view.positions.push(event.position ?? 0);
  view.events.push(`${event.position} ${event.resourceId}@${event.resourceVersion}`);
  const id = event.resourceId ?? '';
  view.versions.set(id, [...(view.versions.get(id) ?? []), event.resourceVersion ?? 0]);
  if (event.types?.includes(EventType.EVENT_TYPE_USER_DELETED)) view.users.delete(id);
  else view.users.set(id, { version: event.resourceVersion ?? 0, userName: String(event.snapshot?.userName), title: event.snapshot?.title as string | undefined });
}

describe('the guarantee under concurrency', () => {
  it('two replicas, many writers, a restart: a consumer resuming at random points misses nothing and sees nothing out of order', async () => {
    const random = seededRandom(11);
    const replica: RunningIdentityServer = await startIdentityServer({
      store: await stack.openStore(),
      host: '127.0.0.1',
      port: 0,
      log: pino({ level: 'silent' }),
      tenancy: { bootstrapServiceKey: stack.adminKey },
    });
    const tenant = 'concurrent';
    const admin = stack.operator.admin;
    await stack.operator.call(admin.createTenant.bind(admin), { tenantId: tenant });
    const metadata = tenantMetadata(stack.adminKey, tenant);
    // The first replica keeps its port across the restart, so these clients find it again.
    const addresses = [stack.identity.address, replica.address];
    const userClients = addresses.map((address) => new UserServiceClient(address, credentials.createInsecure()));
    const eventClients = addresses.map(eventClient);
    cleanups.push(async () => {
      for (const client of [...userClients, ...eventClients]) client.close();
      await replica.shutdown(1000);
    });

    /** One write through replica `k`; while that one restarts (UNAVAILABLE: not executed), through the other. */
    const send = async <Res>(k: number, invoke: (client: UserServiceClient, callback: (error: ServiceError | null, response: Res) => void) => void): Promise<Res> => {
      for (let attempt = 0; ; attempt++) {
        const client = userClients[(k + attempt) % 2];
        try {
          return await new Promise<Res>((resolve, reject) => invoke(client, (error, response) => (error ? reject(error) : resolve(response))));
        } catch (error) {
          if ((error as ServiceError).code !== status.UNAVAILABLE || attempt >= 50) throw error;
        }
      }
    };

    // Each writer creates users, retitles each three times and deletes every third, through both replicas at once.
    const { WRITERS, USERS_PER_WRITER } = SIZE;
    let writing = true;
    const write = async (writer: number) => {
      for (let n = 0; n < USERS_PER_WRITER; n++) {
        const created = await send<CreateUserResponse>(writer + n, (client, cb) => client.createUser({ user: { userName: `w${writer}-u${n}` } }, metadata, cb));
        const id = created.user?.id ?? '';
        for (let edit = 0; edit < 3; edit++) {
          const operations = [{ op: PatchOperation_Op.OP_REPLACE, path: 'title', value: `t${edit}` }];
          await send(writer + n + edit + 1, (client, cb) => client.patchUser({ id, operations }, metadata, cb));
        }
        if (n % 3 === 0) await send(n, (client, cb) => client.deleteUser({ id }, metadata, cb));
      }
    };
    const writes = Promise.all(Array.from({ length: WRITERS }, (_, writer) => write(writer))).finally(() => (writing = false));

    // The consumer reads a random number of events, disconnects, and resumes after the last
    // position it processed, on either replica; once, the first replica restarts under it.
    const view: ConsumerView = { positions: [], events: [], users: new Map(), versions: new Map() };
    let restarted = false;
    let disconnectsBeforeRestart = 0;
    let last = 0;
    while (writing || last < (await headPosition(tenant))) {
      const watched = watch(eventClients[random() < 0.5 ? 0 : 1], stack.adminKey, tenant, { afterPosition: last, includeSnapshot: true, heartbeatSeconds: 1 });
      let budget = 1 + Math.floor(random() * 12);
      let heartbeats = 0;
      try {
        while (budget > 0) {
          const message = await nextMessage(watched);
          if (message.kind?.$case === 'heartbeat') {
            // Caught up (a heartbeat after the first says so): look again once the writers have done more.
            if (heartbeats++ > 0) break;
            continue;
          }
          if (message.kind?.$case !== 'event') continue;
          const event = message.kind.value;
          expect(event.position).toBe(last + 1);
          apply(view, event);
          last = event.position ?? last;
          budget--;
        }
      } catch (error) {
        // The connection broke (the replica it read from restarted): resume, like any consumer, after the last position.
        expect(RECONNECTABLE).toContain((error as ServiceError).code);
        if (!restarted) disconnectsBeforeRestart++;
      } finally {
        watched.close();
      }
      if (!restarted && last > (WRITERS * USERS_PER_WRITER * 4) / 3) {
        restarted = true;
        await stack.restartIdentity();
      }
    }
    await writes;

    // Every position once and in order; each user's versions in order; the view equals the final state.
    const head = await headPosition(tenant);
    expect(restarted).toBe(true);
    expect(disconnectsBeforeRestart).toBe(0);
    expect(view.positions).toEqual(Array.from({ length: head }, (_, index) => index + 1));
    expect(head).toBe(WRITERS * USERS_PER_WRITER * 4 + WRITERS * Math.ceil(USERS_PER_WRITER / 3));
    const store = await stack.openStore();
    const feed = await store.events.read(tenant, 0, 10_000).finally(() => store.close());
    expect(view.events).toEqual(feed.map((event) => `${event.position} ${event.resourceId}@${event.resourceVersion}`));
    for (const versions of view.versions.values()) expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const final = await send<ListUsersResponse>(1, (client, cb) => client.listUsers({ count: 1000 }, metadata, cb));
    const expected = new Map(
      (final.users ?? []).map((user) => [user.id ?? '', { version: Number(/\d+/.exec(user.meta?.version ?? '')?.[0]), userName: user.userName ?? '', title: user.title }]),
    );
    expect(new Map([...view.users].sort())).toEqual(new Map([...expected].sort()));
    expect(view.users.size).toBe(WRITERS * (USERS_PER_WRITER - Math.ceil(USERS_PER_WRITER / 3)));
  }, 120_000);
});
