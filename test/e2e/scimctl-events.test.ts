/**
 * scimctl's event commands end to end, as an operator runs them (the compiled
 * bin/scimctl.js; `npm run build` first, which `make test` does): receivers added,
 * listed and removed per tenant, and `events watch` printing the feed as JSON lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runScimctl, scimctlBuilt } from '../support/scimctl';
import { scim, startStack, TEST_TENANT, USER_SCHEMA, type Stack } from '../support/stack';

(scimctlBuilt ? describe : describe.skip)('scimctl receivers and events', () => {
  let stack: Stack;
  let secretDir: string;
  beforeAll(async () => {
    stack = await startStack({ rateLimits: false });
    secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-receiver-'));
  });
  afterAll(async () => {
    await stack.stop();
    fs.rmSync(secretDir, { recursive: true, force: true });
  });

  const scimctl = (...args: string[]) => runScimctl(stack, args);

  it('adds a push receiver with its secret read from a file, lists it without the secret, and removes it', async () => {
    const secretFile = path.join(secretDir, 'authorization');
    fs.writeFileSync(secretFile, 'Bearer hook-secret\n');
    const added = await scimctl('receivers', 'add', '--tenant', TEST_TENANT, '--url', 'https://hooks.example.com/scim', '--authorization-file', secretFile, '--types', 'user.created,user.deleted');
    expect(added.code).toBe(0);
    const id = added.stdout.trim();
    expect(id).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(added.stderr).toContain('authorization:  set');

    const listed = await scimctl('receivers', 'list', '--tenant', TEST_TENANT, '--json');
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ id, url: 'https://hooks.example.com/scim', hasAuthorization: true, eventTypes: ['EVENT_TYPE_USER_CREATED', 'EVENT_TYPE_USER_DELETED'] }),
    ]);
    expect(listed.stdout).not.toContain('hook-secret');

    expect(await scimctl('receivers', 'add', '--tenant', TEST_TENANT, '--url', 'https://x.example.com', '--poll')).toMatchObject({ code: 2 });
    expect(await scimctl('receivers', 'add', '--tenant', TEST_TENANT, '--poll', '--types', 'user.nope')).toMatchObject({ code: 2 });
    expect(await scimctl('receivers', 'remove', '--tenant', TEST_TENANT, id)).toMatchObject({ code: 0 });
    expect(await scimctl('receivers', 'remove', '--tenant', TEST_TENANT, id)).toMatchObject({ code: 1 });
  });

  it('watches the feed as JSON lines, from a position, with filters', async () => {
    for (const userName of ['watch-1', 'watch-2']) {
      expect((await scim(stack, 'POST', '/Users', { body: { schemas: [USER_SCHEMA], userName } })).status).toBe(201);
    }
    const run = await scimctl('events', 'watch', '--tenant', TEST_TENANT, '--after', '0', '--types', 'user.created', '--snapshot', '--limit', '2');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({ position: 1, resourceType: 'User', types: ['EVENT_TYPE_USER_CREATED'], snapshot: expect.objectContaining({ userName: 'watch-1' }) }),
      expect.objectContaining({ position: 2, snapshot: expect.objectContaining({ userName: 'watch-2' }) }),
    ]);
  });
});
