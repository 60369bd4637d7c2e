/**
 * The events area, composed: the change feed and its readers' wake-ups, WatchEvents,
 * SET receivers with RFC 8935 push delivery and RFC 8936 polling, retention of events,
 * and the repair of events a failed writer left unrecorded. server.ts wires it in.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { EventServiceService } from '../../../proto/gen/openscim/identity/v1/event_service';
import type { AuditTrail } from '../audit/audit-trail';
import type { CallGuard } from '../grpc/call-guard';
import { serverStreamFactory } from '../grpc/server-stream';
import type { Unary } from '../grpc/unary';
import type { SchemaRegistry } from '../scim/schema/registry';
import type { ResourceCollection } from '../store/port';
import { EventFeed } from './event-feed';
import { eventHandlers } from './event-handlers';
import { EventNotifier } from './event-notifier';
import type { EventStore } from './event-store';
import { notifyingCollection } from './notifying-collection';
import { PollService } from './receivers/poll-service';
import { PushWorker, type PushOptions } from './receivers/push-worker';
import { ReceiverService } from './receivers/receiver-service';
import { unsecuredSigner, type JwsSigner } from './set/jws';
import { SetEncoder } from './set/set-encoder';

export interface EventsOptions {
  /** Events older than this are deleted (EVENTS_RETENTION_HOURS). */
  retentionHours: number;
  /** The SETs' `iss` claim (EVENTS_ISSUER). */
  issuer: string;
  /** Signs SETs (EVENTS_SIGNING_KEY_FILE); unsecured unless configured. */
  signer: JwsSigner;
  /** How often an idle reader looks for changes that other replicas wrote. */
  pollIntervalMs: number;
  push: PushOptions;
  /** Jitter of push retries; Math.random unless given (tests seed it). */
  random: () => number;
  /** How push delivery POSTs; the global fetch unless given. */
  fetch: typeof fetch;
}

export const DEFAULT_EVENTS_OPTIONS: EventsOptions = {
  retentionHours: 168,
  issuer: 'urn:openscim:identity',
  signer: unsecuredSigner,
  pollIntervalMs: 250,
  push: { concurrency: 4, requestTimeoutMs: 10_000, leaseMs: 30_000, idleMs: 250, backoff: { baseMs: 1000, maxMs: 300_000 }, batch: 50 },
  random: Math.random,
  fetch: (input, init) => fetch(input, init),
};

const HOUR_MS = 60 * 60 * 1000;
/** How often this replica finishes what failed writers left (MongoDB; a no-op on SQLite). */
const REPAIR_INTERVAL_MS = 2000;

export class Events {
  readonly feed: EventFeed;
  private readonly stopping = new AbortController();
  private readonly push: PushWorker;
  private readonly encoder: SetEncoder;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly options: EventsOptions,
    private readonly registry: SchemaRegistry,
    private readonly audit: AuditTrail,
    private readonly log: Logger,
    private readonly clock: () => Date,
  ) {
    this.feed = new EventFeed(store, new EventNotifier(), options.pollIntervalMs);
    this.encoder = new SetEncoder(registry, options.signer, options.issuer);
    this.push = new PushWorker(options.push, {
      feed: this.feed,
      encoder: this.encoder,
      log,
      clock,
      owner: randomUUID(),
      random: options.random,
      fetch: options.fetch,
    });
  }

  /** The collection, waking this replica's feed readers after each of its writes. */
  notifying(collection: ResourceCollection): ResourceCollection {
    return notifyingCollection(collection, this.feed);
  }

  addServices(server: Server, unary: Unary, guard: CallGuard): void {
    const deps = {
      feed: this.feed,
      registry: this.registry,
      receivers: new ReceiverService(this.store, this.clock),
      poll: new PollService(this.feed, this.encoder, this.log, this.clock),
      audit: this.audit,
    };
    server.addService(EventServiceService, eventHandlers(deps, unary, serverStreamFactory(this.log, guard, this.stopping.signal)));
  }

  /** Starts push delivery, retention (now and hourly) and repair (every few seconds). */
  start(): void {
    this.push.start();
    this.every(HOUR_MS, 'events past retention deleted', () => this.store.purge(new Date(this.clock().getTime() - this.options.retentionHours * HOUR_MS)));
    this.every(REPAIR_INTERVAL_MS, 'events of failed writes recorded', () => this.store.repair(this.clock()));
  }

  /** Ends every WatchEvents stream (UNAVAILABLE: resume elsewhere) and stops the background work. */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const timer of this.timers) clearInterval(timer);
    await this.push.stop();
  }

  private every(intervalMs: number, done: string, work: () => Promise<number>): void {
    let running = false;
    const run = () => {
      if (running) return;
      running = true;
      work()
        .then(
          (count) => count > 0 && this.log.info({ count }, done),
          (error: unknown) => this.log.error({ err: error }, `${done}: failed`),
        )
        .finally(() => (running = false));
    };
    run();
    const timer = setInterval(run, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
