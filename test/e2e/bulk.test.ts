/**
 * POST /Bulk (RFC 7644 §3.7) end to end: the RFC's examples with their own payloads,
 * bulkId references in every position, circular references, failOnErrors, the limits,
 * tenancy and retries. The retry after a crash of the identity service is in
 * bulk-crash.test.ts.
 */
import { status } from '@grpc/grpc-js';
import { BulkOperation_Method } from '../../proto/gen/openscim/identity/v1/bulk_service';
import { Access } from '../../proto/gen/openscim/identity/v1/tenancy';
import { channelCredentials } from '../../services/config/grpc-tls';
import { connectToIdentity } from '../../services/scimctl/identity-connection';
import { ENTERPRISE_SCHEMA, ERROR_SCHEMA, GROUP_SCHEMA, PATCH_OP_SCHEMA, scim, startStack, TEST_TENANT, USER_SCHEMA, type ScimResponse, type Stack } from '../support/stack';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ rateLimits: false });
});
afterAll(() => stack.stop());

const bulk = (body: unknown, basePath?: string) => scim(stack, 'POST', '/Bulk', { body, basePath });
const request = (operations: unknown[], extra: object = {}) => bulk({ schemas: [BULK_REQUEST], ...extra, Operations: operations });
const idOf = (location: string) => location.split('/').pop() as string;

interface OperationResponse {
  location?: string;
  method?: string;
  bulkId?: string;
  version?: string;
  status: string;
  response?: { schemas: string[]; status: string; scimType?: string; detail: string };
}

async function results(response: Promise<ScimResponse>): Promise<OperationResponse[]> {
  const answered = await response;
  expect(answered.status).toBe(200);
  expect(answered.body.schemas).toEqual([BULK_RESPONSE]);
  return answered.body.Operations;
}

async function newUser(body: object): Promise<{ id: string; meta: { version: string } }> {
  const created = await scim(stack, 'POST', '/Users', { body });
  expect(created.status).toBe(201);
  return created.body;
}

const memberIds = async (groupId: string) =>
  ((await scim(stack, 'GET', `/Groups/${groupId}`)).body.members ?? []).map((member: { value: string }) => member.value).sort();

const count = async (endpoint: string, filter: string) =>
  (await scim(stack, 'GET', `${endpoint}?count=0&filter=${encodeURIComponent(filter)}`)).body.totalResults as number;

