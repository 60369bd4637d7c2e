/**
 * TLS on the gRPC hop, configured by files: the identity service serves with a
 * certificate (and, given a client CA, requires client certificates: mTLS); the
 * adapter and other internal callers verify it with a CA and may present their own
 * certificate. Unset means plaintext, which is only safe on loopback (the default bind).
 */
import { ChannelCredentials, ServerCredentials } from '@grpc/grpc-js';
import fs from 'node:fs';
import { ConfigError } from './env';

export interface ServerTlsFiles {
  certFile: string;
  keyFile: string;
  /** When set, clients must present a certificate signed by this CA (mTLS). */
  clientCaFile?: string;
}

export interface ClientTlsFiles {
  /** The CA that signed the identity service's certificate. */
  caFile: string;
  /** This caller's certificate and key, for mTLS. */
  certFile?: string;
  keyFile?: string;
}

export function serverCredentials(files?: ServerTlsFiles): ServerCredentials {
  if (!files) return ServerCredentials.createInsecure();
  const ca = files.clientCaFile ? fs.readFileSync(files.clientCaFile) : null;
  return ServerCredentials.createSsl(ca, [{ cert_chain: fs.readFileSync(files.certFile), private_key: fs.readFileSync(files.keyFile) }], ca !== null);
}

export function channelCredentials(files?: ClientTlsFiles): ChannelCredentials {
  if (!files) return ChannelCredentials.createInsecure();
  const read = (file?: string) => (file ? fs.readFileSync(file) : null);
  return ChannelCredentials.createSsl(fs.readFileSync(files.caFile), read(files.keyFile), read(files.certFile));
}

export function serverTlsFromEnv(env: NodeJS.ProcessEnv): ServerTlsFiles | undefined {
  const certFile = env.GRPC_TLS_CERT_FILE || undefined;
  const keyFile = env.GRPC_TLS_KEY_FILE || undefined;
  if (!certFile && !keyFile) {
    if (env.GRPC_TLS_CLIENT_CA_FILE) throw new ConfigError('GRPC_TLS_CLIENT_CA_FILE needs GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE.');
    return undefined;
  }
  if (!certFile || !keyFile) throw new ConfigError('GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE must be set together.');
  return { certFile, keyFile, clientCaFile: env.GRPC_TLS_CLIENT_CA_FILE || undefined };
}

export function clientTlsFromEnv(env: NodeJS.ProcessEnv): ClientTlsFiles | undefined {
  const caFile = env.IDENTITY_GRPC_TLS_CA_FILE || undefined;
  const certFile = env.IDENTITY_GRPC_TLS_CERT_FILE || undefined;
  const keyFile = env.IDENTITY_GRPC_TLS_KEY_FILE || undefined;
  if (!caFile) {
    if (certFile || keyFile) throw new ConfigError('IDENTITY_GRPC_TLS_CERT_FILE and _KEY_FILE need IDENTITY_GRPC_TLS_CA_FILE.');
    return undefined;
  }
  if (Boolean(certFile) !== Boolean(keyFile)) throw new ConfigError('IDENTITY_GRPC_TLS_CERT_FILE and IDENTITY_GRPC_TLS_KEY_FILE must be set together.');
  return { caFile, certFile, keyFile };
}
