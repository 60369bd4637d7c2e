/**
 * Tenants and tokens end to end, over HTTP and gRPC, with the real adapter and
 * identity service on loopback:
 * - isolation: with tenant B's token (or a credential of B), tenant A's users and
 *   groups do not exist — for get, list, filter, search, cursors, PUT, PATCH, DELETE
 *   and as group members — and no answer is a 403 or names A's data;
 * - the token lifecycle: expiry, revocation within the adapter's cache bound,
 *   rotation with an overlap, disabled and deleted tenants;
 * - the tenant in the URL, and links that follow the form the client used;
 * - service credentials on gRPC: access levels, tenant scopes, revocation;
 * - the audit trail of SCIM and admin changes: who, what (names only), how it ended.
 */
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AuditEvent, Access, AuditOutcome } from '../../proto/gen/openscim/identity/v1/tenancy';
import { AuthServiceClient } from '../../proto/gen/openscim/identity/v1/auth_service';
import { UserServiceClient } from '../../proto/gen/openscim/identity/v1/user_service';
import { decodeStatusDetails } from '../../services/identity/errors/status-details';
import { eventually } from '../support/eventually';
import { ERROR_SCHEMA, PATCH_OP_SCHEMA, scim, startStack, TEST_TENANT, type ScimResponse, type Stack } from '../support/stack';

/** Short, so that the revocation bound is quick to observe; the shipped default is 5000. */
const AUTH_CACHE_MS = 400;
/** How late past the bound a change may be seen: scheduling, not caching. */
const SLACK_MS = 600;

/** The identity service's clock, moved forward by expiry tests. */
let clockOffsetMs = 0;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ rateLimits: false, authCacheMs: AUTH_CACHE_MS, clock: () => new Date(Date.now() + clockOffsetMs) });
});
afterAll(() => stack.stop());

const admin = () => stack.operator.admin;
const createTenant = (tenantId: string) => stack.operator.call(admin().createTenant.bind(admin()), { tenantId });
const issueToken = async (tenantId: string, ttlSeconds?: number) =>
  (await stack.operator.call(admin().createToken.bind(admin()), { tenantId, description: 'test', ttl: ttlSeconds ? { seconds: ttlSeconds } : undefined })).secret ?? '';

/** Polls every 25 ms until the token gets `status`, and says how long that took; fails past the cache lifetime and the slack. */
const statusWithin = (token: string, status: number) =>
  eventually(async () => (await statusWith(token)) === status, { withinMs: AUTH_CACHE_MS + SLACK_MS, everyMs: 25, what: `status ${status}` });

const statusWith = async (token: string, path = '/Users?count=0') => (await scim(stack, 'GET', path, { token })).status;

function expectUnauthenticated(response: ScimResponse): void {
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ schemas: [ERROR_SCHEMA], status: '401', detail: 'Invalid or missing bearer token.' });
}

