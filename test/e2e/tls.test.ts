/**
 * HTTPS for the adapter: the certificate and key come from files, and a renewed
 * certificate is picked up without a restart.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import express from 'express';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { TLSSocket } from 'node:tls';
import { startHttpServer, type RunningHttpServer } from '../../adapter/http-server';
import { securityHeaders } from '../../adapter/middleware/security-headers';

let dir: string;
let server: RunningHttpServer;

function issue(name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

function servedCertificate(): Promise<{ subject: string; status: number; hsts?: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get({ host: '127.0.0.1', port: server.port, path: '/', rejectUnauthorized: false, agent: false }, (response) => {
      const peer = (response.socket as TLSSocket).getPeerX509Certificate() as X509Certificate;
      response.resume();
      resolve({ subject: peer.subject, status: response.statusCode ?? 0, hsts: response.headers['strict-transport-security'] as string | undefined });
    });
    request.on('error', reject);
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-tls-'));
  const first = issue('first');
  fs.copyFileSync(first.cert, path.join(dir, 'server.crt'));
  fs.copyFileSync(first.key, path.join(dir, 'server.key'));
  const app = express();
  app.use(securityHeaders(true));
  app.get('/', (_req, res) => res.send('ok'));
  server = await startHttpServer(app, {
    host: '127.0.0.1',
    port: 0,
    tls: { certFile: path.join(dir, 'server.crt'), keyFile: path.join(dir, 'server.key') },
    log: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await server.close(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS', () => {
  it('serves the configured certificate, with Strict-Transport-Security', async () => {
    expect(await servedCertificate()).toEqual({ subject: 'CN=first', status: 200, hsts: 'max-age=31536000' });
  });

  it('reloads a renewed certificate without a restart (SIGHUP)', async () => {
    const renewed = issue('renewed');
    fs.copyFileSync(renewed.key, path.join(dir, 'server.key'));
    fs.copyFileSync(renewed.cert, path.join(dir, 'server.crt'));
    process.emit('SIGHUP');
    expect((await servedCertificate()).subject).toBe('CN=renewed');
  });
});
