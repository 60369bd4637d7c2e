/**
 * The identity service as a process of its own, for tests that kill it: its sources run
 * through register-ts.js (no build needed), over a SQLite directory or a MongoDB
 * database that outlives it, so that it can be killed and started again on the same
 * port and data. The SCIM adapter runs in the test's process and talks to it over
 * gRPC, as it would in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../../adapter/app';
import { createIdentityClients, type IdentityClients } from '../../adapter/grpc/identity-clients';
import { startHttpServer } from '../../adapter/http-server';
import { Access } from '../../proto/gen/openscim/identity/v1/tenancy';
import { channelCredentials } from '../../services/config/grpc-tls';
import { newSecret } from '../../services/identity/tenancy/secrets';
import { connectToIdentity } from '../../services/scimctl/identity-connection';
import { testMongo, type TestMongo } from './mongo';
import { TEST_TENANT } from './stack';

const root = path.resolve(__dirname, '../..');
const silent = pino({ level: 'silent' });

export interface IdentityProcess {
  /** host:port of its gRPC server. */
  address: string;
  /** Kills the process with SIGKILL: no shutdown, no flush, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
}

export interface ProcessStack {
  baseUrl: string;
  /** A bearer token of TEST_TENANT. */
  token: string;
  adminKey: string;
  identity: IdentityProcess;
  clients: IdentityClients;
  stop(): Promise<void>;
}

function launch(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'register-ts.js'), path.join(root, 'services/identity/main.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += String(chunk);
      const listening = /identity service: gRPC on (\S+),/.exec(output);
      if (listening) resolve({ child, address: listening[1] });
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => reject(new Error(`the identity service exited with ${code} before listening: ${output}`)));
  });
}

/** The identity service in a child process, with the SCIM adapter in front of it on a loopback port. */
export async function startProcessStack(): Promise<ProcessStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-process-'));
  const mongo: TestMongo | undefined = process.env.OPENSCIM_TEST_STORE === 'mongo' ? await testMongo() : undefined;
  const adminKey = newSecret('key').presented;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    DATA_DIR: dataDir,
    BOOTSTRAP_SERVICE_KEY: adminKey,
    SCIM_BOOTSTRAP_TOKEN: '',
    METRICS_PORT: 'off',
    OTEL_SDK_DISABLED: 'true',
    LOG_LEVEL: 'error',
    ...(mongo ? { MONGODB_URI: mongo.options.uri, MONGODB_DB: mongo.options.database, MONGODB_TIMEOUT_MS: '1500' } : {}),
  };
  let running = await launch(env);
  const port = running.address.split(':').pop()!;
  const identity: IdentityProcess = {
    get address() {
      return running.address;
    },
    async kill() {
      if (running.child.exitCode !== null || running.child.signalCode !== null) return;
      const exited = new Promise((resolve) => running.child.once('exit', resolve));
      running.child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      running = await launch({ ...env, GRPC_PORT: port });
    },
  };

  const operator = connectToIdentity({ address: running.address, apiKey: adminKey, credentials: channelCredentials(), deadlineMs: 5000 });
  const admin = operator.admin;
  await operator.call(admin.createTenant.bind(admin), { tenantId: TEST_TENANT });
  const token = (await operator.call(admin.createToken.bind(admin), { tenantId: TEST_TENANT, description: 'process stack' })).secret ?? '';
  const credential = { description: 'adapter', access: Access.ACCESS_ADAPTER, tenantIds: ['*'] };
  const adapterKey = (await operator.call(admin.createServiceCredential.bind(admin), credential)).secret ?? '';
  operator.close();

  const clients = createIdentityClients(running.address, adapterKey);
  const app = createApp({ clients, authCacheMs: 60_000, log: silent, maxBodyBytes: 1024 * 1024, grpcDeadlineMs: 5000, discoveryTtlMs: 60_000 });
  const http = await startHttpServer(app, { host: '127.0.0.1', port: 0, log: silent });
  return {
    baseUrl: `http://127.0.0.1:${http.port}/scim/v2`,
    token,
    adminKey,
    identity,
    clients,
    async stop() {
      try {
        await http.close(0);
        clients.close();
        await identity.kill();
        await mongo?.release();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
