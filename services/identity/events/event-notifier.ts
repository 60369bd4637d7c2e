/**
 * Wakes the readers of a tenant's feed when this process writes to it, so that a
 * watcher on the same replica sees a change within milliseconds. Changes written by
 * other replicas are found by polling (event-feed.ts), so a missed wake-up only delays.
 */
export class EventNotifier {
  private readonly waiting = new Map<string, Set<() => void>>();

  notify(tenant: string): void {
    const wakers = this.waiting.get(tenant);
    if (!wakers) return;
    this.waiting.delete(tenant);
    for (const wake of wakers) wake();
  }

  /** Resolves at the tenant's next notify, after `timeoutMs`, or when `signal` aborts, whichever comes first. */
  wait(tenant: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiting.get(tenant)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      if (signal?.aborted) return done();
      const wakers = this.waiting.get(tenant) ?? new Set();
      wakers.add(done);
      this.waiting.set(tenant, wakers);
    });
  }
}