describe('isolation between tenants', () => {
  const B = 'globex';
  let tokenB: string;
  let userA: { id: string };
  let groupA: { id: string };
  let userB: { id: string };
  let groupB: { id: string; meta: { version: string } };
  /** Every piece of A's data a leak could show. */
  const secretsOfA = ['alice.a@acme.example', 'Alice Acme', 'acme-engineering', 'ext-alice'];

  beforeAll(async () => {
    await createTenant(B);
    tokenB = await issueToken(B);
    userA = (await scim(stack, 'POST', '/Users', { body: { userName: 'alice.a@acme.example', displayName: 'Alice Acme', externalId: 'ext-alice', emails: [{ value: 'alice.a@acme.example' }] } })).body;
    groupA = (await scim(stack, 'POST', '/Groups', { body: { displayName: 'acme-engineering', members: [{ value: userA.id }] } })).body;
    userB = (await scim(stack, 'POST', '/Users', { token: tokenB, body: { userName: 'bob@globex.example' } })).body;
    groupB = (await scim(stack, 'POST', '/Groups', { token: tokenB, body: { displayName: 'globex-sales' } })).body;
  });

  /** Never a 403, never A's data in the answer. */
  function expectNoLeak(response: ScimResponse): void {
    expect(response.status).not.toBe(403);
    const text = JSON.stringify(response.body ?? '');
    for (const secret of secretsOfA) expect(text).not.toContain(secret);
  }

  it.each([
    ['GET a user', 'GET', () => `/Users/${userA.id}`],
    ['GET a group', 'GET', () => `/Groups/${groupA.id}`],
    ['PUT a user', 'PUT', () => `/Users/${userA.id}`],
    ['PUT a group', 'PUT', () => `/Groups/${groupA.id}`],
    ['PATCH a user', 'PATCH', () => `/Users/${userA.id}`],
    ['PATCH a group', 'PATCH', () => `/Groups/${groupA.id}`],
    ['DELETE a user', 'DELETE', () => `/Users/${userA.id}`],
    ['DELETE a group', 'DELETE', () => `/Groups/${groupA.id}`],
  ])("answers 404 to B's %s of A", async (_name, method, path) => {
    const bodies: Record<string, unknown> = {
      PUT: path().startsWith('/Users') ? { userName: 'taken-over' } : { displayName: 'taken-over' },
      PATCH: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: 'taken-over' }] },
    };
    const response = await scim(stack, method, path(), { token: tokenB, body: bodies[method] });
    expect(response.status).toBe(404);
    expectNoLeak(response);
  });

  it("finds none of A's resources in B's lists, filters, searches and totals", async () => {
    const queries = [
      '/Users',
      `/Users?filter=${encodeURIComponent('userName eq "alice.a@acme.example"')}`,
      `/Users?filter=${encodeURIComponent(`id eq "${userA.id}"`)}`,
      `/Users?filter=${encodeURIComponent('emails.value co "acme"')}`,
      `/Users?filter=${encodeURIComponent('externalId eq "ext-alice"')}`,
      `/Users?filter=${encodeURIComponent(`groups.value eq "${groupA.id}"`)}`,
      '/Groups',
      `/Groups?filter=${encodeURIComponent('displayName sw "acme"')}`,
      `/Groups?filter=${encodeURIComponent(`members.value eq "${userA.id}"`)}`,
    ];
    for (const query of queries) {
      const response = await scim(stack, 'GET', query, { token: tokenB });
      expect(response.status).toBe(200);
      expectNoLeak(response);
      const ids = response.body.Resources.map((r: { id: string }) => r.id);
      expect(ids).not.toContain(userA.id);
      expect(ids).not.toContain(groupA.id);
      expect(response.body.totalResults).toBe(ids.length);
    }
    const all = await scim(stack, 'GET', '/Users', { token: tokenB });
    expect(all.body.Resources.map((r: { id: string }) => r.id)).toEqual([userB.id]);

    const search = await scim(stack, 'POST', '/.search', { token: tokenB, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] } });
    expect(search.status).toBe(200);
    expect(search.body.totalResults).toBe(2);
    expectNoLeak(search);
    const usersSearch = await scim(stack, 'POST', '/Users/.search', { token: tokenB, body: { filter: 'userName sw "alice"' } });
    expect(usersSearch.body.totalResults).toBe(0);
  });

  it("walks B's users by cursor without A's, and refuses A's cursor", async () => {
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await scim(stack, 'GET', `/Users?count=1&cursor=${encodeURIComponent(cursor)}`, { token: tokenB });
      seen.push(...page.body.Resources.map((r: { id: string }) => r.id));
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    expect(seen).toEqual([userB.id]);

    await scim(stack, 'POST', '/Users', { body: { userName: 'second.a@acme.example' } });
    const pageOfA = await scim(stack, 'GET', '/Users?count=1&cursor=');
    expect(pageOfA.body.nextCursor).toBeTruthy();
    const stolen = await scim(stack, 'GET', `/Users?count=1&cursor=${encodeURIComponent(pageOfA.body.nextCursor)}`, { token: tokenB });
    expect(stolen.status).toBe(400);
    expect(stolen.body.scimType).toBe('invalidCursor');
  });

  it("refuses A's user as a member of B's groups (400), whichever way it is added", async () => {
    const attempts = [
      scim(stack, 'POST', '/Groups', { token: tokenB, body: { displayName: 'with-alien', members: [{ value: userA.id }] } }),
      scim(stack, 'PUT', `/Groups/${groupB.id}`, { token: tokenB, body: { displayName: 'globex-sales', members: [{ value: userA.id }] } }),
      scim(stack, 'PATCH', `/Groups/${groupB.id}`, {
        token: tokenB,
        body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: userA.id }] }] },
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(400);
      expectNoLeak(response);
    }
  });

  it("leaves A's resources as they were", async () => {
    const user = await scim(stack, 'GET', `/Users/${userA.id}`);
    expect(user.body).toMatchObject({ userName: 'alice.a@acme.example', meta: { version: 'W/"1"' }, groups: [{ value: groupA.id }] });
    const group = await scim(stack, 'GET', `/Groups/${groupA.id}`);
    expect(group.body).toMatchObject({ displayName: 'acme-engineering', members: [{ value: userA.id }] });
  });

  describe('over gRPC', () => {
    let readerOfB: string;
    let users: UserServiceClient;
    beforeAll(async () => {
      const request = { description: 'reader of B', access: Access.ACCESS_READ_WRITE, tenantIds: [B] };
      readerOfB = (await stack.operator.call(admin().createServiceCredential.bind(admin()), request)).secret ?? '';
      users = new UserServiceClient(stack.identity.address, credentials.createInsecure());
    });
    afterAll(() => users.close());

    const metadata = (key: string, tenant: string) => {
      const m = new Metadata();
      m.set('authorization', `Bearer ${key}`);
      m.set('x-tenant-id', tenant);
      return m;
    };
    const call = <Res>(invoke: (callback: (error: ServiceError | null, response: Res) => void) => void) =>
      new Promise<Res>((resolve, reject) => invoke((error, response) => (error ? reject(error) : resolve(response))));

    it("does not find A's user in tenant B, nor count it", async () => {
      await expect(call((cb) => users.getUser({ id: userA.id }, metadata(readerOfB, B), cb))).rejects.toMatchObject({ code: status.NOT_FOUND });
      const listed = await call<{ users?: Array<{ id?: string }>; totalResults?: number }>((cb) =>
        users.listUsers({ filter: 'userName sw "alice"' }, metadata(readerOfB, B), cb),
      );
      expect(listed.totalResults).toBe(0);
      await expect(call((cb) => users.deleteUser({ id: userA.id }, metadata(readerOfB, B), cb))).rejects.toMatchObject({ code: status.NOT_FOUND });
    });

    it('refuses a credential of B on tenant A with PERMISSION_DENIED, before looking anything up', async () => {
      const error = (await call((cb) => users.getUser({ id: userA.id }, metadata(readerOfB, TEST_TENANT), cb)).catch((e: ServiceError) => e)) as ServiceError;
      expect(error.code).toBe(status.PERMISSION_DENIED);
      expect(decodeStatusDetails(error.metadata)?.reason).toBe('PERMISSION_DENIED');
      expect(error.details).not.toContain('alice');
    });
  });
});

