/** Entry point of the SCIM adapter: `node dist/adapter/main.js`. */
// First: starts OpenTelemetry before any other module loads (see telemetry.ts).
import { telemetry } from './telemetry';
import { ConfigError } from '../services/config/env';
import { channelCredentials } from '../services/config/grpc-tls';
import { createLogger } from '../services/config/logger';
import { createApp, SCIM_BASE_PATH } from './app';
import { loadAdapterConfig } from './config';
import { createIdentityClients } from './grpc/identity-clients';
import { startHttpServer } from './http-server';
import { loadRateLimitConfig } from './rate-limit/rate-limit-config';
import { createBudgets } from './rate-limit/rate-limiters';

async function main(): Promise<void> {
  const metricsUrl = await telemetry.serveMetrics();
  const config = loadAdapterConfig();
  const rateLimitConfig = loadRateLimitConfig();
  const log = createLogger('scim-adapter', config.logLevel);
  const clients = createIdentityClients(config.identityAddress, config.identityApiKey, channelCredentials(config.identityTls), config.grpcMaxMessageBytes);
  const budgets = rateLimitConfig.enabled ? await createBudgets(rateLimitConfig) : undefined;
  const app = createApp({
    clients,
    authCacheMs: config.authCacheMs,
    log,
    maxBodyBytes: config.maxBodyBytes,
    grpcDeadlineMs: config.grpcDeadlineMs,
    bulkDeadlineMs: config.bulkDeadlineMs,
    discoveryTtlMs: config.discoveryTtlMs,
    publicBaseUrl: config.publicBaseUrl,
    trustProxy: config.trustProxy,
    https: config.tls !== undefined,
    rateLimits: budgets && { budgets, config: rateLimitConfig },
  });
  const server = await startHttpServer(app, { host: config.host, port: config.port, tls: config.tls, log });
  const scheme = config.tls ? 'https' : 'http';
  log.info({ host: config.host, port: server.port, identity: config.identityAddress, rateLimits: rateLimitConfig.enabled ? rateLimitConfig.backend : 'off', metrics: metricsUrl ?? 'off' }, 'SCIM adapter listening');
  console.log(`SCIM adapter: ${scheme}://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${server.port}${SCIM_BASE_PATH} (identity service at ${config.identityAddress})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    await server.close(config.shutdownGraceMs);
    clients.close();
    await budgets?.close();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
});