describe('RFC 7644 §3.7.2 bulkId temporary identifiers', () => {
  it('creates Alice and the Tour Guides group with her as a member (the RFC example)', async () => {
    const operations = await results(
      request([
        { method: 'POST', path: '/Users', bulkId: 'qwerty', data: { schemas: [USER_SCHEMA], userName: 'Alice' } },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'ytrewq',
          data: { schemas: [GROUP_SCHEMA], displayName: 'Tour Guides', members: [{ type: 'User', value: 'bulkId:qwerty' }] },
        },
      ]),
    );
    expect(operations).toEqual([
      { location: expect.stringMatching(`^${stack.baseUrl}/Users/[0-9a-f-]{36}$`), method: 'POST', bulkId: 'qwerty', version: 'W/"1"', status: '201' },
      { location: expect.stringMatching(`^${stack.baseUrl}/Groups/[0-9a-f-]{36}$`), method: 'POST', bulkId: 'ytrewq', version: 'W/"1"', status: '201' },
    ]);
    const alice = idOf(operations[0].location!);
    const group = await scim(stack, 'GET', `/Groups/${idOf(operations[1].location!)}`);
    expect(group.body).toMatchObject({ displayName: 'Tour Guides', members: [{ value: alice, $ref: `${stack.baseUrl}/Users/${alice}`, type: 'User' }] });
    expect((await scim(stack, 'GET', `/Users/${alice}`)).body.userName).toBe('Alice');
  });

  it('replaces a reference in an extension: the enterprise manager (the RFC example)', async () => {
    const operations = await results(
      request([
        { method: 'POST', path: '/Users', bulkId: 'qwerty', data: { schemas: [USER_SCHEMA], userName: 'Alice-mgr' } },
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'ytrewq',
          data: {
            schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
            userName: 'Bob-mgr',
            [ENTERPRISE_SCHEMA]: { employeeNumber: '11250', manager: { value: 'bulkId:qwerty' } },
          },
        },
      ]),
    );
    expect(operations.map((operation) => operation.status)).toEqual(['201', '201']);
    const bob = await scim(stack, 'GET', `/Users/${idOf(operations[1].location!)}`);
    expect(bob.body[ENTERPRISE_SCHEMA]).toMatchObject({ employeeNumber: '11250', manager: { value: idOf(operations[0].location!) } });
  });

  it('runs a POST before the first operation that refers to it, whatever the order sent, and answers in request order', async () => {
    const operations = await results(
      request([
        { method: 'POST', path: '/Groups', bulkId: 'team', data: { displayName: 'Forward team', members: [{ value: 'bulkId:u1' }, { value: 'bulkId:u2' }] } },
        { method: 'PATCH', path: '/Groups/bulkId:team', data: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: 'Forward team 2' }] } },
        { method: 'POST', path: '/Users', bulkId: 'u1', data: { userName: 'forward-1' } },
        { method: 'POST', path: '/Users', bulkId: 'u2', data: { userName: 'forward-2' } },
      ]),
    );
    expect(operations.map((operation) => [operation.bulkId, operation.status])).toEqual([
      ['team', '201'],
      [undefined, '204'],
      ['u1', '201'],
      ['u2', '201'],
    ]);
    const group = idOf(operations[0].location!);
    expect(operations[1].location).toBe(`${stack.baseUrl}/Groups/${group}`);
    expect(await memberIds(group)).toEqual([idOf(operations[2].location!), idOf(operations[3].location!)].sort());
    expect((await scim(stack, 'GET', `/Groups/${group}`)).body.displayName).toBe('Forward team 2');
  });

  it('replaces references in paths, PATCH values, PATCH value filters and PUT bodies', async () => {
    const operations = await results(
      request([
        { method: 'POST', path: '/Users', bulkId: 'a', data: { userName: 'ref-a' } },
        { method: 'POST', path: '/Users', bulkId: 'b', data: { userName: 'ref-b' } },
        { method: 'POST', path: '/Users', bulkId: 'c', data: { userName: 'ref-c' } },
        { method: 'POST', path: '/Groups', bulkId: 'g', data: { displayName: 'Refs', members: [{ value: 'bulkId:a' }] } },
        // A PATCH value, and a value filter in a PATCH path.
        {
          method: 'PATCH',
          path: '/Groups/bulkId:g',
          data: {
            schemas: [PATCH_OP_SCHEMA],
            Operations: [
              { op: 'add', path: 'members', value: [{ value: 'bulkId:b' }, { value: 'bulkId:c' }] },
              { op: 'remove', path: 'members[value eq "bulkId:a"]' },
            ],
          },
        },
        // The manager as Entra sends it, a bare id, in a URN-qualified PATCH path.
        { method: 'PATCH', path: '/Users/bulkId:c', data: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: `${ENTERPRISE_SCHEMA}:manager`, value: 'bulkId:a' }] } },
        // A PUT body.
        { method: 'PUT', path: '/Users/bulkId:b', data: { userName: 'ref-b', [ENTERPRISE_SCHEMA]: { manager: { value: 'bulkId:c' } } } },
        { method: 'DELETE', path: '/Users/bulkId:a' },
      ]),
    );
    expect(operations.map((operation) => operation.status)).toEqual(['201', '201', '201', '201', '204', '200', '200', '204']);
    const [a, b, c, g] = operations.slice(0, 4).map((operation) => idOf(operation.location!));
    expect(await memberIds(g)).toEqual([b, c].sort());
    expect((await scim(stack, 'GET', `/Users/${c}`)).body[ENTERPRISE_SCHEMA].manager.value).toBe(a);
    expect((await scim(stack, 'GET', `/Users/${b}`)).body[ENTERPRISE_SCHEMA].manager.value).toBe(c);
    expect((await scim(stack, 'GET', `/Users/${a}`)).status).toBe(404);
    expect(operations[7].location).toBe(`${stack.baseUrl}/Users/${a}`);
  });
});

