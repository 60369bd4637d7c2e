/**
 * The whole service on loopback for cross-process tests: a real identity service
 * (gRPC, on an OS-chosen port) over a real SQLite file in a temporary directory,
 * and the real SCIM adapter (HTTP, on an OS-chosen port) talking to it over gRPC.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../../adapter/app';
import { createIdentityClients, type IdentityClients } from '../../adapter/grpc/identity-clients';
import { startHttpServer, type ServerLimits } from '../../adapter/http-server';
import { loadRateLimitConfig, type RateLimitConfig } from '../../adapter/rate-limit/rate-limit-config';
import { createBudgets } from '../../adapter/rate-limit/rate-limiters';
import { startIdentityServer, type RunningIdentityServer } from '../../services/identity/server';
import { SqliteStore } from '../../services/identity/store/sqlite/sqlite-store';

export const TEST_TOKEN = 'test-token-0123456789abcdef';
export const TEST_TENANT = 'acme';

const silent = pino({ level: 'silent' });

export interface Stack {
  /** The SCIM base URL, http://127.0.0.1:port/scim/v2. */
  baseUrl: string;
  dataDir: string;
  identity: RunningIdentityServer;
  clients: IdentityClients;
  /** Stops the identity service and starts a new one on the same port and data directory. */
  restartIdentity(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** HTTP server limits; the shipped defaults unless given. */
  serverLimits?: ServerLimits;
  /** Rate limits for the adapter; the shipped defaults unless given, none with `false`. */
  rateLimits?: RateLimitConfig | false;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-test-'));
  const startIdentity = (port: number) =>
    startIdentityServer({ store: SqliteStore.open(dataDir), host: '127.0.0.1', port, log: silent });
  let identity = await startIdentity(0);
  const clients = createIdentityClients(identity.address);
  const rateLimitConfig = options.rateLimits === undefined ? loadRateLimitConfig({}) : options.rateLimits;
  const budgets = rateLimitConfig ? await createBudgets(rateLimitConfig) : undefined;
  const app = createApp({
    clients,
    credential: { token: TEST_TOKEN, tenant: TEST_TENANT },
    log: silent,
    maxBodyBytes: 64 * 1024,
    grpcDeadlineMs: 5000,
    discoveryTtlMs: 60_000,
    rateLimits: budgets && rateLimitConfig ? { budgets, config: rateLimitConfig } : undefined,
  });
  const http = await startHttpServer(app, { host: '127.0.0.1', port: 0, limits: options.serverLimits, log: silent });
  const port = http.port;

  const stack: Stack = {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    dataDir,
    identity,
    clients,
    async restartIdentity() {
      await identity.shutdown(1000);
      identity = await startIdentity(identity.port);
      stack.identity = identity;
    },
    async stop() {
      await http.close(0);
      clients.close();
      await budgets?.close();
      await identity.shutdown(1000);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

export interface ScimResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when there is none. */
  body: any;
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body, sent as is. */
  raw?: string;
  headers?: Record<string, string>;
  /** The bearer token; `null` sends no Authorization header. */
  token?: string | null;
}

/** One HTTP request to the adapter, as an IdP would send it. */
export async function scim(stack: Stack, method: string, pathAndQuery: string, options: RequestOptions = {}): Promise<ScimResponse> {
  const headers: Record<string, string> = { Accept: 'application/scim+json', ...options.headers };
  const token = options.token === undefined ? TEST_TOKEN : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/scim+json';
  }
  const response = await fetch(stack.baseUrl + pathAndQuery, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
