import { ENTERPRISE_SCHEMA, ERROR_SCHEMA, scim, startStack, type Stack } from '../support/stack';

let stack: Stack;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  const people = [
    { userName: 'bjensen', name: { familyName: 'Jensen', givenName: 'Barbara' }, title: 'Tour Guide', userType: 'Employee', active: true,
      emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }, { value: 'babs@home.org', type: 'home' }],
      [ENTERPRISE_SCHEMA]: { department: 'Tour Operations', employeeNumber: '701984' } },
    { userName: 'jsmith', name: { familyName: "O'Malley", givenName: 'John' }, userType: 'Intern', active: false,
      emails: [{ value: 'john@example.org', type: 'work' }] },
    { userName: 'Jdoe', name: { familyName: 'Doe' }, title: 'Engineer', userType: 'Employee', active: true,
      emails: [{ value: 'JDOE@EXAMPLE.COM', type: 'home' }], [ENTERPRISE_SCHEMA]: { department: 'Engineering' } },
    { userName: 'zed', externalId: 'ext-Z', active: true },
  ];
  for (const person of people) {
    const created = await scim(stack, 'POST', '/Users', { body: person });
    expect(created.status).toBe(201);
    ids[person.userName] = created.body.id;
  }
  const group = await scim(stack, 'POST', '/Groups', { body: { displayName: 'Tour Guides', members: [{ value: ids.bjensen }] } });
  ids.tourGuides = group.body.id;
  await scim(stack, 'POST', '/Groups', { body: { displayName: 'Empty Group' } });
});
afterAll(() => stack.stop());

async function names(filter: string, extra = ''): Promise<string[]> {
  const response = await scim(stack, 'GET', `/Users?filter=${encodeURIComponent(filter)}${extra}`);
  expect(response.status).toBe(200);
  return response.body.Resources.map((user: { userName: string }) => user.userName).sort();
}

describe('RFC 7644 §3.4.2.2 filtering over HTTP', () => {
  it.each([
    ['userName eq "BJENSEN"', ['bjensen']],
    ['userName sw "j"', ['Jdoe', 'jsmith']],
    ['name.familyName co "O\'Malley"', ['jsmith']],
    ['title pr', ['Jdoe', 'bjensen']],
    ['title pr and userType eq "Employee"', ['Jdoe', 'bjensen']],
    ['title pr or userType eq "Intern"', ['Jdoe', 'bjensen', 'jsmith']],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', ['Jdoe', 'bjensen']],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', ['zed']],
    ['emails[type eq "work" and value co "@example.com"]', ['bjensen']],
    ['emails[type eq "work"] or userName eq "zed"', ['bjensen', 'jsmith', 'zed']],
    ['emails[type eq "work"].value eq "JOHN@example.org"', ['jsmith']],
    ['emails[type eq "home"].value eq "john@example.org"', []],
    ['emails.value eq "jdoe@example.com"', ['Jdoe']],
    [`${ENTERPRISE_SCHEMA}:department eq "engineering"`, ['Jdoe']],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', ['Jdoe', 'jsmith']],
    ['active eq false', ['jsmith']],
    ['active eq "False"', ['jsmith']],
    ['externalId eq "ext-z"', []],
    ['externalId eq "ext-Z"', ['zed']],
    ['meta.created gt "2000-01-01T00:00:00Z"', ['Jdoe', 'bjensen', 'jsmith', 'zed']],
    ['meta.resourceType eq "User" and userName ew "ED"', ['zed']],
  ])('%s', async (filter, expected) => {
    expect(await names(filter)).toEqual(expected);
  });

  it('finds a user by its group (groups.value, computed from membership)', async () => {
    expect(await names(`groups.value eq "${ids.tourGuides}"`)).toEqual(['bjensen']);
    expect(await names('groups pr')).toEqual(['bjensen']);
  });

  it('finds a group by displayName, any case, without reading its members (Entra)', async () => {
    const response = await scim(stack, 'GET', `/Groups?filter=${encodeURIComponent('displayName eq "tour guides"')}&excludedAttributes=members`);
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0]).not.toHaveProperty('members');
    const byMember = await scim(stack, 'GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${ids.bjensen}"]`)}`);
    expect(byMember.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['Tour Guides']);
  });

  it('answers a filter that matches nothing with an empty ListResponse, not 404 (Okta, Entra Test Connection)', async () => {
    const response = await fetch(`${stack.baseUrl}/Users?filter=userName+eq+%22${crypto.randomUUID()}%22`, {
      headers: { Authorization: `Bearer ${stack.token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it.each([
    ['userName eq', 'a missing value'],
    ['userName zz "x"', 'an unknown operator'],
    ['nosuch eq "x"', 'an unknown attribute'],
    ['active gt true', 'ordering a boolean'],
    ['password eq "x"', 'a never-returned attribute'],
    ['(userName eq "x"', 'an unclosed parenthesis'],
  ])('refuses %s (%s) with 400 invalidFilter', async (filter) => {
    const response = await scim(stack, 'GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidFilter' });
  });

  it('treats SQL and pattern characters in values as data', async () => {
    for (const value of [`%`, `_`, `' OR 1=1 --`, `.*`, `\\`, `"); DROP TABLE users; --`]) {
      expect(await names(`userName co ${JSON.stringify(value)}`)).toEqual([]);
    }
    expect((await scim(stack, 'GET', '/Users?count=0')).body.totalResults).toBe(4);
  });
});

