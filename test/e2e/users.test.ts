import { ENTERPRISE_SCHEMA, ERROR_SCHEMA, scim, startStack, USER_SCHEMA, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

const bjensen = {
  schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
  userName: 'bjensen@example.com',
  externalId: 'okta-00u1',
  name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Ms. Barbara J Jensen III' },
  displayName: 'Babs Jensen',
  active: true,
  password: 't1meMa$heen',
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', country: 'US' }],
  [ENTERPRISE_SCHEMA]: { employeeNumber: '701984', department: 'Tour Operations', manager: { value: 'boss-id' } },
};

describe('RFC 7644 §3.3 creating resources', () => {
  it('answers 201 with the resource, a Location header, meta and an ETag', async () => {
    const created = await scim(stack, 'POST', '/Users', { body: bjensen });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain('application/scim+json');
    const user = created.body;
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('location')).toBe(`${stack.baseUrl}/Users/${user.id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(user.meta).toEqual({
      resourceType: 'User',
      created: expect.any(String),
      lastModified: user.meta.created,
      version: 'W/"1"',
      location: `${stack.baseUrl}/Users/${user.id}`,
    });
    expect(user.schemas).toEqual([USER_SCHEMA, ENTERPRISE_SCHEMA]);
    expect(user.userName).toBe('bjensen@example.com');
    expect(user.name).toEqual(bjensen.name);
    expect(user.emails).toEqual(bjensen.emails);
    expect(user.addresses).toEqual(bjensen.addresses);
    expect(user[ENTERPRISE_SCHEMA]).toEqual({
      employeeNumber: '701984',
      department: 'Tour Operations',
      manager: { value: 'boss-id', $ref: `${stack.baseUrl}/Users/boss-id` },
    });
  });

  it('never returns the password (RFC 7643 §4.1.1: returned "never")', async () => {
    const created = await scim(stack, 'POST', '/Users', { body: { userName: 'pw-user', password: 'S3cret!pass' } });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('S3cret');
    const read = await scim(stack, 'GET', `/Users/${created.body.id}`);
    expect(JSON.stringify(read.body)).not.toContain('S3cret');
    expect(read.body).not.toHaveProperty('password');
  });

  it('reads attribute names case-insensitively and returns the canonical spelling (RFC 7643 §2.1)', async () => {
    const created = await scim(stack, 'POST', '/Users', {
      body: { USERNAME: 'CaseUser', Name: { GIVENNAME: 'Case' }, Emails: [{ VALUE: 'c@x.com', Primary: 'True' }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.userName).toBe('CaseUser');
    expect(created.body.name).toEqual({ givenName: 'Case' });
    expect(created.body.emails).toEqual([{ value: 'c@x.com', primary: true }]);
  });

  it('ignores id, meta, groups and unknown attributes sent by the client', async () => {
    const created = await scim(stack, 'POST', '/Users', {
      body: {
        schemas: [USER_SCHEMA, 'urn:vendor:unknown'],
        id: 'client-chosen',
        meta: { version: 'W/"99"' },
        groups: [{ value: 'g1' }],
        userName: 'ignore-me',
        favouriteColour: 'blue',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe('client-chosen');
    expect(created.body.meta.version).toBe('W/"1"');
    expect(created.body).not.toHaveProperty('groups');
    expect(created.body).not.toHaveProperty('favouriteColour');
  });

  it('accepts application/json (Okta) and a body with no content type', async () => {
    const json = await scim(stack, 'POST', '/Users', { body: { userName: 'okta-json' }, headers: { 'Content-Type': 'application/json' } });
    expect(json.status).toBe(201);
    const none = await fetch(`${stack.baseUrl}/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.token}` },
      body: JSON.stringify({ userName: 'no-content-type' }),
    });
    expect(none.status).toBe(201);
  });

  it('refuses a userName that differs only in case with 409 uniqueness (RFC 7643 §4.1.1)', async () => {
    await scim(stack, 'POST', '/Users', { body: { userName: 'Alice@Example.com' } });
    const duplicate = await scim(stack, 'POST', '/Users', { body: { userName: 'alice@example.COM' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ schemas: [ERROR_SCHEMA], status: '409', scimType: 'uniqueness', detail: expect.any(String) });
  });

  it('refuses a missing userName with 400 invalidValue', async () => {
    const missing = await scim(stack, 'POST', '/Users', { body: { displayName: 'No Name' } });
    expect(missing.status).toBe(400);
    expect(missing.body.scimType).toBe('invalidValue');
    expect(missing.body.status).toBe('400');
  });

  it.each([
    ['a number for a string', { userName: 'typed', displayName: { nested: true } }],
    ['a string for a boolean', { userName: 'typed', active: 'yes' }],
    ['an object for a multi-valued attribute item', { userName: 'typed', emails: ['not-an-object'] }],
    ['an array for a single-valued attribute', { userName: ['a', 'b'] }],
    ['two primary emails', { userName: 'typed', emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: true }] }],
  ])('refuses %s with 400 invalidValue', async (_case, body) => {
    const response = await scim(stack, 'POST', '/Users', { body });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });

  it('refuses malformed JSON with 400 invalidSyntax', async () => {
    const response = await scim(stack, 'POST', '/Users', { raw: '{"userName": "x",', headers: { 'Content-Type': 'application/scim+json' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [ERROR_SCHEMA], scimType: 'invalidSyntax' });
  });

  it('refuses a JSON body that is not an object with 400 invalidSyntax', async () => {
    const response = await scim(stack, 'POST', '/Users', { body: ['userName'] });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidSyntax');
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await scim(stack, 'POST', '/Users', { body: { userName: 'big', displayName: 'x'.repeat(70 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.body.schemas).toEqual([ERROR_SCHEMA]);
  });
});

describe('RFC 7644 §3.4.1 retrieving a known resource', () => {
  it('returns the user with an ETag, and 304 when If-None-Match matches (§3.14)', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { userName: 'etag-user' } });
    const read = await scim(stack, 'GET', `/Users/${user.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(user);
    expect(read.headers.get('etag')).toBe('W/"1"');
    const notModified = await fetch(`${stack.baseUrl}/Users/${user.id}`, {
      headers: { Authorization: `Bearer ${stack.token}`, 'If-None-Match': 'W/"1"' },
    });
    expect(notModified.status).toBe(304);
    const changed = await scim(stack, 'GET', `/Users/${user.id}`, { headers: { 'If-None-Match': 'W/"7"' } });
    expect(changed.status).toBe(200);
  });

  it('answers 404 with a SCIM error for an unknown id', async () => {
    const response = await scim(stack, 'GET', '/Users/no-such-id');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ schemas: [ERROR_SCHEMA], status: '404', detail: expect.any(String) });
  });

  it('projects with attributes and excludedAttributes (§3.9)', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { ...bjensen, userName: 'projected', externalId: 'p1' } });
    const only = await scim(stack, 'GET', `/Users/${user.id}?attributes=userName,name.givenName`);
    expect(only.body).toEqual({ schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA], id: user.id, userName: 'projected', name: { givenName: 'Barbara' } });
    const without = await scim(stack, 'GET', `/Users/${user.id}?excludedAttributes=emails,meta,${ENTERPRISE_SCHEMA}:department`);
    expect(without.body).not.toHaveProperty('emails');
    expect(without.body).not.toHaveProperty('meta');
    expect(without.body.id).toBe(user.id);
    expect(without.body[ENTERPRISE_SCHEMA]).not.toHaveProperty('department');
    expect(without.body[ENTERPRISE_SCHEMA].employeeNumber).toBe('701984');
  });
});

