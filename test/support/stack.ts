/**
 * The whole service on loopback for cross-process tests: a real identity service
 * (gRPC, on an OS-chosen port) over a real SQLite file in a temporary directory, or
 * over MongoDB (a FerretDB of its own, or MONGODB_URI: see support/mongo.ts), and
 * the real SCIM adapter (HTTP, on an OS-chosen port) talking to it over gRPC.
 * Its tenant, bearer token and the adapter's service credential are made the way an
 * operator makes them: over AdminService, with the bootstrap admin key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createApp } from '../../adapter/app';
import { createIdentityClients, type IdentityClients } from '../../adapter/grpc/identity-clients';
import { startHttpServer, type ServerLimits } from '../../adapter/http-server';
import { loadRateLimitConfig, type RateLimitConfig } from '../../adapter/rate-limit/rate-limit-config';
import { createBudgets } from '../../adapter/rate-limit/rate-limiters';
import { Access } from '../../proto/gen/openscim/identity/v1/tenancy';
import type { EventsOptions } from '../../services/identity/events/events-module';
import { startIdentityServer, type RunningIdentityServer } from '../../services/identity/server';
import type { IdentityStore } from '../../services/identity/store/port';
import { SqliteStore } from '../../services/identity/store/sqlite/sqlite-store';
import { newSecret } from '../../services/identity/tenancy/secrets';
import type { TenancyOptions } from '../../services/identity/tenancy/tenancy-module';
import { connectToIdentity, type IdentityConnection } from '../../services/scimctl/identity-connection';
import { channelCredentials } from '../../services/config/grpc-tls';
import { testMongo, type TestMongo } from './mongo';

export const TEST_TENANT = 'acme';

const silent = pino({ level: 'silent' });

export interface Stack {
  /** The SCIM base URL, http://127.0.0.1:port/scim/v2. */
  baseUrl: string;
  dataDir: string;
  /** The MongoDB database behind the identity service, when the stack runs on MongoDB. */
  mongo?: TestMongo;
  identity: RunningIdentityServer;
  /** The adapter's clients, calling with its own service credential (adapter access, every tenant). */
  clients: IdentityClients;
  /** A bearer token of TEST_TENANT, issued over AdminService: what scim() sends unless told otherwise. */
  token: string;
  /** The bootstrap admin key (BOOTSTRAP_SERVICE_KEY): every access, every tenant. */
  adminKey: string;
  /** The adapter's service key (IDENTITY_API_KEY). */
  adapterKey: string;
  /** AdminService, UserService and GroupService with the admin key, as scimctl calls them. */
  operator: IdentityConnection;
  /** Opens another store on the identity service's database, as a second replica would. */
  openStore(): Promise<IdentityStore>;
  /** Stops the identity service and starts a new one on the same port and data directory. */
  restartIdentity(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** HTTP server limits; the shipped defaults unless given. */
  serverLimits?: ServerLimits;
  /** Rate limits for the adapter; the shipped defaults unless given, none with `false`. */
  rateLimits?: RateLimitConfig | false;
  /** The logger of both processes (a test reading the log lines); silent unless given. */
  log?: Logger;
  /** AUTH_CACHE_MS of the adapter; 5000 unless given. */
  authCacheMs?: number;
  /** The identity service's clock, for expiry tests. */
  clock?: () => Date;
  /** The identity service's tenancy settings besides the bootstrap key. */
  tenancy?: Partial<TenancyOptions>;
  /** The identity service's change feed settings: SET signing key, push retries. */
  events?: Partial<EventsOptions>;
  /**
   * The store behind the identity service: OPENSCIM_TEST_STORE unless given, which the
   * jest project that runs the e2e suites on MongoDB sets (jest.config.js); else SQLite.
   */
  store?: 'sqlite' | 'mongo';
  /** MAX_BODY_BYTES of the adapter; 64 KiB unless given. */
  maxBodyBytes?: number;
  /** GRPC_MAX_MESSAGE_BYTES of both processes; the shipped default unless given. */
  grpcMaxMessageBytes?: number;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-test-'));
  const adminKey = newSecret('key').presented;
  const mongo = (options.store ?? process.env.OPENSCIM_TEST_STORE) === 'mongo' ? await testMongo() : undefined;
  const openStore = async (): Promise<IdentityStore> => (mongo ? mongo.open() : SqliteStore.open(dataDir));
  const startIdentity = async (port: number) =>
    startIdentityServer({
      store: await openStore(),
      host: '127.0.0.1',
      port,
      log: options.log ?? silent,
      clock: options.clock,
      tenancy: { ...options.tenancy, bootstrapServiceKey: adminKey },
      events: options.events,
      maxMessageBytes: options.grpcMaxMessageBytes,
    });
  let identity = await startIdentity(0);
  const operator = connectToIdentity({ address: identity.address, apiKey: adminKey, credentials: channelCredentials(), deadlineMs: 5000 });
  const admin = operator.admin;
  await operator.call(admin.createTenant.bind(admin), { tenantId: TEST_TENANT });
  const token = (await operator.call(admin.createToken.bind(admin), { tenantId: TEST_TENANT, description: 'test stack' })).secret ?? '';
  const adapterCredential = { description: 'test adapter', access: Access.ACCESS_ADAPTER, tenantIds: ['*'] };
  const adapterKey = (await operator.call(admin.createServiceCredential.bind(admin), adapterCredential)).secret ?? '';
  const clients = createIdentityClients(identity.address, adapterKey, channelCredentials(), options.grpcMaxMessageBytes);
  const rateLimitConfig = options.rateLimits === undefined ? loadRateLimitConfig({}) : options.rateLimits;
  const budgets = rateLimitConfig ? await createBudgets(rateLimitConfig) : undefined;
  const app = createApp({
    clients,
    authCacheMs: options.authCacheMs ?? 5000,
    log: options.log ?? silent,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    grpcDeadlineMs: 5000,
    discoveryTtlMs: 60_000,
    rateLimits: budgets && rateLimitConfig ? { budgets, config: rateLimitConfig } : undefined,
  });
  const http = await startHttpServer(app, { host: '127.0.0.1', port: 0, limits: options.serverLimits, log: silent });
  const port = http.port;

  const stack: Stack = {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    dataDir,
    mongo,
    openStore,
    identity,
    clients,
    token,
    adminKey,
    adapterKey,
    operator,
    async restartIdentity() {
      await identity.shutdown(1000);
      identity = await startIdentity(identity.port);
      stack.identity = identity;
    },
    async stop() {
      await http.close(0);
      clients.close();
      operator.close();
      await budgets?.close();
      await identity.shutdown(1000);
      await mongo?.release();
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
  /** The bearer token; `null` sends no Authorization header. The stack's token unless given. */
  token?: string | null;
  /** The SCIM base path, such as `/tenants/acme/scim/v2`; the stack's `/scim/v2` unless given. */
  basePath?: string;
}

/** One HTTP request to the adapter, as an IdP would send it. */
export async function scim(stack: Pick<Stack, 'baseUrl' | 'token'>, method: string, pathAndQuery: string, options: RequestOptions = {}): Promise<ScimResponse> {
  const headers: Record<string, string> = { Accept: 'application/scim+json', ...options.headers };
  const token = options.token === undefined ? stack.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/scim+json';
  }
  const base = options.basePath === undefined ? stack.baseUrl : new URL(options.basePath, stack.baseUrl).href;
  const response = await fetch(base + pathAndQuery, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
