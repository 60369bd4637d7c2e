import { SchemaRegistry } from './schema/registry';
import { Projection } from './projection';

const users = SchemaRegistry.core().resource('User');
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const user = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [{ value: 'b@x', type: 'work' }],
  password: 'never',
  meta: { resourceType: 'User', version: 'W/"1"' },
  [ENTERPRISE]: { department: 'Ops', employeeNumber: '7' },
};

describe('RFC 7644 §3.9 attributes and excludedAttributes', () => {
  it('returns default attributes, never the password (returned: never)', () => {
    const { password: _password, ...rest } = user;
    expect(Projection.compile(users).apply(user)).toEqual(rest);
  });

  it('with attributes, returns only those and the returned: always ones', () => {
    expect(Projection.compile(users, { attributes: ['USERNAME', 'name.givenName', `${ENTERPRISE}:department`] }).apply(user)).toEqual({
      schemas: user.schemas,
      id: '1',
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
      [ENTERPRISE]: { department: 'Ops' },
    });
  });

  it('with excludedAttributes, leaves those out but never id', () => {
    const projected = Projection.compile(users, { excludedAttributes: ['id', 'emails', 'name.familyName', ENTERPRISE] }).apply(user);
    expect(projected).toEqual({ schemas: user.schemas, id: '1', userName: 'bjensen', name: { givenName: 'Barbara' }, meta: user.meta });
  });

  it('ignores names no schema knows', () => {
    expect(Projection.compile(users, { attributes: ['shoeSize', 'userName'] }).apply(user)).toEqual({ schemas: user.schemas, id: '1', userName: 'bjensen' });
  });

  it('says which computed attributes are wanted, so the service can skip reading them', () => {
    const groups = SchemaRegistry.core().resource('Group');
    expect(Projection.compile(groups).wantsCore('members')).toBe(true);
    expect(Projection.compile(groups, { excludedAttributes: ['members'] }).wantsCore('members')).toBe(false);
    expect(Projection.compile(groups, { attributes: ['displayName'] }).wantsCore('members')).toBe(false);
    expect(Projection.compile(groups, { attributes: ['members.value'] }).wantsCore('members')).toBe(true);
  });
});
