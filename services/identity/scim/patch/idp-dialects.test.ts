/**
 * The PATCH dialects of real identity providers (shared/SCIM-NOTES.md, "How real
 * identity providers behave"), each with the exact payload shape they send (most from
 * test/fixtures/idp), the exact resulting document, and the rewrite reason it reports.
 */
import { MutabilityError } from '../../errors/scim-errors';
import type { ScimJson } from '../resource/scim-json';
import { body, ENTERPRISE, GROUP, GROUP_EDGES, patchBody, reasons, thrown, USER } from './patch-test-support';

const PATCH_OP = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];
const BOSS = '26118915-6090-4610-87e4-49d8ca9f808d';
const GROUP_ID = '6c5bb468-14b2-4183-baf2-06d523e03bd3';

describe('Microsoft Entra ID', () => {
  it('capitalises op names: "Replace" (op-case; fixture entra/patch-replace-active.json)', () => {
    const result = patchBody(USER, { userName: 'u', active: true }, {
      Operations: [{ op: 'Replace', path: 'active', value: false }],
      schemas: PATCH_OP,
    });
    expect(result.doc).toEqual({ userName: 'u', active: false });
    expect(reasons(result)).toEqual(['1:op-case']);
  });

  it.each([
    ['"False"', 'False', false],
    ['"True"', 'True', true],
    ['"false"', 'false', false],
  ])('sends booleans as strings: %s (string-boolean)', (_name, value, expected) => {
    const result = patchBody(USER, { userName: 'u', active: !expected }, {
      schemas: PATCH_OP,
      Operations: [{ op: 'Replace', path: 'active', value }],
    });
    expect(result.doc).toEqual({ userName: 'u', active: expected });
    expect(reasons(result)).toEqual(['1:op-case', '1:string-boolean']);
  });

  it('sets a boolean sub-attribute from a string, in a no-path value with a case-insensitive name', () => {
    const result = patchBody(USER, { userName: 'u' }, body({ op: 'Add', value: { Emails: [{ Value: 'u@contoso.com', Primary: 'True' }] } }));
    expect(result.doc).toEqual({ userName: 'u', emails: [{ value: 'u@contoso.com', primary: true }] });
    expect(reasons(result)).toEqual(['1:op-case', '1:string-boolean']);
  });

  it('adds emails[type eq "work"].value when there is no work email: the email is created (create-on-absent-filter)', () => {
    const result = patchBody(USER, { userName: 'u' }, body({ op: 'Add', path: 'emails[type eq "work"].value', value: 'absent@contoso.com' }));
    expect(result.doc).toEqual({ userName: 'u', emails: [{ type: 'work', value: 'absent@contoso.com' }] });
    expect(reasons(result)).toEqual(['1:op-case', '1:create-on-absent-filter']);
  });

  it('replaces emails[type eq "work"].value when there is no work email: created too, beside the other emails', () => {
    const doc = { userName: 'u', emails: [{ type: 'home', value: 'home@contoso.com', primary: true }] };
    const result = patchBody(USER, doc, body({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'work@contoso.com' }));
    expect(result.doc).toEqual({
      userName: 'u',
      emails: [{ type: 'home', value: 'home@contoso.com', primary: true }, { type: 'work', value: 'work@contoso.com' }],
    });
  });

  it('replaces emails[type eq "work"].value when it exists, keeping its other sub-attributes (fixture entra/patch-multi-valued.json)', () => {
    const doc = { userName: 'u', emails: [{ type: 'work', value: 'old@contoso.com', primary: true }], name: { familyName: 'Old', givenName: 'Given' } };
    const result = patchBody(USER, doc, {
      schemas: PATCH_OP,
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ],
    });
    expect(result.doc).toEqual({
      userName: 'u',
      emails: [{ type: 'work', value: 'updatedEmail@microsoft.com', primary: true }],
      name: { familyName: 'updatedFamilyName', givenName: 'Given' },
    });
    expect(reasons(result)).toEqual(['1:op-case', '2:op-case']);
  });

  it('sets a work address field by field on a user with none: ONE address is built (fixture entra/patch-create-on-absent.json)', () => {
    const result = patchBody(USER, { userName: 'entra-absent@contoso.com' }, {
      schemas: PATCH_OP,
      Operations: [
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'absent@contoso.com' },
        { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Microsoft Way' },
        { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
        { op: 'Replace', path: 'addresses[type eq "work"].postalCode', value: '98052' },
      ],
    });
    expect(result.doc).toEqual({
      userName: 'entra-absent@contoso.com',
      emails: [{ type: 'work', value: 'absent@contoso.com' }],
      addresses: [{ type: 'work', streetAddress: '1 Microsoft Way', locality: 'Redmond', postalCode: '98052' }],
    });
    expect(reasons(result)).toEqual(['1:op-case', '1:create-on-absent-filter', '2:op-case', '2:create-on-absent-filter', '3:op-case', '4:op-case']);
  });

  it('sets addresses[type eq "work"].formatted on a user with none', () => {
    const result = patchBody(USER, { userName: 'u' }, body({ op: 'Replace', path: 'addresses[type eq "work"].formatted', value: '1 Microsoft Way\nRedmond, WA 98052' }));
    expect(result.doc).toEqual({ userName: 'u', addresses: [{ type: 'work', formatted: '1 Microsoft Way\nRedmond, WA 98052' }] });
  });

  it('keys a no-path value by full URN paths and dotted paths (urn-key, dotted-key; fixture entra/patch-enterprise-no-path.json)', () => {
    const result = patchBody(USER, { userName: 'entra-ext@contoso.com' }, {
      schemas: PATCH_OP,
      Operations: [
        {
          op: 'Add',
          value: {
            [`${ENTERPRISE}:department`]: 'Sales',
            [`${ENTERPRISE}:employeeNumber`]: '1234',
            'name.givenName': 'Ext',
            title: 'Seller',
          },
        },
        { op: 'Add', path: `${ENTERPRISE}:manager`, value: BOSS },
      ],
    });
    expect(result.doc).toEqual({
      userName: 'entra-ext@contoso.com',
      title: 'Seller',
      name: { givenName: 'Ext' },
      [ENTERPRISE]: { department: 'Sales', employeeNumber: '1234', manager: { value: BOSS } },
    });
    expect(reasons(result)).toEqual(['1:op-case', '1:urn-key', '1:dotted-key', '2:op-case', '2:manager-bare-id']);
  });

  it('replaces with URN keys in a no-path value, the manager among them as a bare id', () => {
    const doc = { userName: 'u', [ENTERPRISE]: { department: 'Old', manager: { value: 'someone-else', displayName: 'Someone' } } };
    const result = patchBody(USER, doc, body({ op: 'Replace', value: { [`${ENTERPRISE}:department`]: 'Eng', [`${ENTERPRISE}:manager`]: BOSS } }));
    // The manager is complex: replace sets its value and leaves displayName (RFC 7644 §3.5.2.3).
    expect(result.doc).toEqual({ userName: 'u', [ENTERPRISE]: { department: 'Eng', manager: { value: BOSS, displayName: 'Someone' } } });
    expect(reasons(result)).toEqual(['1:op-case', '1:urn-key', '1:manager-bare-id']);
  });

  it('removes members with path "members" and a value array (members-remove-value-array; fixture entra/groups.json)', () => {
    const result = patchBody(GROUP, { displayName: 'g' }, {
      schemas: PATCH_OP,
      Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'user-1' }] }],
    }, GROUP_EDGES);
    expect(result.doc).toEqual({ displayName: 'g' });
    expect(result.edges).toEqual({ add: [], remove: ['user-1'] });
    expect(reasons(result)).toEqual(['1:op-case', '1:members-remove-value-array']);
  });

  it('adds members with "$ref": null (fixture entra/groups.json)', () => {
    const result = patchBody(GROUP, { displayName: 'g' }, body({ op: 'Add', path: 'members', value: [{ $ref: null, value: 'user-1' }] }), GROUP_EDGES);
    expect(result.edges).toEqual({ add: ['user-1'], remove: [] });
  });

  it('removes a member by filter', () => {
    const result = patchBody(GROUP, { displayName: 'g' }, body({ op: 'Remove', path: 'members[value eq "user-1"]' }), GROUP_EDGES);
    expect(result.edges).toEqual({ add: [], remove: ['user-1'] });
  });

  it('removes values of an attribute kept in the document the same way (remove-value-array)', () => {
    const doc = { userName: 'u', roles: [{ value: 'admin', type: 'app' }, { value: 'reader' }] };
    const result = patchBody(USER, doc, body({ op: 'Remove', path: 'roles', value: [{ value: 'ADMIN' }] }));
    expect(result.doc).toEqual({ userName: 'u', roles: [{ value: 'reader' }] });
    expect(reasons(result)).toEqual(['1:op-case', '1:remove-value-array']);
  });

  it('renames a group with a path (fixture entra/groups.json)', () => {
    const result = patchBody(GROUP, { displayName: 'displayName' }, body({ op: 'Replace', path: 'displayName', value: 'updatedDisplayName' }), GROUP_EDGES);
    expect(result.doc).toEqual({ displayName: 'updatedDisplayName' });
    expect(result.edges).toBeUndefined();
  });

  it('replaces carrying the resource\'s own id: ignored (own-id-ignored)', () => {
    const result = patchBody(USER, { userName: 'u' }, body({ op: 'Replace', value: { id: 'user-id', userName: 'v' } }), { ownId: 'user-id' });
    expect(result.doc).toEqual({ userName: 'v' });
    expect(reasons(result)).toEqual(['1:op-case', '1:own-id-ignored']);
  });
});

