/**
 * The gRPC identity service: composes the store, the SCIM core and the handlers,
 * and serves them with health checking (grpc.health.v1, following the store) and
 * server reflection, so that grpcurl works without the proto files. Every store call
 * is traced and timed, whichever store is given. Every call of the identity services
 * is authenticated (tenancy/, grpc/call-guard.ts) and every write is audited; health
 * and reflection are open, as they hold no tenant data.
 */
import { Server, type ServerCredentials } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { BulkServiceService } from '../../proto/gen/openscim/identity/v1/bulk_service';
import { DiscoveryServiceService } from '../../proto/gen/openscim/identity/v1/discovery_service';
import { GroupServiceService } from '../../proto/gen/openscim/identity/v1/group_service';
import { UserServiceService } from '../../proto/gen/openscim/identity/v1/user_service';
import { DEFAULT_GRPC_MAX_MESSAGE_BYTES, messageLimitOptions } from '../config/grpc-message-limit';
import { serverCredentials } from '../config/grpc-tls';
import { BulkExecutor } from './bulk/bulk-executor';
import { bulkHandlers } from './bulk/bulk-handlers';
import type { ResourceTargets } from './bulk/create-once';
import { ResourceImporter } from './bulk/resource-import';
import { discoveryHandlers } from './discovery/discovery-handlers';
import { DEFAULT_EVENTS_OPTIONS, Events, type EventsOptions } from './events/events-module';
import { groupHandlers } from './groups/group-handlers';
import { groupHooks } from './groups/group-hooks';
import { MembershipService } from './groups/membership-service';
import { StoreHealthMonitor } from './health/store-health';
import { clientStreamFactory } from './grpc/client-stream';
import { PROTO_SERVICE_FILES, protoRoot } from './grpc/proto-files';
import { unaryFactory } from './grpc/unary';
import { ResourceService, type ResourceHooks } from './resources/resource-service';
import { PageTokens } from './scim/page-tokens';
import { SchemaRegistry, type ResourceSchema } from './scim/schema/registry';
import type { IdentityStore, ResourceCollection } from './store/port';
import { tracedStore } from './store/traced-store';
import { userHandlers } from './users/user-handlers';
import { userHooks } from './users/user-hooks';
import { DEFAULT_TENANCY_OPTIONS, Tenancy, type TenancyOptions } from './tenancy/tenancy-module';

export interface IdentityServerOptions {
  store: IdentityStore;
  host: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
  registry?: SchemaRegistry;
  /** TLS (and mTLS) for the gRPC port; plaintext when unset. */
  credentials?: ServerCredentials;
  /** The largest message a call may carry either way: DEFAULT_GRPC_MAX_MESSAGE_BYTES unless given. */
  maxMessageBytes?: number;
  /** The key that signs cursor page tokens; replicas behind one load balancer need the same. Random if unset. */
  pageTokenKey?: Buffer;
  /** Bootstrap credential and token, token lifetimes, audit retention: DEFAULT_TENANCY_OPTIONS unless given. */
  tenancy?: Partial<TenancyOptions>;
  /** The time, for tests of expiry; the system clock unless given. */
  clock?: () => Date;
  /** Event retention, SET issuer and signing key, push delivery: DEFAULT_EVENTS_OPTIONS unless given. */
  events?: Partial<EventsOptions>;
}

export interface RunningIdentityServer {
  /** The address clients dial, `host:port`. */
  address: string;
  port: number;
  /** Stops accepting calls, lets in-flight ones finish for up to `graceMs`, then closes the store. */
  shutdown(graceMs?: number): Promise<void>;
}

export async function startIdentityServer(options: IdentityServerOptions): Promise<RunningIdentityServer> {
  const { log } = options;
  const store = tracedStore(options.store);
  const registry = options.registry ?? SchemaRegistry.core();
  const clock = options.clock ?? (() => new Date());
  const pageTokens = new PageTokens(options.pageTokenKey, clock);
  const tenancy = new Tenancy(store.tenancy, { ...DEFAULT_TENANCY_OPTIONS, ...options.tenancy }, log, clock, pageTokens);
  await tenancy.bootstrap();
  const unary = unaryFactory(log, tenancy.guard);
  const audit = tenancy.audit;
  const events = new Events(store.events, { ...DEFAULT_EVENTS_OPTIONS, ...options.events }, registry, audit, log, clock);
  // Users and groups differ only in their schema, collection and hooks.
  const resourceService = (resource: ResourceSchema, collection: ResourceCollection, hooks: ResourceHooks) =>
    new ResourceService({ resource, collection: events.notifying(collection), hooks, pageTokens, audit, log, clock });
  const users = resourceService(registry.resource('User'), store.users, userHooks(store.memberships));
  const groups = resourceService(registry.resource('Group'), store.groups, groupHooks(store.memberships));

  const server = new Server(messageLimitOptions(options.maxMessageBytes ?? DEFAULT_GRPC_MAX_MESSAGE_BYTES));
  server.addService(UserServiceService, userHandlers(users, unary));
  server.addService(GroupServiceService, groupHandlers(groups, new MembershipService(store, pageTokens), unary));
  server.addService(DiscoveryServiceService, discoveryHandlers(registry, unary));
  const targets: ResourceTargets = {
    User: { service: users, schema: registry.resource('User') },
    Group: { service: groups, schema: registry.resource('Group'), edgeAttribute: 'members' },
  };
  const bulk = bulkHandlers(new BulkExecutor(targets, log), new ResourceImporter(targets, log), unary, clientStreamFactory(log, tenancy.guard));
  server.addService(BulkServiceService, bulk);
  tenancy.addServices(server);
  events.addServices(server, unary, tenancy.guard);
  const health = new HealthImplementation({ '': 'SERVING' });
  health.addToServer(server);
  const storeHealth = new StoreHealthMonitor(store, health, log);
  const definitions = loadSync(PROTO_SERVICE_FILES, { includeDirs: [protoRoot()] });
  new ReflectionService(definitions).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, options.credentials ?? serverCredentials(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const address = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  storeHealth.start();
  const stopAuditRetention = tenancy.keepAuditTrail();
  events.start();

  return {
    address,
    port,
    async shutdown(graceMs = 10_000) {
      storeHealth.stop();
      stopAuditRetention();
      // Ends the WatchEvents streams first: they would hold the graceful shutdown open.
      await events.stop();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await store.close();
    },
  };
}
