/**
 * The change feed as RFC 9967 Security Event Tokens: pushed (RFC 8935) to a local
 * receiver that fails for a while and then recovers — every SET arrives, in order, once
 * per position, signed with the configured key — and polled (RFC 8936) through the SCIM
 * adapter with the tenant's bearer token, with acknowledgements and long polling.
 */
import { status } from '@grpc/grpc-js';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryMethod, type EventReceiver } from '../../proto/gen/openscim/identity/v1/event_service';
import { privateKeySigner, verifyJws } from '../../services/identity/events/set/jws';
import { parseJti, SCIM_EVENT_URIS } from '../../services/identity/events/set/security-event-token';
import { eventually } from '../support/eventually';
import { seededRandom } from '../support/seeded-random';
import { PATCH_OP_SCHEMA, scim, startStack, TEST_TENANT, USER_SCHEMA, type Stack } from '../support/stack';

const ISSUER = 'https://scim.example.com/events';

/** A SET receiver on loopback: answers 503 to the first `failures` POSTs (one of them by dropping the connection), then 202. */
class Receiver {
  readonly accepted: Array<{ jwt: string; contentType?: string; authorization?: string }> = [];
  attempts = 0;
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      this.attempts++;
      if (this.attempts === 2) return req.socket.destroy();
      if (this.attempts <= this.failures) {
        res.writeHead(503).end();
        return;
      }
      const claims = JSON.parse(Buffer.from(body.split('.')[1] ?? '', 'base64url').toString('utf8')) as { jti: string };
      if (this.reject.has(parseJti(claims.jti)?.position ?? 0)) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ err: 'invalid_request', description: 'not for us' }));
        return;
      }
      this.accepted.push({ jwt: body, contentType: req.headers['content-type'], authorization: req.headers.authorization });
      res.writeHead(202).end();
    });
  });

  constructor(
    private readonly failures: number,
    private readonly reject = new Set<number>(),
  ) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/events`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}


let stack: Stack;
let publicKey: KeyObject;
const receivers: Receiver[] = [];

beforeAll(async () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  publicKey = keys.publicKey;
  stack = await startStack({
    rateLimits: false,
    events: {
      signer: privateKeySigner(keys.privateKey),
      issuer: ISSUER,
      pollIntervalMs: 50,
      random: seededRandom(7),
      push: { concurrency: 2, requestTimeoutMs: 2000, leaseMs: 10_000, idleMs: 20, backoff: { baseMs: 20, maxMs: 200 }, batch: 10 },
    },
  });
});
afterAll(async () => {
  for (const receiver of receivers) await receiver.stop();
  await stack.stop();
});

const events = () => stack.operator.events;

function createReceiver(request: Parameters<ReturnType<typeof events>['createEventReceiver']>[0]): Promise<EventReceiver> {
  return stack.operator.call(events().createEventReceiver.bind(events()), request, TEST_TENANT).then((response) => response.receiver ?? {});
}

async function receiverState(id: string): Promise<EventReceiver | undefined> {
  const { receivers: list } = await stack.operator.call(events().listEventReceivers.bind(events()), {}, TEST_TENANT);
  return list?.find((receiver) => receiver.id === id);
}

async function createUser(userName: string): Promise<string> {
  const response = await scim(stack, 'POST', '/Users', { body: { schemas: [USER_SCHEMA], userName, externalId: `ext-${userName}` } });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

const patchOp = (operations: unknown[]) => ({ body: { schemas: [PATCH_OP_SCHEMA], Operations: operations } });

describe('RFC 8935 push delivery', () => {
  it('delivers every SET, in order, once per position, signed, through a receiver that fails for a while', async () => {
    const receiver = new Receiver(6);
    receivers.push(receiver);
    const url = await receiver.start();
    const created = await createReceiver({ delivery: DeliveryMethod.DELIVERY_METHOD_PUSH, url, authorization: 'Bearer receiver-secret', full: true });
    expect(created).toMatchObject({ url, audience: url, hasAuthorization: true, full: true, position: created.headPosition });
    const start = created.position ?? 0;

    const alice = await createUser('alice-push');
    const bob = await createUser('bob-push');
    expect((await scim(stack, 'PATCH', `/Users/${alice}`, patchOp([{ op: 'replace', path: 'active', value: false }]))).status).toBe(200);
    expect((await scim(stack, 'PUT', `/Users/${bob}`, { body: { userName: 'bob-push', title: 'Boss' } })).status).toBe(200);
    expect((await scim(stack, 'DELETE', `/Users/${alice}`)).status).toBe(204);
    const count = 5;

    // The worker records the receiver's position after the receiver has answered, so wait for the position, not the SETs.
    await eventually(async () => (await receiverState(created.id ?? ''))?.position === start + count, { withinMs: 20_000, what: 'the receiver position' });
    const state = await receiverState(created.id ?? '');
    expect(state).toMatchObject({ position: start + count, headPosition: start + count, failures: 0, lastError: '' });
    expect(receiver.attempts).toBeGreaterThanOrEqual(6 + count);

    const sets = receiver.accepted.map(({ jwt, contentType, authorization }) => {
      expect(contentType).toBe('application/secevent+jwt');
      expect(authorization).toBe('Bearer receiver-secret');
      return verifyJws(jwt, publicKey);
    });
    expect(sets.map((set) => parseJti(String(set.payload.jti))?.position)).toEqual([1, 2, 3, 4, 5].map((n) => start + n));
    for (const set of sets) {
      expect(set.header).toMatchObject({ alg: 'ES256', typ: 'secevent+jwt', kid: expect.any(String) });
      expect(set.payload).toMatchObject({ iss: ISSUER, aud: url, iat: expect.any(Number), txn: expect.any(String) });
    }
    const [first, , patched, put, deleted] = sets.map((set) => set.payload);
    expect(first).toMatchObject({
      sub_id: { format: 'scim', uri: `/Users/${alice}`, externalId: 'ext-alice-push' },
      events: { [SCIM_EVENT_URIS.createFull]: { version: 'W/"1"', data: { schemas: [USER_SCHEMA], userName: 'alice-push' } } },
    });
    expect(patched.events).toEqual({ [SCIM_EVENT_URIS.patchNotice]: { attributes: ['active'], version: 'W/"2"' }, [SCIM_EVENT_URIS.deactivate]: {} });
    expect(put.events).toMatchObject({ [SCIM_EVENT_URIS.putFull]: { version: 'W/"2"', data: { userName: 'bob-push', title: 'Boss' } } });
    expect(deleted).toMatchObject({ sub_id: { uri: `/Users/${alice}` }, events: { [SCIM_EVENT_URIS.delete]: {} } });
  });

  it('skips a SET its receiver rejects as invalid_request (RFC 8935 §2.3), and delivers the rest', async () => {
    const after = (await createReceiver({ delivery: DeliveryMethod.DELIVERY_METHOD_POLL })).headPosition ?? 0;
    const receiver = new Receiver(0, new Set([after + 2]));
    receivers.push(receiver);
    const created = await createReceiver({ delivery: DeliveryMethod.DELIVERY_METHOD_PUSH, url: await receiver.start(), resourceTypes: ['User'] });
    for (const name of ['r1', 'r2', 'r3']) await createUser(`${name}-rejects`);
    await eventually(async () => (await receiverState(created.id ?? ''))?.position === after + 3, { withinMs: 20_000, what: 'the receiver position' });
    expect(receiver.accepted.map((set) => parseJti(JSON.parse(Buffer.from(set.jwt.split('.')[1], 'base64url').toString()).jti)?.position)).toEqual([after + 1, after + 3]);
    expect(await receiverState(created.id ?? '')).toMatchObject({ lastError: '' });
  });

  it('refuses a push receiver without a usable URL', async () => {
    await expect(createReceiver({ delivery: DeliveryMethod.DELIVERY_METHOD_PUSH, url: 'ftp://example.com/x' })).rejects.toMatchObject({ code: 3 });
    await expect(createReceiver({ delivery: DeliveryMethod.DELIVERY_METHOD_UNSPECIFIED })).rejects.toMatchObject({ code: 3 });
  });
});

describe('RFC 8936 poll delivery', () => {
  const poll = (id: string, body: unknown) => scim(stack, 'POST', `/Events/${id}/poll`, { body, headers: { 'Content-Type': 'application/json' } });

  it('returns SETs until they are acknowledged, at most maxEvents at a time, in order', async () => {
    const receiver = await createReceiver({ delivery: DeliveryMethod.DELIVERY_METHOD_POLL, eventTypes: [] });
    const start = receiver.position ?? 0;
    for (const name of ['p1', 'p2', 'p3']) await createUser(`${name}-poll`);

    const firstPoll = await poll(receiver.id ?? '', { maxEvents: 2, returnImmediately: true });
    expect(firstPoll.status).toBe(200);
    expect(firstPoll.body.moreAvailable).toBe(true);
    const first = Object.keys(firstPoll.body.sets);
    expect(first).toEqual([`${TEST_TENANT}:${start + 1}`, `${TEST_TENANT}:${start + 2}`]);
    const set = verifyJws(firstPoll.body.sets[first[0]], publicKey);
    expect(set.payload).toMatchObject({ aud: receiver.id, events: { [SCIM_EVENT_URIS.createNotice]: { attributes: expect.arrayContaining(['userName']) } } });

    // Not acknowledged: the same SETs again.
    expect(Object.keys((await poll(receiver.id ?? '', { maxEvents: 2, returnImmediately: true })).body.sets)).toEqual(first);
    const secondPoll = await poll(receiver.id ?? '', { ack: first, setErrs: {}, returnImmediately: true });
    expect(Object.keys(secondPoll.body.sets)).toEqual([`${TEST_TENANT}:${start + 3}`]);
    expect(secondPoll.body.moreAvailable).toBe(false);
    expect(await receiverState(receiver.id ?? '')).toMatchObject({ position: start + 2 });

    // Long polling: a poll that finds nothing waits for the next change.
    const waiting = poll(receiver.id ?? '', { setErrs: { [`${TEST_TENANT}:${start + 3}`]: { err: 'invalid_request', description: 'test' } } });
    const later = await createUser('p4-poll');
    const answered = await waiting;
    expect(Object.keys(answered.body.sets)).toEqual([`${TEST_TENANT}:${start + 4}`]);
    expect(verifyJws(answered.body.sets[`${TEST_TENANT}:${start + 4}`], publicKey).payload).toMatchObject({ sub_id: { uri: `/Users/${later}` } });
  });

  it('takes maxEvents 0 as acknowledge-only (RFC 8936 §2.4): no SET, an answer at once, moreAvailable still told', async () => {
    const receiver = await createReceiver({ delivery: DeliveryMethod.DELIVERY_METHOD_POLL, eventTypes: [] });
    const start = receiver.position ?? 0;
    for (const name of ['a1', 'a2']) await createUser(`${name}-ack-only`);

    // Without returnImmediately: a long poll would wait, an acknowledge-only one must not.
    expect((await poll(receiver.id ?? '', { maxEvents: 0 })).body).toEqual({ sets: {}, moreAvailable: true });
    const acked = await poll(receiver.id ?? '', { maxEvents: 0, ack: [`${TEST_TENANT}:${start + 1}`] });
    expect(acked.body).toEqual({ sets: {}, moreAvailable: true });
    expect(await receiverState(receiver.id ?? '')).toMatchObject({ position: start + 1 });
    expect(Object.keys((await poll(receiver.id ?? '', { returnImmediately: true })).body.sets)).toEqual([`${TEST_TENANT}:${start + 2}`]);
    expect((await poll(receiver.id ?? '', { maxEvents: 0, ack: [`${TEST_TENANT}:${start + 2}`] })).body).toEqual({ sets: {}, moreAvailable: false });

    // Over gRPC, a negative max_events is refused rather than read as the default.
    const events = stack.clients.events;
    const scope = { tenant: TEST_TENANT, requestId: 'negative-max-events', deadlineMs: 5000 };
    await expect(stack.clients.call(events.pollSecurityEvents.bind(events), { receiverId: receiver.id, maxEvents: -1, returnImmediately: true }, scope)).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });

  it('answers a malformed poll with invalid_request, an unknown receiver with 404, and needs a bearer token', async () => {
    const receiver = await createReceiver({ delivery: DeliveryMethod.DELIVERY_METHOD_POLL });
    expect(await poll(receiver.id ?? '', { maxEvents: -1 })).toMatchObject({ status: 400, body: { err: 'invalid_request' } });
    expect((await poll('no-such-receiver', { returnImmediately: true })).status).toBe(404);
    expect((await scim(stack, 'POST', `/Events/${receiver.id}/poll`, { body: {}, token: null })).status).toBe(401);
  });
});
