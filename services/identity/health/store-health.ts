/**
 * Keeps grpc.health.v1 in step with the store: the store is pinged every few
 * seconds, and the server reports NOT_SERVING while the store does not answer and
 * SERVING again once it does, so that load balancers and the adapter's /readyz stop
 * sending work to an instance that can only fail it.
 */
import type { ServingStatus } from 'grpc-health-check';
import type { Logger } from 'pino';
import type { IdentityStore } from '../store/port';

/** What the monitor publishes to; HealthImplementation is one. */
export interface HealthStatusSink {
  setStatus(service: string, status: ServingStatus): void;
}

/** Often enough that an outage shows within a probe period or two; a ping is one trivial query. */
const PING_INTERVAL_MS = 5000;

/** '' is the whole server, what `grpc_health_probe` and Kubernetes ask about by default. */
const WHOLE_SERVER = '';

export class StoreHealthMonitor {
  private serving = true;
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Pick<IdentityStore, 'ping'>,
    private readonly health: HealthStatusSink,
    private readonly log: Logger,
  ) {}

  /** Pings the store once and publishes a change of status. */
  async check(): Promise<void> {
    let failure: unknown;
    try {
      await this.store.ping();
    } catch (error) {
      failure = error;
    }
    const serving = failure === undefined;
    // A ping that was in flight when the server began to shut down must not report SERVING again.
    if (this.stopped || serving === this.serving) return;
    this.serving = serving;
    this.health.setStatus(WHOLE_SERVER, serving ? 'SERVING' : 'NOT_SERVING');
    if (serving) this.log.info('store answers again: SERVING');
    else this.log.warn({ err: failure }, 'store does not answer: NOT_SERVING');
  }

  /** Checks now, then 5 s after each check ends, so that a slow ping never overlaps the next. */
  start(): void {
    const loop = () => {
      void this.check().then(() => {
        if (!this.stopped) this.timer = setTimeout(loop, PING_INTERVAL_MS).unref();
      });
    };
    loop();
  }

  /** Stops checking and reports NOT_SERVING, for a server that is shutting down. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.health.setStatus(WHOLE_SERVER, 'NOT_SERVING');
  }
}
