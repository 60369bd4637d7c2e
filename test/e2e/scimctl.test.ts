/**
 * scimctl end to end: the compiled CLI (bin/scimctl.js, as an operator runs it)
 * against a running identity service, its tokens used over HTTP through the adapter.
 * Needs `npm run build` first, which `make test` does.
 */
import { runScimctl, scimctlBuilt } from '../support/scimctl';
import { eventually } from '../support/eventually';
import { scim, startStack, type Stack } from '../support/stack';

const AUTH_CACHE_MS = 300;

(scimctlBuilt ? describe : describe.skip)('scimctl', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ rateLimits: false, authCacheMs: AUTH_CACHE_MS });
  });
  afterAll(() => stack.stop());

  const scimctl = (...args: string[]) => runScimctl(stack, args);
  const json = async (...args: string[]) => {
    const run = await scimctl(...args, '--json');
    expect(run).toMatchObject({ code: 0 });
    return JSON.parse(run.stdout);
  };
  const until = (check: () => Promise<boolean>) => eventually(check, { withinMs: AUTH_CACHE_MS + 2000, everyMs: 25, what: 'the change to be seen' });
  const statusWith = async (token: string) => (await scim(stack, 'GET', '/Users?count=0', { token })).status;

  it('creates a tenant, issues a token shown once, and the token works over HTTP', async () => {
    // --json prints the proto3 JSON form of the messages: fields with default values (disabled: false) are left out.
    expect(await json('tenants', 'create', 'beta', '--display-name', 'Beta Inc')).toEqual({ id: 'beta', displayName: 'Beta Inc', createTime: expect.any(String), updateTime: expect.any(String) });

    const issued = await scimctl('tokens', 'issue', '--tenant', 'beta', '--description', 'Okta production');
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    expect(token).toMatch(/^scim_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(issued.stderr).toContain('shown only this once');
    expect(issued.stderr).not.toContain(token.split('_').slice(2).join('_'));

    const created = await scim(stack, 'POST', '/Users', { token, body: { userName: 'ops@beta.example' } });
    expect(created.status).toBe(201);
    const users = await json('users', 'list', '--tenant', 'beta');
    expect(users).toMatchObject({ totalResults: 1, Resources: [{ id: created.body.id, userName: 'ops@beta.example' }] });
    expect(await json('users', 'get', '--tenant', 'beta', created.body.id)).toMatchObject({ userName: 'ops@beta.example' });

    const listed = await scimctl('tokens', 'list', '--tenant', 'beta', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: token.split('_')[1], description: 'Okta production', state: 'CREDENTIAL_STATE_ACTIVE' }]);
    expect(listed.stdout).not.toContain(token);
  });

  it('rotates a token with an overlap, then revokes the old one as found in a log', async () => {
    const old = (await scimctl('tokens', 'issue', '--tenant', 'beta')).stdout.trim();
    const rotated = await json('tokens', 'rotate', '--tenant', 'beta', old.split('_')[1], '--overlap', '1h');
    expect(rotated.previousToken.replacedByTokenId).toBe(rotated.token.id);
    expect(await statusWith(old)).toBe(200);
    expect(await statusWith(rotated.secret)).toBe(200);

    const revoked = await scimctl('tokens', 'revoke', old);
    expect(revoked.code).toBe(0);
    await until(async () => (await statusWith(old)) === 401);
    expect(await statusWith(rotated.secret)).toBe(200);
  });

  it('disables and enables a tenant', async () => {
    const token = (await scimctl('tokens', 'issue', '--tenant', 'beta')).stdout.trim();
    expect(await json('tenants', 'disable', 'beta')).toMatchObject({ disabled: true });
    await until(async () => (await statusWith(token)) === 401);
    expect((await json('tenants', 'enable', 'beta')).disabled).toBeUndefined();
    await until(async () => (await statusWith(token)) === 200);
  });

  it('reads the audit trail: who changed what', async () => {
    const events = await json('audit', 'list', '--tenant', 'beta', '--resource-type', 'User');
    expect(events[0]).toMatchObject({ action: 'create', resourceType: 'User', outcome: 'AUDIT_OUTCOME_SUCCESS', attributes: ['userName'] });
    expect(events[0].actor).toMatch(/^token:[A-Za-z0-9]{12}$/);
    const table = await scimctl('audit', 'list', '--tenant', 'beta', '--since', '1h');
    expect(table.stdout).toMatch(/^TIME\s+TENANT\s+ACTOR\s+ACTION/);
    expect(table.stdout).toContain('Tenant/beta');
  });

  it('creates, lists and revokes service credentials', async () => {
    const created = await json('credentials', 'create', '--access', 'read', '--tenants', 'beta', '--description', 'reporting');
    expect(created.credential).toMatchObject({ access: 'ACCESS_READ', tenantIds: ['beta'], description: 'reporting' });
    expect(created.secret).toMatch(/^sk_/);
    const list = await scimctl('credentials', 'list');
    expect(list.stdout).toContain(created.credential.id);
    expect(list.stdout).not.toContain(created.secret);
    expect(await json('credentials', 'revoke', created.credential.id)).toMatchObject({ state: 'CREDENTIAL_STATE_REVOKED' });
  });

  it('explains failures and exits with 1 for the service, 2 for usage', async () => {
    const missing = await scimctl('tenants', 'get', 'nope');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('[NOT_FOUND]');
    expect((await scimctl('tenants', 'delete', 'beta')).code).toBe(2);
    expect((await scimctl('tokens', 'issue', '--tenant', 'beta', '--ttl', 'forever')).code).toBe(2);
  });

  it('deletes a tenant with its data once confirmed', async () => {
    const deleted = await json('tenants', 'delete', 'beta', '--confirm', 'beta');
    expect(deleted).toMatchObject({ tenantId: 'beta', deletedUsers: 1 });
    expect((await scimctl('tenants', 'get', 'beta')).code).toBe(1);
  });
});