describe('the token lifecycle', () => {
  afterEach(() => {
    clockOffsetMs = 0;
  });

  it('refuses an expired token within the cache bound', async () => {
    const token = await issueToken(TEST_TENANT, 60);
    expect(await statusWith(token)).toBe(200);
    clockOffsetMs = 61_000;
    expect(await statusWithin(token, 401)).toBeLessThanOrEqual(AUTH_CACHE_MS + SLACK_MS);
  });

  it('stops a revoked token within AUTH_CACHE_MS', async () => {
    const token = await issueToken(TEST_TENANT);
    expect(await statusWith(token)).toBe(200);
    const tokenId = /^scim_([A-Za-z0-9]{12})_/.exec(token)?.[1];
    const revoked = await stack.operator.call(admin().revokeToken.bind(admin()), { tenantId: TEST_TENANT, tokenId });
    expect(revoked.token?.revokeTime).toBeInstanceOf(Date);
    const took = await statusWithin(token, 401);
    expect(took).toBeLessThanOrEqual(AUTH_CACHE_MS + SLACK_MS);
    expectUnauthenticated(await scim(stack, 'GET', '/Users', { token }));
  });

  it('revokes a leaked token found with no tenant beside it', async () => {
    const token = await issueToken(TEST_TENANT);
    const tokenId = token.split('_')[1];
    const revoked = await stack.operator.call(admin().revokeToken.bind(admin()), { tokenId });
    expect(revoked.token).toMatchObject({ id: tokenId, tenantId: TEST_TENANT });
    await statusWithin(token, 401);
  });

  it('rotates a token: both work during the overlap, then only the new one', async () => {
    const old = await issueToken(TEST_TENANT);
    const tokenId = old.split('_')[1];
    const rotated = await stack.operator.call(admin().rotateToken.bind(admin()), { tenantId: TEST_TENANT, tokenId, overlap: { seconds: 3600 } });
    const fresh = rotated.secret ?? '';
    expect(rotated.previousToken).toMatchObject({ id: tokenId, replacedByTokenId: rotated.token?.id });
    expect(await statusWith(old)).toBe(200);
    expect(await statusWith(fresh)).toBe(200);

    clockOffsetMs = 3601_000;
    await statusWithin(old, 401);
    expect(await statusWith(fresh)).toBe(200);

    const again = await stack.operator.call(admin().rotateToken.bind(admin()), { tenantId: TEST_TENANT, tokenId }).catch((e: ServiceError) => e);
    expect(again).toMatchObject({ code: status.FAILED_PRECONDITION });
  });

  it('ends the old token at once with a zero overlap', async () => {
    const old = await issueToken(TEST_TENANT);
    const rotated = await stack.operator.call(admin().rotateToken.bind(admin()), { tenantId: TEST_TENANT, tokenId: old.split('_')[1], overlap: { seconds: 0 } });
    await statusWithin(old, 401);
    expect(await statusWith(rotated.secret ?? '')).toBe(200);
  });

  it("stops a disabled tenant's tokens, keeps its data, and lets them work again once enabled", async () => {
    await createTenant('initech');
    const token = await issueToken('initech');
    const created = await scim(stack, 'POST', '/Users', { token, body: { userName: 'peter@initech.example' } });
    await stack.operator.call(admin().updateTenant.bind(admin()), { tenantId: 'initech', disabled: true });
    await statusWithin(token, 401);

    await stack.operator.call(admin().updateTenant.bind(admin()), { tenantId: 'initech', disabled: false });
    await statusWithin(token, 200);
    expect((await scim(stack, 'GET', `/Users/${created.body.id}`, { token })).status).toBe(200);
  });

  it('deletes a tenant with its data only when the id is confirmed', async () => {
    await createTenant('hooli');
    const token = await issueToken('hooli');
    await scim(stack, 'POST', '/Users', { token, body: { userName: 'gavin@hooli.example' } });
    const refused = await stack.operator.call(admin().deleteTenant.bind(admin()), { tenantId: 'hooli', confirmTenantId: 'hool' }).catch((e: ServiceError) => e);
    expect(refused).toMatchObject({ code: status.INVALID_ARGUMENT });
    const deleted = await stack.operator.call(admin().deleteTenant.bind(admin()), { tenantId: 'hooli', confirmTenantId: 'hooli' });
    expect(deleted).toEqual({ deletedUsers: 1, deletedGroups: 0, deletedTokens: 1 });
    await statusWithin(token, 401);
  });

  it('answers every kind of bad token with the same 401', async () => {
    const revoked = await issueToken(TEST_TENANT);
    await stack.operator.call(admin().revokeToken.bind(admin()), { tenantId: TEST_TENANT, tokenId: revoked.split('_')[1] });
    const wrongSecret = stack.token.slice(0, -4) + (stack.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const token of [null, 'garbage', 'scim_000000000000_' + 'x'.repeat(43), wrongSecret, revoked]) {
      expectUnauthenticated(await scim(stack, 'GET', '/Users', { token }));
    }
  });
});