describe('RFC 7644 §3.7.1 circular references', () => {
  it('answers 409 for both groups of the RFC example and creates neither', async () => {
    const operations = await results(
      request([
        { method: 'POST', path: '/Groups', bulkId: 'qwerty', data: { schemas: [GROUP_SCHEMA], displayName: 'Group A', members: [{ type: 'Group', value: 'bulkId:ytrewq' }] } },
        { method: 'POST', path: '/Groups', bulkId: 'ytrewq', data: { schemas: [GROUP_SCHEMA], displayName: 'Group B', members: [{ type: 'Group', value: 'bulkId:qwerty' }] } },
      ]),
    );
    for (const [index, bulkId] of ['qwerty', 'ytrewq'].entries()) {
      expect(operations[index]).toEqual({
        method: 'POST',
        bulkId,
        status: '409',
        response: { schemas: [ERROR_SCHEMA], status: '409', detail: expect.stringContaining('circular reference (bulkId:qwerty → bulkId:ytrewq → bulkId:qwerty)') },
      });
    }
    expect(await count('/Groups', 'displayName eq "Group A" or displayName eq "Group B"')).toBe(0);
  });

  it('treats a reference to itself as a cycle, fails what refers to a cycle with 409, and runs the rest', async () => {
    const operations = await results(
      request([
        { method: 'POST', path: '/Users', bulkId: 'self', data: { userName: 'narcissus', [ENTERPRISE_SCHEMA]: { manager: { value: 'bulkId:self' } } } },
        { method: 'POST', path: '/Groups', bulkId: 'fans', data: { displayName: 'Fans', members: [{ value: 'bulkId:self' }] } },
        { method: 'POST', path: '/Users', bulkId: 'bystander', data: { userName: 'bystander' } },
      ]),
    );
    expect(operations.map((operation) => operation.status)).toEqual(['409', '409', '201']);
    expect(operations[0].response?.detail).toContain('bulkId:self → bulkId:self');
    expect(operations[1].response?.detail).toContain('circular reference');
  });

  it('fails a reference to a failed POST, or to no POST at all, with 409 saying why', async () => {
    const operations = await results(
      request([
        { method: 'POST', path: '/Users', bulkId: 'broken', data: { displayName: 'No userName' } },
        { method: 'POST', path: '/Groups', bulkId: 'g', data: { displayName: 'Depends on broken', members: [{ value: 'bulkId:broken' }] } },
        { method: 'DELETE', path: '/Users/bulkId:nobody' },
      ]),
    );
    expect(operations.map((operation) => operation.status)).toEqual(['400', '409', '409']);
    expect(operations[1].response?.detail).toMatch(/Operation 1, the POST with bulkId "broken", failed/);
    expect(operations[2].response?.detail).toMatch(/No POST operation of this request has bulkId "nobody"/);
    expect(operations[0]).not.toHaveProperty('location');
    expect(operations[1]).not.toHaveProperty('location');
    expect(operations[2]).not.toHaveProperty('location');
  });
});

