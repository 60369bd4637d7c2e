/**
 * RFC 8935 push delivery: every push receiver of every tenant gets its SETs in order of
 * position, one POST at a time, until it answers 202 Accepted (§2.2); any other answer
 * is retried with exponential backoff and jitter, the receiver's position staying put,
 * so nothing is lost while a receiver is down. A 400 whose RFC 8935 §2.3 error is
 * `invalid_request` rejects that one SET: it is logged and skipped. Other SET errors
 * (a key, issuer, audience or credential the receiver refuses) concern every SET alike
 * and are retried until fixed.
 *
 * Several replicas share the work through leases on the receivers (event-store.ts): a
 * replica delivers only to a receiver it holds, and advances its position with a
 * compare-and-swap, so one receiver is never served by two replicas at once. Delivery is
 * at least once: a replica that loses its lease mid-POST, or a 202 lost on the way back,
 * makes the same SET (same `jti`) arrive again.
 */
import type { Logger } from 'pino';
import type { FeedEvent } from '../change-event';
import type { EventFeed } from '../event-feed';
import { matchesFilter } from '../event-filter';
import type { ReceiverRecord } from '../event-store';
import { SET_MEDIA_TYPE } from '../set/security-event-token';
import type { SetEncoder } from '../set/set-encoder';
import { backoffDelay, type BackoffPolicy } from './backoff';

export interface PushOptions {
  /** Receivers served at once by this replica. */
  concurrency: number;
  /** How long a POST may take. */
  requestTimeoutMs: number;
  /** How long a replica holds a receiver without renewing its lease. */
  leaseMs: number;
  /** How often receivers are looked at when there is nothing to do. */
  idleMs: number;
  backoff: BackoffPolicy;
  /** SETs delivered per turn to one receiver before the others get theirs. */
  batch: number;
}

export interface PushDependencies {
  feed: EventFeed;
  encoder: SetEncoder;
  log: Logger;
  clock: () => Date;
  /** This replica's name in leases. */
  owner: string;
  random: () => number;
  fetch: typeof fetch;
}

type Outcome = { kind: 'delivered' } | { kind: 'rejected'; error: string } | { kind: 'failed'; error: string };

