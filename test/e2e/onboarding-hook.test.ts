/**
 * The example consumer (examples/onboarding-hook), compiled and run as its README says,
 * with a read-only service key: it welcomes created users and offboards deactivated and
 * deleted ones, and after a restart it resumes from the position it saved.
 * Needs `npm run build` first, which `make test` does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Access } from '../../proto/gen/openscim/identity/v1/tenancy';
import { eventually } from '../support/eventually';
import { PATCH_OP_SCHEMA, scim, startStack, TEST_TENANT, USER_SCHEMA, type Stack } from '../support/stack';

const root = path.resolve(__dirname, '../..');
const hook = path.join(root, 'dist/examples/onboarding-hook/onboarding-hook.js');

(fs.existsSync(hook) ? describe : describe.skip)('the onboarding-hook example', () => {
  let stack: Stack;
  let key: string;
  const children: ChildProcess[] = [];
  const positionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-hook-'));
  const positionFile = path.join(positionDir, 'position');

  beforeAll(async () => {
    stack = await startStack({ rateLimits: false });
    const admin = stack.operator.admin;
    const credential = { description: 'onboarding hook', access: Access.ACCESS_READ, tenantIds: [TEST_TENANT] };
    key = (await stack.operator.call(admin.createServiceCredential.bind(admin), credential)).secret ?? '';
  });
  afterAll(async () => {
    for (const child of children) child.kill();
    await stack.stop();
    fs.rmSync(positionDir, { recursive: true, force: true });
  });

  function spawnHook(file: string, stderr: 'inherit' | 'pipe'): ChildProcess {
    const child = spawn(process.execPath, [hook], {
      env: { ...process.env, IDENTITY_GRPC_ADDR: stack.identity.address, IDENTITY_API_KEY: key, TENANT: TEST_TENANT, POSITION_FILE: file },
      stdio: ['ignore', 'pipe', stderr],
    });
    children.push(child);
    return child;
  }

  /** Starts the hook; resolves with a function that waits for its next line. */
  function startHook(): () => Promise<string> {
    const child = spawnHook(positionFile, 'inherit');
    const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    return async () => String((await lines.next()).value);
  }

  const createUser = async (userName: string) => (await scim(stack, 'POST', '/Users', { body: { schemas: [USER_SCHEMA], userName } })).body.id as string;
  const deactivate = (id: string) =>
    scim(stack, 'PATCH', `/Users/${id}`, { body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] } });

  it('prints welcome and offboard lines, and resumes where it left off', async () => {
    let next = startHook();
    // The first run starts from now: wait until it has saved the position it starts after.
    await eventually(() => fs.existsSync(positionFile), { withinMs: 20_000, what: 'the saved start position' });
    const alice = await createUser('alice-hook');
    expect(await next()).toBe(`welcome ${alice}`);
    await deactivate(alice);
    expect(await next()).toBe(`offboard ${alice}`);

    // SIGTERM stops it between two events; wait for it, so that the saved position is final.
    const exited = new Promise((resolve) => children[0].once('exit', resolve));
    children[0].kill('SIGTERM');
    expect(await exited).toBe(0);
    const bob = await createUser('bob-hook');
    await scim(stack, 'DELETE', `/Users/${bob}`);
    next = startHook();
    expect(await next()).toBe(`welcome ${bob}`);
    expect(await next()).toBe(`offboard ${bob}`);
  });

  it('refuses a damaged position file instead of replaying the feed from the start', async () => {
    const damaged = path.join(positionDir, 'damaged');
    fs.writeFileSync(damaged, '');
    const child = spawnHook(damaged, 'pipe');
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('does not hold a position');
  });
});
