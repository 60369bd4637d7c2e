/** Entry point of the SCIM adapter: `node dist/adapter/main.js`. */
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../services/config/env';
import { createLogger } from '../services/config/logger';
import { createApp, SCIM_BASE_PATH } from './app';
import { loadAdapterConfig } from './config';
import { createIdentityClients } from './grpc/identity-clients';

function main(): void {
  const config = loadAdapterConfig();
  const log = createLogger('scim-adapter', config.logLevel);
  const clients = createIdentityClients(config.identityAddress);
  const app = createApp({
    clients,
    credential: { token: config.bootstrapToken, tenant: config.bootstrapTenant },
    log,
    maxBodyBytes: config.maxBodyBytes,
    grpcDeadlineMs: config.grpcDeadlineMs,
    discoveryTtlMs: config.discoveryTtlMs,
    publicBaseUrl: config.publicBaseUrl,
    trustProxy: config.trustProxy,
  });
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    log.info({ host: config.host, port, identity: config.identityAddress }, 'SCIM adapter listening');
    console.log(`SCIM adapter: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}${SCIM_BASE_PATH} (identity service at ${config.identityAddress})`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close(() => {
      clients.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

try {
  main();
} catch (error) {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
}
