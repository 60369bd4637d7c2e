import { InvalidSyntaxError, InvalidValueError } from '../../errors/scim-errors';
import { SchemaRegistry } from '../schema/registry';
import { normalizeResource, VALUE_LIMITS } from './normalize';

const users = SchemaRegistry.core().resource('User');
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('RFC 7643 §2.1 attribute names are case-insensitive', () => {
  it('returns canonical names for attributes, sub-attributes and extension URNs', () => {
    const { doc } = normalizeResource(users, {
      USERNAME: 'a',
      name: { FamilyName: 'J' },
      'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER': { Department: 'Ops' },
    });
    expect(doc).toEqual({ userName: 'a', name: { familyName: 'J' }, [ENTERPRISE]: { department: 'Ops' } });
  });
});

describe('RFC 7643 §2.5 unassigned values', () => {
  it('drops null, "", [] and {} rather than storing them', () => {
    const { doc } = normalizeResource(users, { userName: 'a', title: null, nickName: '', emails: [], name: {}, [ENTERPRISE]: { department: null } });
    expect(doc).toEqual({ userName: 'a' });
  });
});

describe('the coercions real IdPs need', () => {
  it('reads "True"/"False" as booleans (Entra)', () => {
    expect(normalizeResource(users, { userName: 'a', active: 'False' }).doc.active).toBe(false);
    expect(normalizeResource(users, { userName: 'a', active: ' TRUE ' }).doc.active).toBe(true);
  });

  it('reads a number where a string belongs as its decimal text', () => {
    expect(normalizeResource(users, { userName: 'a', [ENTERPRISE]: { employeeNumber: 701984 } }).doc[ENTERPRISE]).toEqual({
      employeeNumber: '701984',
    });
  });

  it('reads a lone value where an array belongs as a one-element array', () => {
    expect(normalizeResource(users, { userName: 'a', emails: { value: 'a@x' } }).doc.emails).toEqual([{ value: 'a@x' }]);
  });

  it('ignores unknown attributes and reports them', () => {
    const result = normalizeResource(users, { userName: 'a', shoeSize: 44, [ENTERPRISE]: { badge: 1 }, 'urn:x:y': {} });
    expect(result.doc).toEqual({ userName: 'a' });
    expect(result.ignored).toEqual(['shoeSize', `${ENTERPRISE}:badge`, 'urn:x:y']);
  });
});

describe('what is refused', () => {
  it.each([
    [{ userName: 5.5e400 }],
    [{ userName: true }],
    [{ userName: ['a'] }],
    [{ active: 'yes' }],
    [{ name: 'Barbara' }],
    [{ emails: ['a@x'] }],
    [{ emails: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }],
    [{ x509Certificates: [{ value: 'not base64!' }] }],
    [{ [ENTERPRISE]: 'Ops' }],
    [{ schemas: 'urn:x' }],
    [{ displayName: 'x'.repeat(VALUE_LIMITS.maxStringLength + 1) }],
    [{ emails: Array.from({ length: VALUE_LIMITS.maxMultiValuedItems + 1 }, (_, i) => ({ value: `${i}@x` })) }],
  ])('%j with invalidValue', (body) => {
    expect(() => normalizeResource(users, { userName: 'a', ...body })).toThrow(InvalidValueError);
  });

  it('refuses a body that is not an object with invalidSyntax', () => {
    expect(() => normalizeResource(users, [])).toThrow(InvalidSyntaxError);
    expect(() => normalizeResource(users, 'user')).toThrow(InvalidSyntaxError);
  });

  it('names the attribute at fault', () => {
    try {
      normalizeResource(users, { userName: 'a', name: { givenName: { first: 'B' } } });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidValueError);
      expect((error as InvalidValueError).attribute).toBe('name.givenName');
    }
  });
});

describe('bounds on multi-valued attributes', () => {
  const groups = SchemaRegistry.core().resource('Group');
  const members = (count: number) => Array.from({ length: count }, (_, i) => ({ value: `user-${i}` }));

  it('takes a large group whole, as a client that reads it and PUTs it back sends it', () => {
    const { doc } = normalizeResource(groups, { displayName: 'Everyone', members: members(VALUE_LIMITS.maxMultiValuedItems * 5) });
    expect(doc.members).toHaveLength(VALUE_LIMITS.maxMultiValuedItems * 5);
  });

  it('still bounds members, and every other attribute at the lower limit', () => {
    expect(() => normalizeResource(groups, { displayName: 'Everyone', members: members(VALUE_LIMITS.maxMembers + 1) })).toThrow(
      `members may hold at most ${VALUE_LIMITS.maxMembers} values.`,
    );
    const phoneNumbers = Array.from({ length: VALUE_LIMITS.maxMultiValuedItems + 1 }, (_, i) => ({ value: `+1 555 ${i}` }));
    expect(() => normalizeResource(users, { userName: 'a', phoneNumbers })).toThrow(`phoneNumbers may hold at most ${VALUE_LIMITS.maxMultiValuedItems} values.`);
  });
});
