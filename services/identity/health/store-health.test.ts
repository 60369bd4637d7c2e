import type { ServingStatus } from 'grpc-health-check';
import pino from 'pino';
import { StoreUnavailableError } from '../errors/scim-errors';
import { StoreHealthMonitor } from './store-health';

/** A store that answers its ping while it is up. */
class FlakyStore {
  up = true;
  async ping(): Promise<void> {
    if (!this.up) throw new StoreUnavailableError();
  }
}

/** The monitor over a flaky store, and what it published to a health sink. */
function setup() {
  const store = new FlakyStore();
  const published: Array<[string, ServingStatus]> = [];
  const monitor = new StoreHealthMonitor(store, { setStatus: (service, status) => published.push([service, status]) }, pino({ level: 'silent' }));
  return { store, published, monitor };
}

describe('grpc.health.v1 follows the store', () => {
  it('reports NOT_SERVING when the store stops answering, and SERVING once it answers again', async () => {
    const { store, published, monitor } = setup();
    await monitor.check();
    expect(published).toEqual([]);
    store.up = false;
    await monitor.check();
    await monitor.check();
    expect(published).toEqual([['', 'NOT_SERVING']]);
    store.up = true;
    await monitor.check();
    expect(published).toEqual([
      ['', 'NOT_SERVING'],
      ['', 'SERVING'],
    ]);
  });

  it('stays NOT_SERVING once stopped, even if a ping in flight then succeeds', async () => {
    const { store, published, monitor } = setup();
    store.up = false;
    await monitor.check();
    store.up = true;
    const inFlight = monitor.check();
    monitor.stop();
    await inFlight;
    expect(published.at(-1)).toEqual(['', 'NOT_SERVING']);
  });
});
