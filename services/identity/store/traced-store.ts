/**
 * Spans and latency for every call through the store port, whichever database is
 * behind it: one span per call (`store.users.insert`), with the tenant, the resource
 * type and how many records came back, never a document or a filter value. Under
 * SQLite that span is the database work itself (better-sqlite3 is synchronous);
 * under MongoDB the driver's own command spans nest inside it. `ping` is not traced:
 * the health monitor calls it every few seconds, and each would be a trace of its own.
 * Nor is the event port: idle feed readers poll it several times a second.
 */
import type { Attributes } from '@opentelemetry/api';
import { ATTR_SCIM_RESOURCE_TYPE, ATTR_SCIM_RESULT_COUNT, ATTR_SCIM_TOTAL_RESULTS, ATTR_STORE_COLLECTION, ATTR_STORE_OPERATION, ATTR_TENANT_ID } from '../../observability/attributes';
import { recordStoreOperation } from '../../observability/metrics';
import { errorType, traced } from '../../observability/tracing';
import type { GroupMembershipView, IdentityStore, ListResult, MemberView, MembershipStore, ResourceCollection, ResourceKind, StoredResource } from './port';

async function storeCall<T>(
  collection: string,
  operation: string,
  attributes: Attributes,
  call: () => Promise<T>,
  describe: (result: T) => Attributes,
): Promise<T> {
  const started = performance.now();
  let failure: unknown;
  try {
    return await traced(`store.${collection}.${operation}`, { [ATTR_STORE_COLLECTION]: collection, [ATTR_STORE_OPERATION]: operation, ...attributes }, async (span) => {
      const result = await call();
      if (span.isRecording()) span.setAttributes(describe(result));
      return result;
    });
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    recordStoreOperation({ collection, operation, errorType: failure === undefined ? undefined : errorType(failure) }, (performance.now() - started) / 1000);
  }
}

const nothing = (): Attributes => ({});
const counted = (count: number): Attributes => ({ [ATTR_SCIM_RESULT_COUNT]: count });

// Each method forwards its arguments as the port declares them; the first is always the tenant.
type Args<K extends keyof ResourceCollection> = Parameters<ResourceCollection[K]>;
type MembershipArgs<K extends keyof MembershipStore> = Parameters<MembershipStore[K]>;

class TracedCollection implements ResourceCollection {
  constructor(
    private readonly inner: ResourceCollection,
    private readonly name: string,
    private readonly kind: ResourceKind,
  ) {}

  private call<T>(operation: string, tenant: string, call: () => Promise<T>, describe: (result: T) => Attributes = nothing): Promise<T> {
    return storeCall(this.name, operation, { [ATTR_TENANT_ID]: tenant, [ATTR_SCIM_RESOURCE_TYPE]: this.kind }, call, describe);
  }

  insert(...args: Args<'insert'>): Promise<StoredResource> {
    return this.call('insert', args[0], () => this.inner.insert(...args));
  }

  get(...args: Args<'get'>): Promise<StoredResource | undefined> {
    return this.call('get', args[0], () => this.inner.get(...args), (found) => counted(found ? 1 : 0));
  }

  list(...args: Args<'list'>): Promise<ListResult> {
    return this.call(
      'list',
      args[0],
      () => this.inner.list(...args),
      (result) => ({ ...counted(result.items.length), ...(result.total === undefined ? {} : { [ATTR_SCIM_TOTAL_RESULTS]: result.total }) }),
    );
  }

  replace(...args: Args<'replace'>): Promise<StoredResource | undefined> {
    return this.call('replace', args[0], () => this.inner.replace(...args), (stored) => counted(stored ? 1 : 0));
  }

  delete(...args: Args<'delete'>): Promise<boolean> {
    return this.call('delete', args[0], () => this.inner.delete(...args), (deleted) => counted(deleted ? 1 : 0));
  }
}

class TracedMemberships implements MembershipStore {
  constructor(private readonly inner: MembershipStore) {}

  private call<T>(operation: string, tenant: string, call: () => Promise<T>, describe: (result: T) => Attributes): Promise<T> {
    return storeCall('memberships', operation, { [ATTR_TENANT_ID]: tenant }, call, describe);
  }

  resolveMembers(...args: MembershipArgs<'resolveMembers'>): Promise<Map<string, ResourceKind>> {
    return this.call('resolveMembers', args[0], () => this.inner.resolveMembers(...args), (found) => counted(found.size));
  }

  listMembers(...args: MembershipArgs<'listMembers'>): Promise<MemberView[]> {
    return this.call('listMembers', args[0], () => this.inner.listMembers(...args), (members) => counted(members.length));
  }

  listGroupsOf(...args: MembershipArgs<'listGroupsOf'>): Promise<GroupMembershipView[]> {
    return this.call('listGroupsOf', args[0], () => this.inner.listGroupsOf(...args), (groups) => counted(groups.length));
  }
}

export function tracedStore(store: IdentityStore): IdentityStore {
  return {
    users: new TracedCollection(store.users, 'users', 'User'),
    groups: new TracedCollection(store.groups, 'groups', 'Group'),
    memberships: new TracedMemberships(store.memberships),
    tenancy: store.tenancy,
    events: store.events,
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