describe('RFC 7644 §3.4.2 listing', () => {
  it('pages with startIndex and count, counting totals before paging', async () => {
    const all = await scim(stack, 'GET', '/Users?count=1000');
    const total = all.body.totalResults;
    expect(total).toBeGreaterThan(3);
    expect(all.body.Resources).toHaveLength(total);
    const page = await scim(stack, 'GET', '/Users?startIndex=2&count=2');
    expect(page.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: total, startIndex: 2, itemsPerPage: 2 });
    expect(page.body.Resources.map((u: { id: string }) => u.id)).toEqual(all.body.Resources.slice(1, 3).map((u: { id: string }) => u.id));
  });

  it('reads count=0 as totals only, a negative count as 0, and startIndex below 1 as 1 (§3.4.2.4)', async () => {
    const totals = await scim(stack, 'GET', '/Users?count=0');
    expect(totals.body.itemsPerPage).toBe(0);
    expect(totals.body.Resources).toEqual([]);
    expect(totals.body.totalResults).toBeGreaterThan(0);
    const negative = await scim(stack, 'GET', '/Users?count=-5&startIndex=-3');
    expect(negative.body).toMatchObject({ itemsPerPage: 0, startIndex: 1 });
  });

  it('refuses a non-numeric count with 400 invalidValue', async () => {
    const response = await scim(stack, 'GET', '/Users?count=ten');
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });
});

