/** Entry point of the identity service: `node dist/services/identity/main.js`. */
// First: starts OpenTelemetry before any other module loads (see telemetry.ts).
import { telemetry } from './telemetry';
import { ConfigError } from '../config/env';
import { serverCredentials } from '../config/grpc-tls';
import { createLogger } from '../config/logger';
import { loadIdentityConfig } from './config';
import { startIdentityServer } from './server';
import { MongoStore } from './store/mongo/mongo-store';
import type { IdentityStore } from './store/port';
import { SqliteStore } from './store/sqlite/sqlite-store';

async function main(): Promise<void> {
  const metricsUrl = await telemetry.serveMetrics();
  const config = loadIdentityConfig();
  const log = createLogger('identity', config.logLevel);
  const store: IdentityStore = config.mongodb ? await MongoStore.open(config.mongodb) : SqliteStore.open(config.dataDir);
  // The URI is never logged: it may hold credentials.
  const storeInfo = config.mongodb ? { store: 'mongodb', database: config.mongodb.database } : { store: 'sqlite', dataDir: config.dataDir };
  const server = await startIdentityServer({
    store,
    host: config.grpcHost,
    port: config.grpcPort,
    log,
    pageTokenKey: config.pageTokenKey,
    credentials: serverCredentials(config.grpcTls),
    maxMessageBytes: config.grpcMaxMessageBytes,
    tenancy: config.tenancy,
    events: config.events,
  });
  log.info({ address: server.address, ...storeInfo, metrics: metricsUrl ?? 'off' }, 'identity service listening');
  const storeText = config.mongodb ? `MongoDB store, database ${config.mongodb.database}` : `SQLite store in ${config.dataDir}`;
  console.log(`identity service: gRPC on ${server.address}, ${storeText}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Spans still buffered are flushed after the last call has been answered.
    server.shutdown().then(telemetry.shutdown).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
});
