/** Entry point of the identity service: `node dist/services/identity/main.js`. */
import { ConfigError } from '../config/env';
import { serverCredentials } from '../config/grpc-tls';
import { createLogger } from '../config/logger';
import { loadIdentityConfig } from './config';
import { startIdentityServer } from './server';
import { SqliteStore } from './store/sqlite/sqlite-store';

async function main(): Promise<void> {
  const config = loadIdentityConfig();
  const log = createLogger('identity', config.logLevel);
  if (config.mongodbUri) {
    throw new ConfigError('MONGODB_URI is set, but this build has only the embedded SQLite store. Unset it to use SQLite.');
  }
  const store = SqliteStore.open(config.dataDir);
  const server = await startIdentityServer({
    store,
    host: config.grpcHost,
    port: config.grpcPort,
    log,
    pageTokenKey: config.pageTokenKey,
    credentials: serverCredentials(config.grpcTls),
  });
  log.info({ address: server.address, store: 'sqlite', dataDir: config.dataDir }, 'identity service listening');
  console.log(`identity service: gRPC on ${server.address}, SQLite store in ${config.dataDir}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.shutdown().then(
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
