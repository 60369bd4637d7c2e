/**
 * `scimctl import` over BulkService.ImportResources: SCIM JSON lines into a tenant, ids
 * kept, failures by line number without values, progress on stderr; run again it
 * creates nothing twice; with a checkpoint it resumes after the last line done, also
 * after the identity service was killed in the middle of a batch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Access } from '../../proto/gen/openscim/identity/v1/tenancy';
import { channelCredentials } from '../../services/config/grpc-tls';
import { runScimctl } from '../../services/scimctl/cli';
import { connectToIdentity } from '../../services/scimctl/identity-connection';
import { eventually } from '../support/eventually';
import { startProcessStack, type ProcessStack } from '../support/identity-process';
import { GROUP_SCHEMA, scim, TEST_TENANT, USER_SCHEMA } from '../support/stack';

let stack: ProcessStack;
let dir: string;
beforeAll(async () => {
  stack = await startProcessStack();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-import-'));
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** scimctl with the admin key, unless `--api-key <key>` ends the arguments. */
async function scimctl(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const keyAt = args.indexOf('--api-key');
  const env = { SCIMCTL_ADDR: stack.identity.address, SCIMCTL_API_KEY: keyAt >= 0 ? args[keyAt + 1] : stack.adminKey };
  const code = await runScimctl(keyAt >= 0 ? args.slice(0, keyAt) : args, env, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function file(name: string, lines: string[]): string {
  const at = path.join(dir, name);
  fs.writeFileSync(at, `${lines.join('\n')}\n`);
  return at;
}

const user = (fields: object) => JSON.stringify({ schemas: [USER_SCHEMA], ...fields });
const count = async (filter: string) => (await scim(stack, 'GET', `/Users?count=0&filter=${encodeURIComponent(filter)}`)).body.totalResults as number;

describe('scimctl import', () => {
  it('imports users, then groups naming them by the ids the file gives, and reports failures by line only', async () => {
    const at = file('people.jsonl', [
      user({ id: 'emp-1', userName: 'imp-ada', name: { givenName: 'Ada' }, password: 'Secret-ada-123' }),
      user({ id: 'emp-2', userName: 'imp-grace' }),
      '',
      user({ userName: 'imp-no-id' }),
      '{"userName": "imp-broken"',
      JSON.stringify({ userName: 'imp-no-schemas' }),
      user({ userName: 'IMP-ADA', title: 'a second Ada' }),
      JSON.stringify({ schemas: [GROUP_SCHEMA], id: 'team-1', displayName: 'Imported team', members: [{ value: 'emp-1' }, { value: 'emp-2' }] }),
    ]);
    const run = await scimctl('import', '--tenant', TEST_TENANT, '--file', at, '--json');
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ file: at, line: 8, created: 4, existing: 0, failed: 3 });
    expect(summary.failures.map((failure: { line: number; reason: string }) => [failure.line, failure.reason])).toEqual([
      [5, 'INVALID_SYNTAX'],
      [6, 'INVALID_VALUE'],
      [7, 'UNIQUENESS'],
    ]);
    expect(run.stderr).toMatch(/^line 8: 4 created, 0 existing, 3 failed \(\d+ resources\/s\)$/m);
    expect(run.stderr).toContain('line 7: UNIQUENESS (uniqueness): userName is already in use in this tenant.');
    expect(run.stderr).not.toMatch(/IMP-ADA|imp-broken|a second Ada/);

    const ada = await scim(stack, 'GET', '/Users/emp-1');
    expect(ada.body).toMatchObject({ id: 'emp-1', userName: 'imp-ada', name: { givenName: 'Ada' } });
    expect(ada.body).not.toHaveProperty('password');
    const team = await scim(stack, 'GET', '/Groups/team-1');
    expect(team.body.members.map((member: { value: string }) => member.value).sort()).toEqual(['emp-1', 'emp-2']);

    // Again: every resource is found by its id (given, or derived from its content); the same lines fail.
    const again = JSON.parse((await scimctl('import', '--tenant', TEST_TENANT, '--file', at, '--json')).stdout);
    expect(again).toMatchObject({ created: 0, existing: 4, failed: 3 });
    expect(await count('userName sw "imp-"')).toBe(3);
  });

  it('refuses an id that is not URL-safe, and a key without admin access (an import keeps ids)', async () => {
    const at = file('bad-id.jsonl', [user({ id: 'a/b', userName: 'imp-slash' })]);
    const run = JSON.parse((await scimctl('import', '--tenant', TEST_TENANT, '--file', at, '--json')).stdout);
    expect(run.failures).toEqual([{ line: 1, reason: 'INVALID_VALUE', scimType: 'invalidValue', detail: expect.stringContaining('id must be') }]);

    const operator = connectToIdentity({ address: stack.identity.address, apiKey: stack.adminKey, credentials: channelCredentials(), deadlineMs: 5000 });
    const admin = operator.admin;
    const credential = { description: 'writer', access: Access.ACCESS_READ_WRITE, tenantIds: [TEST_TENANT] };
    const writer = (await operator.call(admin.createServiceCredential.bind(admin), credential)).secret ?? '';
    operator.close();
    const refused = await scimctl('import', '--tenant', TEST_TENANT, '--file', file('one.jsonl', [user({ userName: 'imp-writer' })]), '--api-key', writer);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[PERMISSION_DENIED]');
    expect(await count('userName eq "imp-writer"')).toBe(0);
  });

  it('resumes after the checkpoint: lines before it are not sent, lines a cut-short batch applied are found, not duplicated', async () => {
    const total = 200;
    const at = file(
      'many.jsonl',
      // A password each: its slow hash makes a batch last long enough to be cut short.
      Array.from({ length: total }, (_, i) => user({ userName: `imp-many-${i}`, password: `Secret-${i}-correct-horse` })),
    );
    const checkpoint = path.join(dir, 'many.checkpoint');
    const first = scimctl('import', '--tenant', TEST_TENANT, '--file', at, '--checkpoint', checkpoint, '--batch', '20');
    const done = () => (fs.existsSync(checkpoint) ? (JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as { line: number }).line : 0);
    await eventually(() => done() >= 40, { withinMs: 60_000, what: 'the checkpoint past line 40' });
    await stack.identity.kill();
    const interrupted = await first;
    expect(interrupted.code).toBe(1);
    expect(interrupted.stderr).toContain('cannot reach the identity service');
    const line = done();
    expect(line).toBeGreaterThanOrEqual(40);
    expect(line).toBeLessThan(total);

    await stack.identity.restart();
    const applied = await count('userName sw "imp-many-"');
    expect(applied).toBeGreaterThanOrEqual(line);

    const resumed = await scimctl('import', '--tenant', TEST_TENANT, '--file', at, '--checkpoint', checkpoint, '--batch', '20', '--json');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`resuming after line ${line}`);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ line: total, created: total - applied, existing: applied - line, failed: 0 });
    expect(await count('userName sw "imp-many-"')).toBe(total);
    expect(JSON.parse(fs.readFileSync(checkpoint, 'utf8'))).toEqual({ file: at, line: total });

    // A checkpoint of another file is refused rather than trusted.
    const other = file('other.jsonl', [user({ userName: 'imp-other' })]);
    const refused = await scimctl('import', '--tenant', TEST_TENANT, '--file', other, '--checkpoint', checkpoint);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('belongs to');
  }, 120_000);
});
