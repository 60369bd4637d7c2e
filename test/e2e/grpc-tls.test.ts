/** TLS and mTLS on the gRPC hop between the adapter (or any internal caller) and the identity service. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createIdentityClients } from '../../adapter/grpc/identity-clients';
import { channelCredentials, serverCredentials, type ClientTlsFiles } from '../../services/config/grpc-tls';
import { startIdentityServer, type RunningIdentityServer } from '../../services/identity/server';
import { SqliteStore } from '../../services/identity/store/sqlite/sqlite-store';
import { newSecret } from '../../services/identity/tenancy/secrets';

let dir: string;
let identity: RunningIdentityServer;
/** With mTLS the service key is still required: the certificate says which machine calls, the key what it may do. */
const apiKey = newSecret('key').presented;
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });

/** A CA, and a certificate it signs for `name` (with 127.0.0.1 as its address). */
function signed(name: string, ca: string): void {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
  fs.writeFileSync(file(`${name}.ext`), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file(`${ca}.crt`), '-CAkey', file(`${ca}.key`), '-CAcreateserial', '-days', '1', '-extfile', file(`${name}.ext`), '-out', file(`${name}.crt`));
}

function authority(name: string): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`));
}

async function listUsers(tls?: ClientTlsFiles): Promise<number> {
  const clients = createIdentityClients(identity.address, apiKey, channelCredentials(tls));
  try {
    const response = await clients.call(clients.users.listUsers.bind(clients.users), { count: 0 }, { tenant: 'acme', requestId: 'tls-test', deadlineMs: 3000 });
    return response.totalResults ?? -1;
  } finally {
    clients.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-grpc-tls-'));
  authority('ca');
  authority('rogue-ca');
  signed('identity', 'ca');
  signed('adapter', 'ca');
  signed('intruder', 'rogue-ca');
  identity = await startIdentityServer({
    store: SqliteStore.open(dir),
    host: '127.0.0.1',
    port: 0,
    log: pino({ level: 'silent' }),
    // The bootstrap token's tenant is created at start: the calls below read it.
    tenancy: { bootstrapServiceKey: apiKey, bootstrapToken: 'tls-test-bootstrap-token', bootstrapTenant: 'acme' },
    credentials: serverCredentials({ certFile: file('identity.crt'), keyFile: file('identity.key'), clientCaFile: file('ca.crt') }),
  });
});
afterAll(async () => {
  await identity.shutdown(100);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('mTLS on the gRPC hop', () => {
  it('serves a caller with a certificate from the trusted CA', async () => {
    expect(await listUsers({ caFile: file('ca.crt'), certFile: file('adapter.crt'), keyFile: file('adapter.key') })).toBe(0);
  });

  it.each([
    ['no client certificate', () => ({ caFile: file('ca.crt') })],
    ['a certificate from another CA', () => ({ caFile: file('ca.crt'), certFile: file('intruder.crt'), keyFile: file('intruder.key') })],
    ['plaintext', () => undefined],
  ])('refuses %s', async (_name, tls: () => ClientTlsFiles | undefined) => {
    await expect(listUsers(tls())).rejects.toMatchObject({ code: 14 });
  });
});
