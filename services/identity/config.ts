/** The identity service's configuration: read from the environment once, validated, typed. */
import path from 'node:path';
import { ConfigError, envInteger, envString } from '../config/env';
import { grpcMaxMessageBytesFromEnv } from '../config/grpc-message-limit';
import { serverTlsFromEnv, type ServerTlsFiles } from '../config/grpc-tls';
import { eventsFromEnv, type EventsSettings } from './events/events-config';
import { TENANT_ID } from './tenancy/access';
import { MIN_BOOTSTRAP_TOKEN_LENGTH, parseSecret } from './tenancy/secrets';
import type { TenancyOptions } from './tenancy/tenancy-module';
import type { MongoStoreOptions } from './store/mongo/mongo-store';

export interface IdentityConfig {
  grpcHost: string;
  grpcPort: number;
  dataDir: string;
  /** Set when MONGODB_URI is: the MongoDB store instead of SQLite. */
  mongodb?: MongoStoreOptions;
  /** Signs cursor page tokens; replicas must share it. Random per process if unset. */
  pageTokenKey?: Buffer;
  grpcTls?: ServerTlsFiles;
  /** The largest gRPC message the server accepts or sends (GRPC_MAX_MESSAGE_BYTES). */
  grpcMaxMessageBytes: number;
  tenancy: TenancyOptions;
  /** The change feed: retention, SET issuer and signing key, push delivery. */
  events: EventsSettings;
  logLevel: string;
}

export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  return {
    grpcHost: envString(env, 'GRPC_HOST', '127.0.0.1'),
    grpcPort: envInteger(env, 'GRPC_PORT', 50051, { min: 0, max: 65535 }),
    grpcTls: serverTlsFromEnv(env),
    grpcMaxMessageBytes: grpcMaxMessageBytesFromEnv(env),
    dataDir: path.resolve(envString(env, 'DATA_DIR', './data')),
    mongodb: mongodbFromEnv(env),
    pageTokenKey: env.PAGE_TOKEN_SECRET ? Buffer.from(env.PAGE_TOKEN_SECRET, 'utf8') : undefined,
    tenancy: tenancyFromEnv(env),
    events: eventsFromEnv(env),
    logLevel: envString(env, 'LOG_LEVEL', 'info'),
  };
}

function mongodbFromEnv(env: NodeJS.ProcessEnv): MongoStoreOptions | undefined {
  if (!env.MONGODB_URI) return undefined;
  const writeConcern = envString(env, 'MONGODB_WRITE_CONCERN', 'majority');
  if (writeConcern !== 'majority' && !/^[1-9][0-9]?$/.test(writeConcern)) {
    throw new ConfigError('MONGODB_WRITE_CONCERN must be majority or a number of replica set members from 1 to 99.');
  }
  return {
    uri: env.MONGODB_URI,
    database: envString(env, 'MONGODB_DB', 'openscim'),
    writeConcern: writeConcern === 'majority' ? writeConcern : Number(writeConcern),
    serverTimeoutMs: envInteger(env, 'MONGODB_TIMEOUT_MS', 5000, { min: 100, max: 600_000 }),
    socketTimeoutMs: envInteger(env, 'MONGODB_SOCKET_TIMEOUT_MS', 30_000, { min: 0, max: 3_600_000 }),
    maxPoolSize: envInteger(env, 'MONGODB_MAX_POOL_SIZE', 100, { min: 1, max: 10_000 }),
  };
}

function tenancyFromEnv(env: NodeJS.ProcessEnv): TenancyOptions {
  const bootstrapServiceKey = env.BOOTSTRAP_SERVICE_KEY || undefined;
  if (bootstrapServiceKey && !parseSecret('key', bootstrapServiceKey)) {
    throw new ConfigError('BOOTSTRAP_SERVICE_KEY must be a service key, sk_<12 letters or digits>_<43 base64url characters>; `scimctl keygen` makes one.');
  }
  const bootstrapToken = env.SCIM_BOOTSTRAP_TOKEN || undefined;
  if (bootstrapToken && (bootstrapToken.length < MIN_BOOTSTRAP_TOKEN_LENGTH || bootstrapToken.length > 1024 || /\s/.test(bootstrapToken))) {
    throw new ConfigError(`SCIM_BOOTSTRAP_TOKEN must be a secret of ${MIN_BOOTSTRAP_TOKEN_LENGTH} to 1024 characters without spaces.`);
  }
  if (bootstrapToken?.startsWith('scim_')) {
    throw new ConfigError('SCIM_BOOTSTRAP_TOKEN must not start with scim_, the form of issued tokens: issue tokens with `scimctl tokens issue` instead.');
  }
  const bootstrapTenant = envString(env, 'SCIM_BOOTSTRAP_TENANT', 'default');
  if (!TENANT_ID.test(bootstrapTenant)) throw new ConfigError('SCIM_BOOTSTRAP_TENANT must be a tenant id: 1 to 64 characters from A-Z a-z 0-9 . _ -.');
  return {
    bootstrapServiceKey,
    bootstrapToken,
    bootstrapTenant,
    tokenTtlDays: envInteger(env, 'TOKEN_TTL_DAYS', 90, { min: 1, max: 3650 }),
    rotationOverlapHours: envInteger(env, 'TOKEN_ROTATION_OVERLAP_HOURS', 24, { min: 0, max: 720 }),
    auditRetentionDays: envInteger(env, 'AUDIT_RETENTION_DAYS', 365, { min: 1, max: 36500 }),
    cacheMs: 5000,
  };
}