describe('the tenant in the URL', () => {
  it('serves /tenants/{tenant}/scim/v2 for that tenant, with links in the same form', async () => {
    const base = `/tenants/${TEST_TENANT}/scim/v2`;
    const created = await scim(stack, 'POST', '/Users', { basePath: base, body: { userName: 'url-form@acme.example' } });
    expect(created.status).toBe(201);
    const expected = `${new URL(stack.baseUrl).origin}${base}/Users/${created.body.id}`;
    expect(created.headers.get('location')).toBe(expected);
    expect(created.body.meta.location).toBe(expected);
    const read = await scim(stack, 'GET', `/Users/${created.body.id}`, { basePath: base });
    expect(read.body.meta.location).toBe(expected);

    const plain = await scim(stack, 'GET', `/Users/${created.body.id}`);
    expect(plain.body.meta.location).toBe(`${stack.baseUrl}/Users/${created.body.id}`);
  });

  it("answers 401 when the URL names another tenant than the token's, existing or not", async () => {
    for (const tenant of ['globex', 'no-such-tenant']) {
      expectUnauthenticated(await scim(stack, 'GET', '/Users', { basePath: `/tenants/${tenant}/scim/v2` }));
    }
  });
});

describe('service credentials on gRPC', () => {
  let users: UserServiceClient;
  let auth: AuthServiceClient;
  beforeAll(() => {
    users = new UserServiceClient(stack.identity.address, credentials.createInsecure());
    auth = new AuthServiceClient(stack.identity.address, credentials.createInsecure());
  });
  afterAll(() => {
    users.close();
    auth.close();
  });

  const withKey = (key: string | undefined, tenant?: string) => {
    const m = new Metadata();
    if (key !== undefined) m.set('authorization', `Bearer ${key}`);
    if (tenant) m.set('x-tenant-id', tenant);
    return m;
  };
  const failure = (invoke: (cb: (error: ServiceError | null) => void) => void) =>
    new Promise<ServiceError>((resolve, reject) => invoke((error) => (error ? resolve(error) : reject(new Error('the call succeeded')))));
  const reasonOf = (error: ServiceError) => decodeStatusDetails(error.metadata)?.reason;
  const newCredential = async (access: Access, tenantIds: string[]) =>
    (await stack.operator.call(admin().createServiceCredential.bind(admin()), { description: 'test', access, tenantIds })).secret ?? '';

  it('refuses a call without a valid key with UNAUTHENTICATED (INVALID_CREDENTIAL)', async () => {
    for (const key of [undefined, 'sk_nope', `sk_AAAAAAAAAAAA_${'A'.repeat(43)}`, stack.adminKey.slice(0, -2) + 'xx']) {
      const error = await failure((cb) => users.listUsers({}, withKey(key, TEST_TENANT), cb));
      expect(error.code).toBe(status.UNAUTHENTICATED);
      expect(reasonOf(error)).toBe('INVALID_CREDENTIAL');
    }
  });

  it('checks the access level each RPC needs', async () => {
    const reader = await newCredential(Access.ACCESS_READ, [TEST_TENANT]);
    await new Promise<void>((resolve, reject) => users.listUsers({ count: 0 }, withKey(reader, TEST_TENANT), (e) => (e ? reject(e) : resolve())));
    const write = await failure((cb) => users.createUser({ user: { userName: 'by-reader' } }, withKey(reader, TEST_TENANT), cb));
    expect([write.code, reasonOf(write)]).toEqual([status.PERMISSION_DENIED, 'PERMISSION_DENIED']);
    const authenticate = await failure((cb) => auth.authenticateToken({ token: stack.token }, withKey(reader), cb));
    expect(authenticate.code).toBe(status.PERMISSION_DENIED);
    const adminCall = await failure((cb) => admin().listTenants({}, withKey(stack.adapterKey), {}, cb));
    expect(adminCall.code).toBe(status.PERMISSION_DENIED);
  });

  it('answers NOT_FOUND for a tenant that does not exist', async () => {
    const error = await failure((cb) => users.listUsers({}, withKey(stack.adminKey, 'no-such-tenant'), cb));
    expect(error.code).toBe(status.NOT_FOUND);
  });

  it('authenticates tokens for the adapter, the same error for every bad one', async () => {
    const ok = await new Promise<{ tenantId?: string; tokenId?: string }>((resolve, reject) =>
      auth.authenticateToken({ token: stack.token }, withKey(stack.adapterKey), (e, r) => (e ? reject(e) : resolve(r))),
    );
    expect(ok).toMatchObject({ tenantId: TEST_TENANT, tokenId: stack.token.split('_')[1] });
    for (const token of ['', 'nope', stack.token + 'x']) {
      const error = await failure((cb) => auth.authenticateToken({ token }, withKey(stack.adapterKey), cb));
      expect([error.code, reasonOf(error), error.details]).toEqual([status.UNAUTHENTICATED, 'UNAUTHENTICATED', 'Invalid token.']);
    }
  });

  it('stops a revoked credential at once on the replica that revoked it', async () => {
    const key = await newCredential(Access.ACCESS_READ, ['*']);
    await new Promise<void>((resolve, reject) => users.listUsers({ count: 0 }, withKey(key, TEST_TENANT), (e) => (e ? reject(e) : resolve())));
    await stack.operator.call(admin().revokeServiceCredential.bind(admin()), { credentialId: key.split('_')[1] });
    const error = await failure((cb) => users.listUsers({ count: 0 }, withKey(key, TEST_TENANT), cb));
    expect(reasonOf(error)).toBe('INVALID_CREDENTIAL');
  });
});

