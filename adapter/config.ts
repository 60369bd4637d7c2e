/** The SCIM adapter's configuration: read from the environment once, validated, typed. */
import { ConfigError, envInteger, envString } from '../services/config/env';
import { grpcMaxMessageBytesFromEnv } from '../services/config/grpc-message-limit';
import { clientTlsFromEnv, type ClientTlsFiles } from '../services/config/grpc-tls';
import { parseSecret } from '../services/identity/tenancy/secrets';

export interface AdapterConfig {
  host: string;
  port: number;
  identityAddress: string;
  /** The adapter's service credential (IDENTITY_API_KEY), sent on every call to the identity service. */
  identityApiKey: string;
  /** How long a valid bearer token is believed without asking the identity service: the revocation bound. */
  authCacheMs: number;
  maxBodyBytes: number;
  grpcDeadlineMs: number;
  /** The deadline of a /Bulk request's one gRPC call, which runs up to maxOperations writes. */
  bulkDeadlineMs: number;
  discoveryTtlMs: number;
  publicBaseUrl?: string;
  trustProxy: boolean;
  /** TLS to the identity service; plaintext when unset. */
  identityTls?: ClientTlsFiles;
  /** The largest gRPC message exchanged with the identity service (GRPC_MAX_MESSAGE_BYTES). */
  grpcMaxMessageBytes: number;
  /** HTTPS when both are set. */
  tls?: { certFile: string; keyFile: string };
  shutdownGraceMs: number;
  logLevel: string;
}

export function loadAdapterConfig(env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  const identityApiKey = env.IDENTITY_API_KEY ?? '';
  if (!parseSecret('key', identityApiKey)) {
    throw new ConfigError('IDENTITY_API_KEY must be set to a service key (sk_…) with adapter access, from `scimctl credentials create --access adapter`.');
  }
  const publicBaseUrl = env.PUBLIC_BASE_URL ? env.PUBLIC_BASE_URL.replace(/\/+$/, '') : undefined;
  if (publicBaseUrl && !/^https?:\/\/[^/]+/.test(publicBaseUrl)) {
    throw new ConfigError('PUBLIC_BASE_URL must be an http(s) URL such as https://scim.example.com.');
  }
  const maxBodyBytes = envInteger(env, 'MAX_BODY_BYTES', 1024 * 1024, { min: 1024, max: 64 * 1024 * 1024 });
  const grpcMaxMessageBytes = grpcMaxMessageBytesFromEnv(env);
  // A body becomes one gRPC message (a /Bulk request, a PUT of a large group): it must fit.
  if (maxBodyBytes > grpcMaxMessageBytes) throw new ConfigError('MAX_BODY_BYTES must not exceed GRPC_MAX_MESSAGE_BYTES: a request body travels to the identity service as one gRPC message.');
  const certFile = env.TLS_CERT_FILE || undefined;
  const keyFile = env.TLS_KEY_FILE || undefined;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE must be set together.');
  return {
    host: envString(env, 'HOST', '0.0.0.0'),
    port: envInteger(env, 'PORT', 8080, { min: 0, max: 65535 }),
    identityAddress: envString(env, 'IDENTITY_GRPC_ADDR', '127.0.0.1:50051'),
    identityTls: clientTlsFromEnv(env),
    grpcMaxMessageBytes,
    identityApiKey,
    authCacheMs: envInteger(env, 'AUTH_CACHE_MS', 5000, { min: 0, max: 60_000 }),
    maxBodyBytes,
    grpcDeadlineMs: envInteger(env, 'GRPC_DEADLINE_MS', 10_000, { min: 100, max: 300_000 }),
    bulkDeadlineMs: envInteger(env, 'BULK_DEADLINE_MS', 60_000, { min: 1000, max: 600_000 }),
    discoveryTtlMs: envInteger(env, 'DISCOVERY_CACHE_MS', 60_000, { min: 0, max: 3_600_000 }),
    publicBaseUrl,
    trustProxy: envString(env, 'TRUST_PROXY', 'false') === 'true',
    tls: certFile && keyFile ? { certFile, keyFile } : undefined,
    shutdownGraceMs: envInteger(env, 'SHUTDOWN_GRACE_MS', 10_000, { min: 0, max: 300_000 }),
    logLevel: envString(env, 'LOG_LEVEL', 'info'),
  };
}
