/**
 * The adapter's HTTP(S) server around the Express app: timeouts that bound slow
 * clients (a slowloris sending headers or a body byte by byte is cut off), a header
 * size limit, TLS when a certificate is configured (reloaded when its files change
 * or on SIGHUP, so a renewed certificate needs no restart), and a graceful close.
 */
import type { Express } from 'express';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { errorBody } from './scim/scim-error';

export interface ServerLimits {
  /** The whole header section must arrive within this. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  maxHeaderBytes: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
};

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface RunningHttpServer {
  server: http.Server;
  port: number;
  /** Stops accepting connections and waits up to `graceMs` for in-flight requests. */
  close(graceMs: number): Promise<void>;
}

function readTls(files: TlsFiles) {
  return { cert: fs.readFileSync(files.certFile), key: fs.readFileSync(files.keyFile) };
}

export async function startHttpServer(
  app: Express,
  options: { host: string; port: number; limits?: ServerLimits; tls?: TlsFiles; log: Logger },
): Promise<RunningHttpServer> {
  const limits = options.limits ?? DEFAULT_SERVER_LIMITS;
  const serverOptions = {
    maxHeaderSize: limits.maxHeaderBytes,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often Node looks for connections past their timeouts (30 s by default, too coarse for a 10 s limit).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
  };
  const server = options.tls ? https.createServer({ ...serverOptions, ...readTls(options.tls) }, app) : http.createServer(serverOptions, app);
  server.on('clientError', answerClientError);

  const stopWatching = options.tls ? watchCertificate(server as https.Server, options.tls, options.log) : () => undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: (graceMs) =>
      new Promise((resolve) => {
        stopWatching();
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/**
 * Requests Node refuses before Express sees them (headers too large, malformed,
 * too slow) still get a SCIM error body rather than a bare status line.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request did not arrive in time.']
        : [400, 'Bad Request', 'The request is not valid HTTP.'];
  const body = JSON.stringify(errorBody(status, detail));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/scim+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Reloads the certificate and key when either file changes, and on SIGHUP. */
function watchCertificate(server: https.Server, files: TlsFiles, log: Logger): () => void {
  const reload = () => {
    try {
      server.setSecureContext(readTls(files));
      log.info('TLS certificate reloaded');
    } catch (error) {
      // Keep serving with the old certificate: a half-written renewal must not take the adapter down.
      log.error({ err: error }, 'TLS certificate reload failed; keeping the previous one');
    }
  };
  const watchers = [files.certFile, files.keyFile].map((file) => fs.watch(file, reload));
  process.on('SIGHUP', reload);
  return () => {
    for (const watcher of watchers) watcher.close();
    process.off('SIGHUP', reload);
  };
}
