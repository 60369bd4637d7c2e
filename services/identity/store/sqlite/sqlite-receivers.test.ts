/**
 * updateReceiver's paths besides a change that applies: an empty change (a check of the
 * expectation alone), an expectation that fails, a receiver that does not exist.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReceiverRecord } from '../../events/event-store';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database';
import { SqliteReceivers } from './sqlite-receivers';

const T0 = new Date('2024-01-01T00:00:00.000Z');

const receiver: ReceiverRecord = {
  id: 'r1',
  tenant: 'acme',
  delivery: 'poll',
  audience: 'https://receiver.example.com',
  full: false,
  eventTypes: [],
  resourceTypes: [],
  created: T0,
  position: 4,
  acked: [],
  failures: 0,
  leaseOwner: 'one',
  leaseUntil: new Date('2024-01-01T00:00:30.000Z'),
};

let dir: string;
let db: SqliteDatabase;
let receivers: SqliteReceivers;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-receivers-'));
  db = openSqliteDatabase(dir);
  receivers = new SqliteReceivers(db);
  await receivers.createReceiver(receiver);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('answers an empty change with the receiver while the expectation holds, and undefined once it does not', async () => {
  expect(await receivers.updateReceiver('acme', 'r1', {}, { position: 4, leaseOwner: 'one' })).toEqual(receiver);
  expect(await receivers.updateReceiver('acme', 'r1', {}, { position: 3 })).toBeUndefined();
  expect(await receivers.updateReceiver('acme', 'r1', {}, { leaseOwner: 'two' })).toBeUndefined();
  expect(await receivers.updateReceiver('acme', 'r1', {}, { leaseOwner: 'two', orLeaseFreeAt: new Date('2024-01-01T00:00:30.000Z') })).toEqual(receiver);
});

it('leaves the receiver as it was when the expectation fails', async () => {
  expect(await receivers.updateReceiver('acme', 'r1', { position: 9, lastError: 'x' }, { leaseOwner: 'two', orLeaseFreeAt: T0 })).toBeUndefined();
  expect(await receivers.getReceiver('acme', 'r1')).toEqual(receiver);
});

it('answers undefined for a receiver that does not exist, or is another tenant\'s', async () => {
  expect(await receivers.updateReceiver('acme', 'missing', { position: 5 }, {})).toBeUndefined();
  expect(await receivers.updateReceiver('globex', 'r1', { position: 5 }, {})).toBeUndefined();
  expect(await receivers.updateReceiver('globex', 'r1', {}, {})).toBeUndefined();
  expect(await receivers.getReceiver('acme', 'r1')).toEqual(receiver);
});