describe('RFC 7644 §3.5.1 replacing with PUT', () => {
  it('replaces the whole state: unsent attributes are cleared, readOnly ones ignored, the version changes', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { ...bjensen, userName: 'replace-me', externalId: 'r1' } });
    // Okta sends back what it read, id, meta and groups included.
    const replaced = await scim(stack, 'PUT', `/Users/${user.id}`, {
      body: { ...user, displayName: 'Barbara J.', emails: undefined, [ENTERPRISE_SCHEMA]: undefined, meta: { version: 'W/"42"' } },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.displayName).toBe('Barbara J.');
    expect(replaced.body).not.toHaveProperty('emails');
    expect(replaced.body).not.toHaveProperty(ENTERPRISE_SCHEMA);
    expect(replaced.body.schemas).toEqual([USER_SCHEMA]);
    expect(replaced.body.meta.version).toBe('W/"2"');
    expect(replaced.headers.get('etag')).toBe('W/"2"');
    expect(replaced.body.meta.created).toBe(user.meta.created);
    const read = await scim(stack, 'GET', `/Users/${user.id}`);
    expect(read.body).toEqual(replaced.body);
  });

  it('checks If-Match: a stale version is 412 and changes nothing (§3.14)', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { userName: 'if-match' } });
    const stale = await scim(stack, 'PUT', `/Users/${user.id}`, { body: { userName: 'if-match', title: 'x' }, headers: { 'If-Match': 'W/"5"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.schemas).toEqual([ERROR_SCHEMA]);
    const fresh = await scim(stack, 'PUT', `/Users/${user.id}`, { body: { userName: 'if-match', title: 'y' }, headers: { 'If-Match': 'W/"1"' } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.title).toBe('y');
  });

  it('refuses to take another user\'s userName with 409, leaving both unchanged', async () => {
    const { body: a } = await scim(stack, 'POST', '/Users', { body: { userName: 'put-a' } });
    const { body: b } = await scim(stack, 'POST', '/Users', { body: { userName: 'put-b' } });
    const clash = await scim(stack, 'PUT', `/Users/${b.id}`, { body: { userName: 'PUT-A' } });
    expect(clash.status).toBe(409);
    expect(clash.body.scimType).toBe('uniqueness');
    expect((await scim(stack, 'GET', `/Users/${b.id}`)).body).toEqual(b);
    expect((await scim(stack, 'GET', `/Users/${a.id}`)).body).toEqual(a);
  });

  it('lets a user change the case of its own userName', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { userName: 'recase' } });
    const replaced = await scim(stack, 'PUT', `/Users/${user.id}`, { body: { userName: 'ReCase' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.userName).toBe('ReCase');
  });

  it('answers 404 for an unknown id and 400 for a missing userName', async () => {
    expect((await scim(stack, 'PUT', '/Users/nope', { body: { userName: 'x' } })).status).toBe(404);
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { userName: 'put-required' } });
    const missing = await scim(stack, 'PUT', `/Users/${user.id}`, { body: { displayName: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.scimType).toBe('invalidValue');
  });
});

describe('RFC 7644 §3.6 deleting', () => {
  it('answers 204, then 404 on GET and on a second DELETE', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { userName: 'delete-me' } });
    const deleted = await scim(stack, 'DELETE', `/Users/${user.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await scim(stack, 'GET', `/Users/${user.id}`)).status).toBe(404);
    expect((await scim(stack, 'DELETE', `/Users/${user.id}`)).status).toBe(404);
  });

  it('frees the userName for a new user', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { userName: 'reuse-me' } });
    await scim(stack, 'DELETE', `/Users/${user.id}`);
    expect((await scim(stack, 'POST', '/Users', { body: { userName: 'Reuse-Me' } })).status).toBe(201);
  });

  it('honours If-Match (§3.14)', async () => {
    const { body: user } = await scim(stack, 'POST', '/Users', { body: { userName: 'delete-if-match' } });
    expect((await scim(stack, 'DELETE', `/Users/${user.id}`, { headers: { 'If-Match': 'W/"3"' } })).status).toBe(412);
    expect((await scim(stack, 'DELETE', `/Users/${user.id}`, { headers: { 'If-Match': 'W/"1"' } })).status).toBe(204);
  });
});