describe('RFC 7644 §3.7.3 response and error handling', () => {
  async function existingUsers() {
    const bob = await newUser({ userName: `bob-${Math.random()}` });
    const dave = await newUser({ userName: `dave-${Math.random()}`, nickName: 'Davy' });
    const eve = await newUser({ userName: `eve-${Math.random()}` });
    return { bob, dave, eve };
  }

  /** The RFC example's four operations on existing users; versions as given, unless told. */
  function rfcOperations(users: Awaited<ReturnType<typeof existingUsers>>, aliceName: string, versions = users) {
    return [
      // The RFC's example sends this schema URN (a typo for the core User schema): unknown URNs are ignored.
      { method: 'POST', path: '/Users', bulkId: 'qwerty', data: { schemas: ['urn:ietf:params:scim:api:messages:2.0:User'], userName: aliceName } },
      { method: 'PUT', path: `/Users/${users.bob.id}`, version: versions.bob.meta.version, data: { schemas: [USER_SCHEMA], id: users.bob.id, userName: `${aliceName}-bob` } },
      // As in the RFC's example, PATCH data is the bare array of operations.
      { method: 'PATCH', path: `/Users/${users.dave.id}`, version: versions.dave.meta.version, data: [{ op: 'remove', path: 'nickName' }, { op: 'add', path: 'userName', value: `${aliceName}-dave` }] },
      { method: 'DELETE', path: `/Users/${users.eve.id}`, version: versions.eve.meta.version },
    ];
  }

  it('adds, updates and removes users with versions, failOnErrors 1 (the RFC example)', async () => {
    const users = await existingUsers();
    const operations = await results(request(rfcOperations(users, 'alice-3.7.3'), { failOnErrors: 1 }));
    expect(operations).toEqual([
      { location: expect.stringContaining('/Users/'), method: 'POST', bulkId: 'qwerty', version: 'W/"1"', status: '201' },
      { location: `${stack.baseUrl}/Users/${users.bob.id}`, method: 'PUT', version: 'W/"2"', status: '200' },
      { location: `${stack.baseUrl}/Users/${users.dave.id}`, method: 'PATCH', version: 'W/"2"', status: '200' },
      { location: `${stack.baseUrl}/Users/${users.eve.id}`, method: 'DELETE', status: '204' },
    ]);
    const dave = (await scim(stack, 'GET', `/Users/${users.dave.id}`)).body;
    expect(dave.userName).toBe('alice-3.7.3-dave');
    expect(dave).not.toHaveProperty('nickName');
    expect((await scim(stack, 'GET', `/Users/${users.eve.id}`)).status).toBe(404);
  });

  it('stops at the first error with failOnErrors 1, reporting only what ran (the RFC example)', async () => {
    const users = await existingUsers();
    const [post, ...rest] = rfcOperations(users, 'alice-fail');
    const operations = await results(request([{ method: post.method, path: post.path, bulkId: post.bulkId }, ...rest], { failOnErrors: 1 }));
    expect(operations).toEqual([
      {
        method: 'POST',
        bulkId: 'qwerty',
        status: '400',
        response: { schemas: [ERROR_SCHEMA], scimType: 'invalidSyntax', detail: expect.any(String), status: '400' },
      },
    ]);
    expect((await scim(stack, 'GET', `/Users/${users.bob.id}`)).body.meta.version).toBe('W/"1"');
    expect((await scim(stack, 'GET', `/Users/${users.eve.id}`)).status).toBe(200);
  });

  it('runs every operation without failOnErrors, each failing alone (the RFC example where all fail)', async () => {
    const users = await existingUsers();
    const stale = { bob: { ...users.bob, meta: { version: 'W/"9"' } }, dave: { ...users.dave, meta: { version: 'W/"9"' } }, eve: users.eve };
    const [post, put, patch] = rfcOperations(users, 'alice-all-fail', stale);
    const operations = await results(
      request([{ method: post.method, path: post.path, bulkId: post.bulkId }, put, patch, { method: 'DELETE', path: '/Users/b7c14771-226c-4d05-8860-134711653041' }]),
    );
    expect(operations.map((operation) => [operation.method, operation.status, operation.response?.status])).toEqual([
      ['POST', '400', '400'],
      ['PUT', '412', '412'],
      ['PATCH', '412', '412'],
      ['DELETE', '404', '404'],
    ]);
    expect(operations[1]).toMatchObject({ location: `${stack.baseUrl}/Users/${users.bob.id}`, response: { schemas: [ERROR_SCHEMA] } });
    expect(operations[3].location).toBe(`${stack.baseUrl}/Users/b7c14771-226c-4d05-8860-134711653041`);
    expect((await scim(stack, 'GET', `/Users/${users.dave.id}`)).body.nickName).toBe('Davy');
  });

  it.each([
    [1, ['404']],
    [0, ['404']],
    [2, ['404', '201', '404']],
  ])('with failOnErrors %s, stops once that many operations failed; the rest neither run nor appear', async (failOnErrors, statuses) => {
    const tag = `foe-${failOnErrors}`;
    const operations = await results(
      request(
        [
          { method: 'DELETE', path: '/Users/missing-1' },
          { method: 'POST', path: '/Users', bulkId: 'one', data: { userName: `${tag}-one` } },
          { method: 'DELETE', path: '/Users/missing-2' },
          { method: 'POST', path: '/Users', bulkId: 'two', data: { userName: `${tag}-two` } },
        ],
        { failOnErrors },
      ),
    );
    expect(operations.map((operation) => operation.status)).toEqual(statuses);
    expect(await count('/Users', `userName sw "${tag}-"`)).toBe(statuses.filter((status) => status === '201').length);
  });

  it('runs creates side by side only where the order cannot matter: of two users with one userName, the first wins', async () => {
    for (let round = 0; round < 5; round++) {
      const users = Array.from({ length: 20 }, (_, i) => ({ method: 'POST', path: '/Users', bulkId: `p${i}`, data: { userName: `side-${round}-${i}` } }));
      const twin = { method: 'POST', path: '/Users', bulkId: 'twin', data: { userName: `SIDE-${round}-3` } };
      const statuses = (await results(request([...users, twin]))).map((operation) => operation.status);
      expect(statuses).toEqual([...Array(20).fill('201'), '409']);
    }
  });

  it('reports uniqueness, validation and version failures with the status and scimType of a single request', async () => {
    const taken = await newUser({ userName: 'taken-in-bulk' });
    const operations = await results(
      request([
        { method: 'POST', path: '/Users', bulkId: 'dup', data: { userName: 'TAKEN-in-bulk' } },
        { method: 'PATCH', path: `/Users/${taken.id}`, data: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'remove' }] } },
        { method: 'PATCH', path: `/Users/${taken.id}`, version: 'W/"7"', data: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } },
        { method: 'PUT', path: `/Users/${taken.id}`, version: taken.meta.version, data: { userName: 'taken-in-bulk', title: 'Boss' } },
      ]),
    );
    expect(operations.map((operation) => [operation.status, operation.response?.scimType])).toEqual([
      ['409', 'uniqueness'],
      ['400', 'noTarget'],
      ['412', undefined],
      ['200', undefined],
    ]);
    expect(operations[3].version).toBe('W/"2"');
  });
});

