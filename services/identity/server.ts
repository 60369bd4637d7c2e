/**
 * The gRPC identity service: composes the store, the SCIM core and the handlers,
 * and serves them with health checking (grpc.health.v1) and server reflection, so
 * that grpcurl works without the proto files.
 */
import { Server, type ServerCredentials } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { DiscoveryServiceService } from '../../proto/gen/openscim/identity/v1/discovery_service';
import { GroupServiceService } from '../../proto/gen/openscim/identity/v1/group_service';
import { UserServiceService } from '../../proto/gen/openscim/identity/v1/user_service';
import { serverCredentials } from '../config/grpc-tls';
import { discoveryHandlers } from './discovery/discovery-handlers';
import { groupHandlers } from './groups/group-handlers';
import { groupHooks } from './groups/group-hooks';
import { PROTO_SERVICE_FILES, protoRoot } from './grpc/proto-files';
import { unaryFactory } from './grpc/unary';
import { ResourceService } from './resources/resource-service';
import { PageTokens } from './scim/page-tokens';
import { SchemaRegistry } from './scim/schema/registry';
import type { IdentityStore } from './store/port';
import { userHandlers } from './users/user-handlers';
import { userHooks } from './users/user-hooks';

export interface IdentityServerOptions {
  store: IdentityStore;
  host: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
  registry?: SchemaRegistry;
  /** TLS (and mTLS) for the gRPC port; plaintext when unset. */
  credentials?: ServerCredentials;
  /** The key that signs cursor page tokens; replicas behind one load balancer need the same. Random if unset. */
  pageTokenKey?: Buffer;
}

export interface RunningIdentityServer {
  /** The address clients dial, `host:port`. */
  address: string;
  port: number;
  /** Stops accepting calls, lets in-flight ones finish for up to `graceMs`, then closes the store. */
  shutdown(graceMs?: number): Promise<void>;
}

export async function startIdentityServer(options: IdentityServerOptions): Promise<RunningIdentityServer> {
  const { store, log } = options;
  const registry = options.registry ?? SchemaRegistry.core();
  const unary = unaryFactory(log);
  const pageTokens = new PageTokens(options.pageTokenKey);
  const users = new ResourceService({ resource: registry.resource('User'), collection: store.users, hooks: userHooks(store.memberships), pageTokens });
  const groups = new ResourceService({ resource: registry.resource('Group'), collection: store.groups, hooks: groupHooks(store.memberships), pageTokens });

  const server = new Server();
  server.addService(UserServiceService, userHandlers(users, unary));
  server.addService(GroupServiceService, groupHandlers(groups, unary));
  server.addService(DiscoveryServiceService, discoveryHandlers(registry, unary));
  const health = new HealthImplementation({ '': 'SERVING' });
  health.addToServer(server);
  const definitions = loadSync(PROTO_SERVICE_FILES, { includeDirs: [protoRoot()] });
  new ReflectionService(definitions).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, options.credentials ?? serverCredentials(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const address = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;

  return {
    address,
    port,
    async shutdown(graceMs = 10_000) {
      health.setStatus('', 'NOT_SERVING');
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