describe('the audit trail', () => {
  const events = async (filter: { resourceId?: string; tenantId?: string; resourceType?: string }) =>
    (await stack.operator.call(admin().listAuditEvents.bind(admin()), { tenantId: TEST_TENANT, ...filter })).events ?? [];

  it('records SCIM changes with the token as actor, attribute names only, the request id and the outcome', async () => {
    const password = 'Tr0ub4dor&3-audit';
    const created = await scim(stack, 'POST', '/Users', {
      body: { userName: 'audited@acme.example', password, name: { givenName: 'Audit' } },
      headers: { 'X-Request-Id': 'audit-create-1' },
    });
    const id = created.body.id as string;
    await scim(stack, 'PUT', `/Users/${id}`, { body: { userName: 'audited@acme.example', name: { givenName: 'Audit' }, active: false } });
    await scim(stack, 'PATCH', `/Users/${id}`, { body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: 'Audited' }] } });
    await scim(stack, 'POST', '/Users', { body: { userName: 'AUDITED@acme.example' } });
    await scim(stack, 'DELETE', `/Users/${id}`);

    const trail = await events({ resourceId: id });
    expect(trail.map((e) => [e.action, e.attributes, e.outcome])).toEqual([
      ['delete', [], AuditOutcome.AUDIT_OUTCOME_SUCCESS],
      ['patch', ['displayName'], AuditOutcome.AUDIT_OUTCOME_SUCCESS],
      ['replace', ['active'], AuditOutcome.AUDIT_OUTCOME_SUCCESS],
      ['create', ['userName', 'name', 'password'], AuditOutcome.AUDIT_OUTCOME_SUCCESS],
    ]);
    const tokenId = stack.token.split('_')[1];
    const adapterCredentialId = stack.adapterKey.split('_')[1];
    for (const event of trail) {
      expect(event).toMatchObject({ tenantId: TEST_TENANT, actor: `token:${tokenId}`, credentialId: adapterCredentialId, resourceType: 'User' });
      expect(event.sourceAddress).toMatch(/127\.0\.0\.1/);
      expect(JSON.stringify(AuditEvent.toJSON(event))).not.toContain(password);
    }
    expect(trail[3].requestId).toBe('audit-create-1');

    const failed = (await events({ resourceType: 'User' })).find((e) => e.outcome === AuditOutcome.AUDIT_OUTCOME_FAILURE && e.action === 'create');
    expect(failed).toMatchObject({ failureReason: 'UNIQUENESS', resourceId: '', attributes: [] });
  });

  it('records admin changes with the credential as actor, and pages newest first', async () => {
    await stack.operator.call(admin().updateTenant.bind(admin()), { tenantId: TEST_TENANT, displayName: 'Acme Corp' });
    const [latest] = await events({ resourceType: 'Tenant' });
    expect(latest).toMatchObject({ action: 'update', resourceId: TEST_TENANT, attributes: ['display_name'], actor: `credential:${stack.adminKey.split('_')[1]}` });

    const first = await stack.operator.call(admin().listAuditEvents.bind(admin()), { tenantId: TEST_TENANT, pageSize: 2 });
    const second = await stack.operator.call(admin().listAuditEvents.bind(admin()), { tenantId: TEST_TENANT, pageSize: 2, pageToken: first.nextPageToken });
    const ids = [...(first.events ?? []), ...(second.events ?? [])].map((e) => e.id ?? '');
    expect(ids).toHaveLength(4);
    expect([...ids].sort().reverse()).toEqual(ids);
  });

  it("records a direct gRPC change as its credential, whatever x-actor it claims, with the caller's trace id", async () => {
    const key = (await stack.operator.call(admin().createServiceCredential.bind(admin()), { description: 'hr sync', access: Access.ACCESS_READ_WRITE, tenantIds: [TEST_TENANT] })).secret ?? '';
    const users = new UserServiceClient(stack.identity.address, credentials.createInsecure());
    const m = new Metadata();
    m.set('authorization', `Bearer ${key}`);
    m.set('x-tenant-id', TEST_TENANT);
    m.set('x-actor', stack.token.split('_')[1]);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    m.set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
    const created = await new Promise<{ user?: { id?: string } }>((resolve, reject) =>
      users.createUser({ user: { userName: 'from-hr@acme.example' } }, m, (e, r) => (e ? reject(e) : resolve(r))),
    );
    users.close();
    const [event] = await events({ resourceId: created.user?.id });
    expect(event).toMatchObject({ action: 'create', actor: `credential:${key.split('_')[1]}`, credentialId: key.split('_')[1], traceId });
  });

  it("shows a tenant's trail only to credentials that hold the tenant", async () => {
    const key = (await stack.operator.call(admin().createServiceCredential.bind(admin()), { description: 'admin of B', access: Access.ACCESS_ADMIN, tenantIds: ['globex'] })).secret;
    const m = new Metadata();
    m.set('authorization', `Bearer ${key}`);
    const error = await new Promise<ServiceError | null>((resolve) => admin().listAuditEvents({ tenantId: TEST_TENANT }, m, {}, (e) => resolve(e)));
    expect(error?.code).toBe(status.PERMISSION_DENIED);
  });
});