describe('Okta', () => {
  const okta = (doc: ScimJson, operations: unknown[], options = {}) =>
    patchBody(GROUP, doc, { schemas: PATCH_OP, Operations: operations }, { ...GROUP_EDGES, ownId: GROUP_ID, ...options });

  it('deactivates with a no-path replace: {"op":"replace","value":{"active":false}} (fixture okta/user-lifecycle.json)', () => {
    const doc = { userName: 'test.user@okta.local', displayName: 'Another User', active: true };
    const result = patchBody(USER, doc, { schemas: PATCH_OP, Operations: [{ op: 'replace', value: { active: false } }] });
    expect(result.doc).toEqual({ ...doc, active: false });
    expect(result.changedAttributes).toEqual(['active']);
    expect(result.rewrites).toEqual([]);
  });

  it('renames a group with a no-path replace carrying its own id (own-id-ignored; fixture okta/group-push.json)', () => {
    const result = okta({ displayName: 'Test SCIMv2' }, [{ op: 'replace', value: { id: GROUP_ID, displayName: 'Test SCIMv2 renamed' } }]);
    expect(result.doc).toEqual({ displayName: 'Test SCIMv2 renamed' });
    expect(result.edges).toBeUndefined();
    expect(result.changedAttributes).toEqual(['displayName']);
    expect(reasons(result)).toEqual(['1:own-id-ignored']);
  });

  it('refuses another resource\'s id in the same shape with mutability', () => {
    thrown(MutabilityError, () => okta({ displayName: 'g' }, [{ op: 'replace', value: { id: 'someone-else', displayName: 'x' } }]));
  });

  it('adds members with their display names, which are read-only and ignored (fixture okta/group-push.json)', () => {
    const result = okta({ displayName: 'g' }, [
      { op: 'add', path: 'members', value: [{ value: 'a', display: 'push-a@okta.local' }, { value: 'b', display: 'push-b@okta.local' }] },
    ]);
    expect(result.edges).toEqual({ add: ['a', 'b'], remove: [] });
  });

  it('replaces the member list, and empties it with replace members []', () => {
    expect(okta({ displayName: 'g' }, [{ op: 'replace', path: 'members', value: [{ value: 'a' }] }]).edges).toEqual({ add: [], remove: [], replace: ['a'] });
    expect(okta({ displayName: 'g' }, [{ op: 'replace', path: 'members', value: [] }]).edges).toEqual({ add: [], remove: [], replace: [] });
  });

  it('removes a member by filter', () => {
    expect(okta({ displayName: 'g' }, [{ op: 'remove', path: 'members[value eq "a"]' }]).edges).toEqual({ add: [], remove: ['a'] });
  });

  it('echoes meta and schemas in a no-path value: ignored (meta-ignored, schemas-ignored)', () => {
    const result = okta({ displayName: 'g' }, [
      { op: 'replace', value: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: GROUP_ID, displayName: 'h', meta: { resourceType: 'Group' } } },
    ]);
    expect(result.doc).toEqual({ displayName: 'h' });
    expect(reasons(result)).toEqual(['1:schemas-ignored', '1:own-id-ignored', '1:meta-ignored']);
  });
});
