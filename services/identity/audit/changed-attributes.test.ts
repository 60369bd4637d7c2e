import { SchemaRegistry } from '../scim/schema/registry';
import { SCHEMA_URN } from '../scim/schema/definitions';
import { changedAttributes } from './changed-attributes';

const users = SchemaRegistry.core().resource('User');

describe('the attribute names a write changed', () => {
  it('lists top-level attributes whose values differ, in schema order, as names only', () => {
    const before = { userName: 'b', active: true, emails: [{ value: 'b@x.com' }] };
    const after = { userName: 'b', active: false, emails: [{ value: 'b@y.com' }], displayName: 'B' };
    expect(changedAttributes(users, before, after)).toEqual(['displayName', 'active', 'emails']);
  });

  it('names extension attributes with their schema URN', () => {
    const enterprise = SCHEMA_URN.enterpriseUser;
    expect(changedAttributes(users, { userName: 'b' }, { userName: 'b', [enterprise]: { department: 'Sales' } })).toEqual([`${enterprise}:department`]);
  });

  it('treats absent, null, empty and undefined-valued members alike', () => {
    expect(changedAttributes(users, { userName: 'b', name: { givenName: 'B' } }, { userName: 'b', emails: [], name: { givenName: 'B', familyName: undefined } })).toEqual([]);
  });

  it('reports a password that is set, since a stored document never holds one, and never its value', () => {
    const changed = changedAttributes(users, { userName: 'b' }, { userName: 'b', password: 'hunter2!x' });
    expect(changed).toEqual(['password']);
    expect(JSON.stringify(changed)).not.toContain('hunter2');
  });
});