describe('RFC 7644 §3.4.2.3 sorting', () => {
  it('sorts case-insensitively, ascending by default, ties and missing values last', async () => {
    const response = await scim(stack, 'GET', '/Users?sortBy=userName');
    expect(response.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['bjensen', 'Jdoe', 'jsmith', 'zed']);
    const descending = await scim(stack, 'GET', '/Users?sortBy=name.familyName&sortOrder=descending');
    expect(descending.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['zed', 'jsmith', 'bjensen', 'Jdoe']);
  });

  it('sorts a multi-valued attribute by its primary value', async () => {
    const response = await scim(stack, 'GET', `/Users?sortBy=emails&filter=${encodeURIComponent('emails pr')}`);
    expect(response.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['bjensen', 'Jdoe', 'jsmith']);
  });

  it('accepts sortBy=meta.resourceType, the same for every user, and orders by id', async () => {
    const response = await scim(stack, 'GET', '/Users?sortBy=meta.resourceType');
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBeGreaterThan(0);
  });

  it('refuses an unknown sortBy with 400 invalidValue', async () => {
    const response = await scim(stack, 'GET', '/Users?sortBy=nosuch');
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });
});

describe('RFC 9865 cursor paging', () => {
  it('walks every user exactly once, in order, while users are added behind and ahead of the cursor', async () => {
    const seen: string[] = [];
    let response = await scim(stack, 'GET', '/Users?cursor=&count=2&sortBy=userName');
    expect(response.body.totalResults).toBe(4);
    expect(response.body).not.toHaveProperty('startIndex');
    seen.push(...response.body.Resources.map((u: { userName: string }) => u.userName));
    await scim(stack, 'POST', '/Users', { body: { userName: 'aaron' } }); // sorts before the cursor: not seen
    await scim(stack, 'POST', '/Users', { body: { userName: 'zz-late' } }); // sorts after it: seen
    while (response.body.nextCursor) {
      response = await scim(stack, 'GET', `/Users?cursor=${encodeURIComponent(response.body.nextCursor)}&count=2&sortBy=userName`);
      expect(response.status).toBe(200);
      expect(response.body).not.toHaveProperty('totalResults');
      seen.push(...response.body.Resources.map((u: { userName: string }) => u.userName));
    }
    expect(seen).toEqual(['bjensen', 'Jdoe', 'jsmith', 'zed', 'zz-late']);
  });

  it('refuses a tampered cursor (invalidCursor) and one from another query', async () => {
    const first = await scim(stack, 'GET', '/Users?cursor=&count=1');
    const token: string = first.body.nextCursor;
    const tampered = await scim(stack, 'GET', `/Users?cursor=${encodeURIComponent('x' + token.slice(1))}&count=1`);
    expect(tampered.status).toBe(400);
    expect(tampered.body.scimType).toBe('invalidCursor');
    const otherQuery = await scim(stack, 'GET', `/Users?cursor=${encodeURIComponent(token)}&count=1&sortBy=title`);
    expect(otherQuery.body.scimType).toBe('invalidCursor');
    const groups = await scim(stack, 'GET', `/Groups?cursor=${encodeURIComponent(token)}`);
    expect(groups.body.scimType).toBe('invalidCursor');
  });

  it('refuses cursor with startIndex above 1', async () => {
    const response = await scim(stack, 'GET', '/Users?cursor=&startIndex=3');
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });
});

describe('RFC 7644 §3.4.3 searching with POST', () => {
  it('takes a SearchRequest on /Users/.search', async () => {
    const response = await scim(stack, 'POST', '/Users/.search', {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        attributes: ['userName'],
        filter: 'userType eq "Employee"',
        sortBy: 'userName',
        startIndex: 1,
        count: 10,
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['bjensen', 'Jdoe']);
    expect(Object.keys(response.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
  });

  it('searches users and groups together at the root', async () => {
    const response = await scim(stack, 'POST', '/.search', { body: { filter: 'externalId eq "ext-Z" or displayName sw "tour"', count: 10 } });
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(2);
    expect(response.body.Resources.map((r: { meta: { resourceType: string } }) => r.meta.resourceType)).toEqual(['User', 'Group']);
    const paged = await scim(stack, 'POST', '/.search', { body: { filter: 'externalId eq "ext-Z" or displayName sw "tour"', startIndex: 2, count: 1 } });
    expect(paged.body.Resources.map((r: { displayName: string }) => r.displayName)).toEqual(['Tour Guides']);
  });

  it('leaves out a resource type whose schema the filter does not fit, and refuses a filter that fits none', async () => {
    const users = await scim(stack, 'POST', '/.search', { body: { filter: 'userName eq "zed"' } });
    expect(users.body.totalResults).toBe(1);
    const none = await scim(stack, 'POST', '/.search', { body: { filter: 'nosuch eq "x"' } });
    expect(none.status).toBe(400);
    expect(none.body.scimType).toBe('invalidFilter');
  });

  it('refuses a SearchRequest with a wrongly typed field with 400 invalidValue', async () => {
    const response = await scim(stack, 'POST', '/Users/.search', { body: { count: 'ten' } });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });
});
