import { ERROR_SCHEMA, scim, startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

describe('RFC 7644 §2 authentication', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'wrong-token-0123456789abcdef'],
    ['a token that is a prefix of the right one', 'test-token'],
  ])('answers 401 with a SCIM error and WWW-Authenticate for %s', async (_case, token) => {
    const response = await scim(stack, 'GET', '/Users', { token });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="SCIM"');
    expect(response.body).toEqual({ schemas: [ERROR_SCHEMA], status: '401', detail: 'Invalid or missing bearer token.' });
  });

  it('accepts the bearer scheme in any case', async () => {
    const response = await scim(stack, 'GET', '/Users', { token: null, headers: { Authorization: `bearer ${stack.token}` } });
    expect(response.status).toBe(200);
  });

  it('answers /healthz without a token', async () => {
    const response = await fetch(stack.baseUrl.replace('/scim/v2', '/healthz'));
    expect(response.status).toBe(200);
  });
});

describe('RFC 7644 §3.12 errors for routes', () => {
  it('reads a doubled slash in the path as one (a base URL typed with a trailing slash)', async () => {
    const response = await scim(stack, 'GET', '//Users?count=0');
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBeGreaterThanOrEqual(0);
  });

  it('answers an unknown route with 404 and a SCIM error body', async () => {
    const inside = await scim(stack, 'GET', '/Widgets');
    expect(inside.status).toBe(404);
    expect(inside.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' });
    const outside = await fetch(stack.baseUrl.replace('/scim/v2', '/nowhere'));
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' });
  });

  it('answers an unsupported method with 405 and Allow', async () => {
    const response = await scim(stack, 'DELETE', '/Users');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(response.body.schemas).toEqual([ERROR_SCHEMA]);
  });

  it.each(['/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/User', '/Schemas', '/Schemas/urn:nope'])(
    'answers a write to the discovery endpoint %s with 405 and Allow: GET (RFC 7644 §4)',
    async (path) => {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const response = await scim(stack, method, path, { body: {} });
        expect({ method, status: response.status, allow: response.headers.get('allow') }).toEqual({ method, status: 405, allow: 'GET' });
        expect(response.body.schemas).toEqual([ERROR_SCHEMA]);
      }
    },
  );

  it('answers 503 with Retry-After, and no internals, when the identity service is down', async () => {
    await stack.identity.shutdown(100);
    try {
      const response = await scim(stack, 'GET', '/Users');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.body).toEqual({ schemas: [ERROR_SCHEMA], status: '503', detail: expect.any(String) });
    } finally {
      await stack.restartIdentity();
    }
    expect((await scim(stack, 'GET', '/Users')).status).toBe(200);
  });
});

describe('RFC 7644 §4 discovery', () => {
  it('describes the service provider configuration truthfully', async () => {
    const response = await scim(stack, 'GET', '/ServiceProviderConfig');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      filter: { supported: true, maxResults: 1000 },
      sort: { supported: true },
      // RFC 7644 §3.7.4. maxOperations is what the default write budget admits in one request (its burst, 500).
      bulk: { supported: true, maxOperations: 500, maxPayloadSize: 1048576 },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
      meta: { resourceType: 'ServiceProviderConfig', location: `${stack.baseUrl}/ServiceProviderConfig` },
    });
  });

  it('lists the User and Group resource types, with the enterprise extension', async () => {
    const response = await scim(stack, 'GET', '/ResourceTypes');
    expect(response.body.totalResults).toBe(2);
    const user = response.body.Resources.find((r: { id: string }) => r.id === 'User');
    expect(user).toMatchObject({
      endpoint: '/Users',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      schemaExtensions: [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }],
      meta: { location: `${stack.baseUrl}/ResourceTypes/User` },
    });
    expect((await scim(stack, 'GET', '/ResourceTypes/Group')).body.endpoint).toBe('/Groups');
  });

  it('serves every schema with each attribute\'s characteristics (RFC 7643 §7)', async () => {
    const response = await scim(stack, 'GET', '/Schemas');
    expect(response.body.Resources.map((s: { id: string }) => s.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    const user = await scim(stack, 'GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
    const userName = user.body.attributes.find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({ type: 'string', required: true, caseExact: false, uniqueness: 'server', mutability: 'readWrite', returned: 'default' });
    const password = user.body.attributes.find((a: { name: string }) => a.name === 'password');
    expect(password).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect((await scim(stack, 'GET', '/Schemas/urn:nope')).status).toBe(404);
  });
});

describe('durability', () => {
  it('keeps data across a restart of the identity service', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { userName: 'survivor', displayName: 'Still here' } });
    await stack.restartIdentity();
    const read = await scim(stack, 'GET', `/Users/${user.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(user);
    const duplicate = await scim(stack, 'POST', '/Users', { body: { userName: 'SURVIVOR' } });
    expect(duplicate.status).toBe(409);
  });
});