export class PushWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly options: PushOptions,
    private readonly deps: PushDependencies,
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.turn().then(
        (busy) => this.schedule(busy ? 0 : this.options.idleMs),
        (error: unknown) => {
          this.deps.log.error({ err: error }, 'event push turn failed');
          this.schedule(this.options.idleMs);
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  /** Serves the receivers that are due, a few at a time; resolves whether any had more to do. */
  private async turn(): Promise<boolean> {
    const now = this.deps.clock();
    const store = this.deps.feed.store;
    const receivers = (await store.listReceivers()).filter((receiver) => receiver.delivery === 'push' && !(receiver.nextAttempt && receiver.nextAttempt > now));
    // One bounds read per tenant, all at once: a turn runs every idleMs on every replica.
    const tenants = [...new Set(receivers.map((receiver) => receiver.tenant))];
    const heads = new Map(await Promise.all(tenants.map(async (tenant) => [tenant, (await store.bounds(tenant)).head] as const)));
    const due = receivers.filter((receiver) => receiver.position < (heads.get(receiver.tenant) ?? 0));
    let busy = false;
    for (let start = 0; start < due.length && !this.stopped; start += this.options.concurrency) {
      const results = await Promise.all(due.slice(start, start + this.options.concurrency).map((receiver) => this.serve(receiver)));
      busy ||= results.some(Boolean);
    }
    return busy;
  }

  /** Leases the receiver and delivers up to a batch of its SETs in order; resolves whether it has more to deliver. */
  private async serve(candidate: ReceiverRecord): Promise<boolean> {
    const { store } = this.deps.feed;
    const { owner, clock } = this.deps;
    const lease = () => new Date(clock().getTime() + this.options.leaseMs);
    let receiver = await store.updateReceiver(candidate.tenant, candidate.id, { leaseOwner: owner, leaseUntil: lease() }, { leaseOwner: owner, orLeaseFreeAt: clock() });
    if (!receiver) return false;
    try {
      let events: FeedEvent[];
      try {
        events = await this.deps.feed.next(receiver.tenant, receiver.position, this.options.batch);
      } catch (error) {
        await this.fail(receiver, error instanceof Error ? error.message : String(error));
        return false;
      }
      for (const event of events) {
        if (this.stopped) return false;
        // An event the receiver's filters leave out only moves its position on.
        const outcome = matchesFilter(receiver, event) ? await this.post(receiver, event) : undefined;
        if (outcome?.kind === 'failed') {
          await this.fail(receiver, outcome.error);
          return false;
        }
        if (outcome?.kind === 'rejected') this.deps.log.warn({ tenant: receiver.tenant, receiver: receiver.id, position: event.position, error: outcome.error }, 'SET rejected by its receiver; skipped');
        const delivered = outcome ? { failures: 0, nextAttempt: null, lastError: outcome.kind === 'rejected' ? outcome.error : null, lastDelivered: clock() } : {};
        const advanced: ReceiverRecord | undefined = await store.updateReceiver(
          receiver.tenant,
          receiver.id,
          { position: event.position, leaseUntil: lease(), ...delivered },
          { position: receiver.position, leaseOwner: owner },
        );
        // Lost the lease (it expired and another replica took the receiver), or the receiver was deleted.
        if (!advanced) return false;
        receiver = advanced;
      }
      return events.length === this.options.batch;
    } finally {
      await store.updateReceiver(receiver.tenant, receiver.id, { leaseOwner: null, leaseUntil: null }, { leaseOwner: owner }).catch(() => undefined);
    }
  }

  private async post(receiver: ReceiverRecord, event: FeedEvent): Promise<Outcome> {
    const headers: Record<string, string> = { 'Content-Type': SET_MEDIA_TYPE, Accept: 'application/json' };
    if (receiver.authorization) headers.Authorization = receiver.authorization;
    let response: Response;
    try {
      response = await this.deps.fetch(receiver.url ?? '', {
        method: 'POST',
        headers,
        body: this.deps.encoder.encode(event, receiver),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
    } catch (error) {
      return { kind: 'failed', error: `POST failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    const body = await response.text().catch(() => '');
    if (response.status === 202) return { kind: 'delivered' };
    const setError = response.status === 400 ? parseSetError(body) : undefined;
    if (setError?.err === 'invalid_request') return { kind: 'rejected', error: describe(response.status, setError) };
    return { kind: 'failed', error: describe(response.status, setError) };
  }

  private async fail(receiver: ReceiverRecord, error: string): Promise<void> {
    const failures = receiver.failures + 1;
    const nextAttempt = new Date(this.deps.clock().getTime() + backoffDelay(this.options.backoff, failures, this.deps.random));
    this.deps.log.warn({ tenant: receiver.tenant, receiver: receiver.id, position: receiver.position + 1, failures, error }, 'SET push failed; will retry');
    await this.deps.feed.store.updateReceiver(receiver.tenant, receiver.id, { failures, nextAttempt, lastError: error.slice(0, 500) }, { leaseOwner: this.deps.owner });
  }
}

/** RFC 8935 §2.3: a 400 body `{"err": "...", "description": "..."}`. */
function parseSetError(body: string): { err: string; description?: string } | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { err?: unknown }).err !== 'string') return undefined;
    const { err, description } = parsed as { err: string; description?: unknown };
    return { err, ...(typeof description === 'string' ? { description } : {}) };
  } catch {
    return undefined;
  }
}

function describe(status: number, setError: { err: string; description?: string } | undefined): string {
  const detail = setError ? `: ${setError.err}${setError.description ? ` (${setError.description})` : ''}` : '';
  return `HTTP ${status}${detail}`.slice(0, 500);
}
