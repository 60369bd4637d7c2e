/** The identity service's configuration: read from the environment once, validated, typed. */
import path from 'node:path';
import { envInteger, envString } from '../config/env';
import { serverTlsFromEnv, type ServerTlsFiles } from '../config/grpc-tls';

export interface IdentityConfig {
  grpcHost: string;
  grpcPort: number;
  dataDir: string;
  mongodbUri?: string;
  /** Signs cursor page tokens; replicas must share it. Random per process if unset. */
  pageTokenKey?: Buffer;
  grpcTls?: ServerTlsFiles;
  logLevel: string;
}

export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  return {
    grpcHost: envString(env, 'GRPC_HOST', '127.0.0.1'),
    grpcPort: envInteger(env, 'GRPC_PORT', 50051, { min: 0, max: 65535 }),
    grpcTls: serverTlsFromEnv(env),
    dataDir: path.resolve(envString(env, 'DATA_DIR', './data')),
    mongodbUri: env.MONGODB_URI || undefined,
    pageTokenKey: env.PAGE_TOKEN_SECRET ? Buffer.from(env.PAGE_TOKEN_SECRET, 'utf8') : undefined,
    logLevel: envString(env, 'LOG_LEVEL', 'info'),
  };
}
