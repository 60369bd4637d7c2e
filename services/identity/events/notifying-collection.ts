/**
 * A ResourceCollection that wakes the tenant's feed readers on this replica after each
 * write that recorded an event (event-notifier.ts), whichever store is behind it.
 */
import type { ResourceCollection, StoredResource } from '../store/port';
import type { EventFeed } from './event-feed';

type Args<K extends keyof ResourceCollection> = Parameters<ResourceCollection[K]>;

export function notifyingCollection(inner: ResourceCollection, feed: EventFeed): ResourceCollection {
  const after = async <T>(tenant: string, recorded: boolean, write: Promise<T>): Promise<T> => {
    const result = await write;
    if (recorded) feed.notify(tenant);
    return result;
  };
  return {
    insert: (...args: Args<'insert'>): Promise<StoredResource> => after(args[0], args[2].event !== undefined, inner.insert(...args)),
    get: (...args: Args<'get'>) => inner.get(...args),
    list: (...args: Args<'list'>) => inner.list(...args),
    replace: (...args: Args<'replace'>) => after(args[0], args[2].event !== undefined, inner.replace(...args)),
    delete: (...args: Args<'delete'>) => after(args[0], args[4] !== undefined, inner.delete(...args)),
  };
}