describe('malformed bulk requests and operations', () => {
  it.each([
    ['a body that is not an object', []],
    ['no Operations', { schemas: [BULK_REQUEST] }],
    ['Operations that is not an array', { schemas: [BULK_REQUEST], Operations: 'all of them' }],
    ['schemas that is not an array', { schemas: BULK_REQUEST, Operations: [] }],
  ])('refuses %s with 400 invalidSyntax', async (_case, body) => {
    const response = await bulk(body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidSyntax' });
  });

  it.each([-1, 1.5, 'one'])('refuses failOnErrors %p with 400 invalidValue', async (failOnErrors) => {
    const response = await request([], { failOnErrors });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });

  it('answers an empty request with no results, and other methods on /Bulk with 405', async () => {
    expect(await results(request([]))).toEqual([]);
    const get = await scim(stack, 'GET', '/Bulk');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('fails each malformed operation alone, with the status a single request would get', async () => {
    const user = await newUser({ userName: 'malformed-target' });
    const operations = await results(
      request([
        { method: 'GET', path: `/Users/${user.id}` },
        'not an operation',
        { method: 'DELETE' },
        { method: 'POST', path: `/Users/${user.id}`, bulkId: 'x', data: { userName: 'x' } },
        { method: 'DELETE', path: '/Users' },
        { method: 'DELETE', path: '/Widgets/1' },
        { method: 'PUT', path: `/Users/${user.id}` },
        { method: 'POST', path: '/users', bulkId: 'lower', data: { userName: 'lower-case-endpoint' } },
        { method: 'POST', path: 'Groups', bulkId: 'same', data: { displayName: 'First same' } },
        { method: 'POST', path: '/Groups', bulkId: 'same', data: { displayName: 'Second same' } },
      ]),
    );
    expect(operations.map((operation) => [operation.method, operation.status, operation.response?.scimType])).toEqual([
      [undefined, '400', 'invalidSyntax'],
      [undefined, '400', 'invalidSyntax'],
      ['DELETE', '400', 'invalidValue'],
      ['POST', '400', 'invalidValue'],
      ['DELETE', '400', 'invalidValue'],
      ['DELETE', '404', undefined],
      ['PUT', '400', 'invalidSyntax'],
      ['POST', '201', undefined],
      ['POST', '201', undefined],
      ['POST', '400', 'invalidValue'],
    ]);
    expect(operations[9].response?.detail).toContain('already the bulkId of operation 9');
    // RFC 7644 §3.7.3: every result has a location but a failed POST's.
    expect(operations.map((operation) => operation.location !== undefined)).toEqual([false, false, false, false, false, false, true, true, true, false]);
    expect(operations[6].location).toBe(`${stack.baseUrl}/Users/${user.id}`);
    expect((await scim(stack, 'GET', `/Users/${user.id}`)).status).toBe(200);
  });
});

describe('RFC 7644 §3.7.4 maximum operations and payload', () => {
  it('advertises bulk with its limits in ServiceProviderConfig', async () => {
    const response = await scim(stack, 'GET', '/ServiceProviderConfig');
    expect(response.body.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
  });

  // Operations that fail before touching the store keep these tests fast on every store.
  const cheap = (n: number) => Array.from({ length: n }, () => ({ method: 'GET', path: '/Users/x' }));

  it('accepts maxOperations operations and answers 413 naming the limit beyond it, running none', async () => {
    expect(await results(request(cheap(1000)))).toHaveLength(1000);
    const over = await request([...cheap(1000), { method: 'POST', path: '/Users', bulkId: 'late', data: { userName: 'over-the-limit' } }]);
    expect(over.status).toBe(413);
    expect(over.body).toEqual({ schemas: [ERROR_SCHEMA], status: '413', detail: 'The number of operations exceeds the maxOperations (1000).' });
    expect(await count('/Users', 'userName eq "over-the-limit"')).toBe(0);
  });

  it('reads bodies up to maxPayloadSize whatever MAX_BODY_BYTES says, and answers 413 naming the limit beyond it', async () => {
    // The stack's MAX_BODY_BYTES is 64 KiB: a single request this large is refused.
    const padded = (bytes: number) => ({ schemas: [BULK_REQUEST], Operations: [], padding: 'x'.repeat(bytes) });
    expect((await bulk(padded(500_000))).status).toBe(200);
    const over = await bulk(padded(1024 * 1024));
    expect(over.status).toBe(413);
    expect(over.body).toEqual({ schemas: [ERROR_SCHEMA], status: '413', detail: 'The size of the bulk operation exceeds the maxPayloadSize (1048576).' });
  });
});

describe('bulk requests and rate limits', () => {
  let limited: Stack;
  beforeAll(async () => {
    const config = { enabled: true, backend: 'memory' as const, mongodbDb: 'x', tenants: {}, authFailures: 20 };
    limited = await startStack({
      rateLimits: { ...config, tenant: { reads: { perSecond: 100, burst: 100 }, writes: { perSecond: 2, burst: 10 } }, token: { perSecond: 100, burst: 100 } },
    });
  });
  afterAll(() => limited.stop());

  const cheap = (n: number) => Array.from({ length: n }, () => ({ method: 'GET', path: '/Users/x' }));
  const post = (operations: unknown[]) => scim(limited, 'POST', '/Bulk', { body: { schemas: [BULK_REQUEST], Operations: operations } });

  it('lowers maxOperations to what the write budget admits, says so, and spends one write per operation', async () => {
    expect((await scim(limited, 'GET', '/ServiceProviderConfig')).body.bulk.maxOperations).toBe(10);
    const over = await post(cheap(11));
    expect(over.status).toBe(413);
    expect(over.body.detail).toBe('The number of operations exceeds the maxOperations (10).');
    expect((await post(cheap(10))).status).toBe(200);
    // The burst is spent: of three writes, which a fresh budget would all admit, one waits, with Retry-After.
    const next: ScimResponse[] = [];
    for (let i = 0; i < 3; i++) next.push(await scim(limited, 'POST', '/Users', { body: { userName: `after-the-bulk-${i}` } }));
    const refused = next.find((response) => response.status === 429);
    expect(refused).toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('bulk requests and tenants', () => {
  it('runs in the token\'s tenant only, and links follow the base URL the client used', async () => {
    const admin = stack.operator.admin;
    await stack.operator.call(admin.createTenant.bind(admin), { tenantId: 'bulk-other' });
    const other = (await stack.operator.call(admin.createToken.bind(admin), { tenantId: 'bulk-other', description: 'other' })).secret ?? '';
    const mine = await newUser({ userName: 'tenant-mine' });
    const theirs = await scim(stack, 'POST', '/Bulk', {
      token: other,
      body: {
        schemas: [BULK_REQUEST],
        Operations: [
          { method: 'DELETE', path: `/Users/${mine.id}` },
          { method: 'PATCH', path: `/Users/${mine.id}`, data: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'title', value: 'x' }] } },
          { method: 'POST', path: '/Groups', bulkId: 'g', data: { displayName: 'Reaching over', members: [{ value: mine.id }] } },
        ],
      },
    });
    expect(theirs.body.Operations.map((operation: OperationResponse) => operation.status)).toEqual(['404', '404', '400']);
    expect((await scim(stack, 'GET', `/Users/${mine.id}`)).body.meta.version).toBe('W/"1"');

    const wrongUrl = await scim(stack, 'POST', '/Bulk', { token: other, basePath: `/tenants/${TEST_TENANT}/scim/v2`, body: { Operations: [] } });
    expect(wrongUrl.status).toBe(401);
    const viaTenantUrl = await results(
      bulk({ Operations: [{ method: 'POST', path: '/Users', bulkId: 'u', data: { userName: 'tenant-url' } }] }, `/tenants/${TEST_TENANT}/scim/v2`),
    );
    expect(viaTenantUrl[0].location).toMatch(new RegExp(`/tenants/${TEST_TENANT}/scim/v2/Users/[0-9a-f-]{36}$`));
  });

  it('needs read-write access over gRPC: a read-only credential is refused', async () => {
    const admin = stack.operator.admin;
    const credential = { description: 'reader', access: Access.ACCESS_READ, tenantIds: [TEST_TENANT] };
    const reader = (await stack.operator.call(admin.createServiceCredential.bind(admin), credential)).secret ?? '';
    const connection = connectToIdentity({ address: stack.identity.address, apiKey: reader, credentials: channelCredentials(), deadlineMs: 5000 });
    try {
      const operations = [{ method: BulkOperation_Method.METHOD_POST, path: '/Users', data: { userName: 'by-a-reader' } }];
      const call = connection.call(connection.bulk.executeBulk.bind(connection.bulk), { operations }, TEST_TENANT);
      await expect(call).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    } finally {
      connection.close();
    }
    expect(await count('/Users', 'userName eq "by-a-reader"')).toBe(0);
  });
});

describe('retrying a bulk request', () => {
  it('creates nothing twice: a POST an earlier attempt applied is reported as created, with the same resource', async () => {
    const operations = [
      { method: 'POST', path: '/Users', bulkId: 'u', data: { userName: 'retried-user' } },
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { displayName: 'Retried group', members: [{ value: 'bulkId:u' }] } },
      { method: 'PATCH', path: '/Groups/bulkId:g', data: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: 'bulkId:u' }] }] } },
    ];
    const first = await results(request(operations));
    const second = await results(request(operations));
    expect(second.map((operation) => [operation.location, operation.status])).toEqual(first.map((operation) => [operation.location, operation.status]));
    expect(await count('/Groups', 'displayName eq "Retried group"')).toBe(1);
    expect(await count('/Users', 'userName eq "retried-user"')).toBe(1);
    expect(await memberIds(idOf(first[1].location!))).toEqual([idOf(first[0].location!)]);
    // A request that differs is another request: its POST of the same group is a new group.
    const other = await results(request([{ ...operations[1], bulkId: 'g2', data: { displayName: 'Retried group' } }]));
    expect(other[0].status).toBe('201');
    expect(await count('/Groups', 'displayName eq "Retried group"')).toBe(2);
  });
});
