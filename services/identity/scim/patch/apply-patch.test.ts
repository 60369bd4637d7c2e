/**
 * The rules of RFC 7644 §3.5.2 beyond its examples (rfc7644-patch-examples.test.ts),
 * and this engine's decisions where the RFC leaves room. Failures assert the error
 * class (and so its scimType), not the detail text.
 */
import {
  InvalidPathError,
  InvalidSyntaxError,
  InvalidValueError,
  MutabilityError,
  NoTargetError,
} from '../../errors/scim-errors';
import type { ScimJson } from '../resource/scim-json';
import { applyPatch, type PatchOperation } from './apply-patch';
import { deepFreeze, DEVICE, ENTERPRISE, GROUP, GROUP_EDGES, patch, reasons, thrown, USER } from './patch-test-support';

const ALICE: ScimJson = {
  userName: 'alice',
  title: 'Engineer',
  name: { givenName: 'Alice', familyName: 'Smith' },
  emails: [
    { value: 'alice@work.example', type: 'work', primary: true },
    { value: 'alice@home.example', type: 'home' },
  ],
  [ENTERPRISE]: { department: 'R&D' },
};

describe('RFC 7644 §3.5.2 paths: "PATH = attrPath / valuePath [subAttr]"', () => {
  it.each([
    ['an unknown attribute', 'shoeSize'],
    ['an unknown sub-attribute', 'name.nickName'],
    ['an unknown sub-attribute after a filter', 'emails[type eq "work"].bogus'],
    ['an unknown schema URN', 'urn:example:params:scim:schemas:Custom:department'],
    ['an attribute of the wrong extension', `${ENTERPRISE}:userName`],
    ['a malformed path', 'emails[type eq'],
    ['a malformed filter', 'emails[type eq work]'],
    ['nested value paths (errata 4690)', 'emails[type[value eq "x"]]'],
    ['a sub-attribute of a simple attribute', 'title.value'],
    ['a filter on a simple attribute', 'title[value eq "x"]'],
    ['a filter on a single-valued complex attribute', 'name[givenName eq "Alice"]'],
    ['a filter naming an unknown sub-attribute', 'emails[kind eq "work"]'],
    ['a filter comparing a value of the wrong type', 'emails[primary gt true]'],
    ['a filter on a hidden attribute', 'password[value eq "x"]'],
  ])('refuses %s with invalidPath', (_name, path) => {
    for (const operation of [{ op: 'remove', path }, { op: 'replace', path, value: 'x' }, { op: 'add', path, value: 'x' }]) {
      thrown(InvalidPathError, () => patch(USER, ALICE, [operation]));
    }
  });

  it('reads attribute names, operators and URNs in any case', () => {
    const result = patch(USER, ALICE, [
      { op: 'replace', path: 'EMAILS[TYPE EQ "WORK"].VALUE', value: 'a@work.example' },
      { op: 'replace', path: 'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT', value: 'QA' },
      { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:Name.GivenName', value: 'Al' },
    ]);
    expect(result.doc).toEqual({
      ...ALICE,
      name: { givenName: 'Al', familyName: 'Smith' },
      emails: [{ value: 'a@work.example', type: 'work', primary: true }, { value: 'alice@home.example', type: 'home' }],
      [ENTERPRISE]: { department: 'QA' },
    });
  });

  it('finds an extension attribute named without its URN', () => {
    expect(patch(USER, ALICE, [{ op: 'replace', path: 'department', value: 'QA' }]).doc[ENTERPRISE]).toEqual({ department: 'QA' });
  });

  it('takes an extension URN as a path for the extension object: add merges its attributes, remove unassigns them all', () => {
    expect(patch(USER, ALICE, [{ op: 'add', path: ENTERPRISE, value: { costCenter: '42' } }]).doc[ENTERPRISE]).toEqual({ department: 'R&D', costCenter: '42' });
    const { [ENTERPRISE]: _extension, ...withoutExtension } = ALICE;
    expect(patch(USER, ALICE, [{ op: 'remove', path: ENTERPRISE }]).doc).toEqual(withoutExtension);
  });

  it('ignores schemas as a path: the service computes it (schemas-ignored)', () => {
    const result = patch(USER, ALICE, [{ op: 'add', path: 'schemas', value: [ENTERPRISE] }]);
    expect(result.doc).toEqual(ALICE);
    expect(reasons(result)).toEqual(['1:schemas-ignored']);
  });
});

describe('RFC 7644 §3.5.2.1 add', () => {
  it('appends a lone value to a multi-valued attribute as a one-element array', () => {
    const result = patch(USER, ALICE, [{ op: 'add', path: 'emails', value: { value: 'a@x.example', type: 'other' } }]);
    expect(result.doc.emails).toEqual([...(ALICE.emails as object[]), { value: 'a@x.example', type: 'other' }]);
  });

  it('skips a value identical to an existing one, comparing strings as their caseExact says, and duplicates within the value', () => {
    const result = patch(USER, ALICE, [
      { op: 'add', path: 'emails', value: [{ type: 'home', value: 'ALICE@home.example' }, { value: 'n@x.example' }, { value: 'n@x.example' }] },
    ]);
    expect(result.doc.emails).toEqual([...(ALICE.emails as object[]), { value: 'n@x.example' }]);
  });

  it('keeps a binary value that differs only in case: base64 is case-significant', () => {
    const doc = { userName: 'u', x509Certificates: [{ value: 'QUJD' }] };
    expect(patch(USER, doc, [{ op: 'add', path: 'x509Certificates', value: [{ value: 'qujd' }] }]).doc.x509Certificates).toEqual([
      { value: 'QUJD' },
      { value: 'qujd' },
    ]);
  });

  it('merges a value into the elements a filter selects, and creates the element a filter of eq tests describes', () => {
    const merged = patch(USER, ALICE, [{ op: 'add', path: 'emails[type eq "home"]', value: { display: 'Home' } }]);
    expect(merged.doc.emails).toEqual([(ALICE.emails as object[])[0], { value: 'alice@home.example', type: 'home', display: 'Home' }]);
    const created = patch(USER, ALICE, [{ op: 'add', path: 'emails[type eq "other"]', value: { value: 'o@x.example' } }]);
    expect(created.doc.emails).toEqual([...(ALICE.emails as object[]), { type: 'other', value: 'o@x.example' }]);
    expect(reasons(created)).toEqual(['1:create-on-absent-filter']);
  });

  it('changes nothing when the value is unassigned (null, "", [], {})', () => {
    for (const [path, value] of [['title', null], ['title', ''], ['emails', []], ['name', {}], ['name.givenName', null], ['emails[type eq "work"].value', null]]) {
      expect(patch(USER, ALICE, [{ op: 'add', path, value }]).doc).toEqual(ALICE);
    }
  });

  it('sets the writeOnly password', () => {
    expect(patch(USER, ALICE, [{ op: 'add', path: 'password', value: 't0ps3cret' }]).doc.password).toBe('t0ps3cret');
  });

  it('refuses a no-path value that is not an object with invalidValue', () => {
    thrown(InvalidValueError, () => patch(USER, ALICE, [{ op: 'add', value: 'alice' }]));
    thrown(InvalidValueError, () => patch(USER, ALICE, [{ op: 'add', value: [{ title: 'x' }] }]));
  });

  it('ignores no-path keys that name no attribute, as POST and PUT do (unknown-attribute-ignored)', () => {
    const result = patch(USER, ALICE, [
      { op: 'add', value: { shoeSize: 44, 'urn:example:custom:2.0:User:badge': 'b', 'a b': 1, 'name.nickName': 'x', nickName: 'Al' } },
    ]);
    expect(result.doc).toEqual({ ...ALICE, nickName: 'Al' });
    expect(reasons(result)).toEqual(['1:unknown-attribute-ignored']);
  });
});

describe('RFC 7644 §3.5.2.2 remove', () => {
  it('fails with noTarget when no path is given: "If "path" is unspecified, the operation fails"', () => {
    thrown(NoTargetError, () => patch(USER, ALICE, [{ op: 'remove' }]));
    thrown(NoTargetError, () => patch(USER, ALICE, [{ op: 'remove', value: { title: 'Engineer' } }]));
  });

  it('succeeds without change when a filter matches nothing', () => {
    const result = patch(USER, ALICE, [{ op: 'remove', path: 'emails[type eq "other"]' }, { op: 'remove', path: 'phoneNumbers[type eq "work"].value' }]);
    expect(result.doc).toEqual(ALICE);
    expect(result.changedAttributes).toEqual([]);
  });

  it('succeeds without change on an unassigned attribute', () => {
    expect(patch(USER, ALICE, [{ op: 'remove', path: 'nickName' }, { op: 'remove', path: `${ENTERPRISE}:manager` }]).doc).toEqual(ALICE);
  });

  it('removes a sub-attribute of every value when no filter is given', () => {
    const result = patch(USER, ALICE, [{ op: 'remove', path: 'emails.type' }]);
    expect(result.doc.emails).toEqual([{ value: 'alice@work.example', primary: true }, { value: 'alice@home.example' }]);
  });

  it('drops values left empty, and the attribute left without values', () => {
    const doc = { userName: 'u', emails: [{ type: 'work' }, { type: 'home', value: 'h@x.example' }] };
    expect(patch(USER, doc, [{ op: 'remove', path: 'emails[type eq "work"].type' }]).doc.emails).toEqual([{ type: 'home', value: 'h@x.example' }]);
    expect(patch(USER, { userName: 'u', name: { givenName: 'A' } }, [{ op: 'remove', path: 'name.givenName' }]).doc).toEqual({ userName: 'u' });
  });

  it('removes the values a value array lists from a multi-valued attribute, by the sub-attributes given', () => {
    const result = patch(USER, ALICE, [{ op: 'remove', path: 'emails', value: [{ value: 'alice@home.example' }, { value: 'nobody@x.example' }] }]);
    expect(result.doc.emails).toEqual([(ALICE.emails as object[])[0]]);
  });

  it.each([
    ['a single-valued attribute', 'title'],
    ['a complex attribute', 'name'],
    ['values selected by a filter', 'emails[type eq "work"]'],
    ['a sub-attribute', 'emails.value'],
  ])('refuses a value with %s: invalidValue', (_name, path) => {
    thrown(InvalidValueError, () => patch(USER, ALICE, [{ op: 'remove', path, value: 'Engineer' }]));
  });
});

describe('RFC 7644 §3.5.2.3 replace', () => {
  it('fails with noTarget when a filter matches nothing: "the service provider SHALL indicate failure … "noTarget""', () => {
    thrown(NoTargetError, () => patch(USER, ALICE, [{ op: 'replace', path: 'emails[type eq "other"]', value: { value: 'o@x.example' } }]));
  });

  it.each([
    ['a value the schema does not list among the canonical values', 'emails[type eq "nope"].display'],
    ['a test other than eq', 'emails[type sw "wo" and value co "@"].display'],
    ['tests joined by or', 'emails[type eq "other" or type eq "home"].display'],
    ['contradictory tests', 'emails[type eq "other" and type eq "work"].display'],
    ['a test of the sub-attribute being set, with another value', 'emails[value eq "a@x.example"].value'],
    ['a presence test', 'emails[display pr].value'],
  ])('fails with noTarget, creating nothing, when a filter with %s matches nothing', (_name, path) => {
    thrown(NoTargetError, () => patch(USER, { userName: 'u' }, [{ op: 'replace', path, value: 'x' }]));
  });

  it('creates the element from eq tests of any type, coerced as values are', () => {
    const result = patch(USER, { userName: 'u' }, [{ op: 'replace', path: 'phoneNumbers[type eq "mobile" and primary eq "True"].value', value: '+1 555' }]);
    expect(result.doc.phoneNumbers).toEqual([{ type: 'mobile', primary: true, value: '+1 555' }]);
  });

  it('fails with noTarget when a sub-attribute of every value is set and there is no value', () => {
    thrown(NoTargetError, () => patch(USER, { userName: 'u' }, [{ op: 'replace', path: 'emails.type', value: 'work' }]));
  });

  it('sets a sub-attribute of every value when no filter is given', () => {
    expect(patch(USER, ALICE, [{ op: 'replace', path: 'emails.display', value: 'Alice' }]).doc.emails).toEqual([
      { value: 'alice@work.example', type: 'work', primary: true, display: 'Alice' },
      { value: 'alice@home.example', type: 'home', display: 'Alice' },
    ]);
  });

  it('unassigns the target when the value is unassigned (RFC 7643 §2.5)', () => {
    const result = patch(USER, ALICE, [
      { op: 'replace', path: 'title', value: null },
      { op: 'replace', path: 'emails[type eq "home"]', value: null },
      { op: 'replace', path: 'name.familyName', value: '' },
      { op: 'replace', path: `${ENTERPRISE}:department`, value: null },
    ]);
    expect(result.doc).toEqual({ userName: 'alice', name: { givenName: 'Alice' }, emails: [(ALICE.emails as object[])[0]] });
  });

  it('replaces the writeOnly password', () => {
    expect(patch(USER, { ...ALICE, password: 'old' }, [{ op: 'replace', path: 'password', value: 'new' }]).doc.password).toBe('new');
  });
});

describe('RFC 7643 §2.2 mutability', () => {
  it.each([
    ['id', { op: 'replace', path: 'id', value: 'mine' }],
    ['id, removed', { op: 'remove', path: 'id' }],
    ['id in a no-path value', { op: 'replace', value: { id: 'mine' } }],
    ['meta', { op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }],
    ['groups', { op: 'add', path: 'groups', value: [{ value: 'g' }] }],
    ['groups in a no-path value', { op: 'add', value: { groups: [{ value: 'g' }] } }],
    ['the readOnly manager.displayName', { op: 'replace', path: `${ENTERPRISE}:manager.displayName`, value: 'Boss' }],
  ])('refuses a change to the readOnly %s with mutability', (_name, operation) => {
    thrown(MutabilityError, () => patch(USER, ALICE, [operation], { ownId: 'alice-id' }));
  });

  it('refuses the readOnly members.display with mutability, members as edges or not', () => {
    const operation = { op: 'replace', path: 'members[value eq "a"].display', value: 'A' };
    thrown(MutabilityError, () => patch(GROUP, { displayName: 'g' }, [operation], GROUP_EDGES));
    thrown(MutabilityError, () => patch(GROUP, { displayName: 'g', members: [{ value: 'a' }] }, [operation]));
  });

  it('ignores readOnly sub-attributes inside a value, as PUT does (read-only-sub-attribute-ignored)', () => {
    const result = patch(USER, { userName: 'u' }, [{ op: 'add', path: `${ENTERPRISE}:manager`, value: { value: 'boss', displayName: 'Boss' } }]);
    expect(result.doc).toEqual({ userName: 'u', [ENTERPRISE]: { manager: { value: 'boss' } } });
    expect(reasons(result)).toEqual(['1:read-only-sub-attribute-ignored']);
  });

  it('accepts the resource\'s own id in add or replace, with or without a path (own-id-ignored)', () => {
    for (const operation of [
      { op: 'replace', path: 'id', value: 'alice-id' },
      { op: 'add', path: 'id', value: 'alice-id' },
      { op: 'replace', value: { id: 'alice-id' } },
    ]) {
      const result = patch(USER, ALICE, [operation], { ownId: 'alice-id' });
      expect(result.doc).toEqual(ALICE);
      expect(reasons(result)).toEqual(['1:own-id-ignored']);
    }
    thrown(MutabilityError, () => patch(USER, ALICE, [{ op: 'replace', value: { id: 'alice-id' } }]));
  });

  describe('immutable: "a client MAY "add" a value to an "immutable" attribute if the attribute had no previous value"', () => {
    it('sets an unassigned immutable attribute, and accepts the same value again', () => {
      const set = patch(DEVICE, { label: 'l' }, [{ op: 'add', path: 'serialNumber', value: 'SN1' }, { op: 'replace', path: 'serialNumber', value: 'SN1' }]);
      expect(set.doc).toEqual({ label: 'l', serialNumber: 'SN1' });
    });

    it.each([
      ['replaced', { op: 'replace', path: 'serialNumber', value: 'SN2' }],
      ['added over', { op: 'add', path: 'serialNumber', value: 'SN2' }],
      ['removed', { op: 'remove', path: 'serialNumber' }],
      ['replaced without a path', { op: 'replace', value: { serialNumber: 'SN2' } }],
      ['an immutable sub-attribute, replaced', { op: 'replace', path: 'owner.value', value: 'o2' }],
      ['an immutable sub-attribute, through its parent', { op: 'replace', path: 'owner', value: { value: 'o2' } }],
      ['an immutable sub-attribute, with its parent removed', { op: 'remove', path: 'owner' }],
    ])('refuses an immutable value that is set being %s with mutability', (_name, operation) => {
      thrown(MutabilityError, () => patch(DEVICE, { serialNumber: 'SN1', owner: { value: 'o1' } }, [operation]));
    });

    it('changes the other sub-attributes of a complex value with an immutable one', () => {
      expect(patch(DEVICE, { owner: { value: 'o1' } }, [{ op: 'add', path: 'owner', value: { display: 'Owner' } }]).doc).toEqual({
        owner: { value: 'o1', display: 'Owner' },
      });
    });

    it('refuses changing the immutable members.value of a selected member, but adds and removes whole members', () => {
      const doc = { displayName: 'g', members: [{ value: 'a', type: 'User' }] };
      thrown(MutabilityError, () => patch(GROUP, doc, [{ op: 'replace', path: 'members[value eq "a"].value', value: 'b' }]));
      thrown(MutabilityError, () => patch(GROUP, doc, [{ op: 'replace', path: 'members[value eq "a"]', value: { value: 'b' } }]));
      const result = patch(GROUP, doc, [{ op: 'add', path: 'members', value: [{ value: 'b' }] }, { op: 'remove', path: 'members[value eq "a"]' }]);
      expect(result.doc).toEqual({ displayName: 'g', members: [{ value: 'b' }] });
    });
  });
});

describe('RFC 7643 §2.3 types: every value is checked by the normalizer', () => {
  it.each([
    ['a boolean that is not one', { op: 'replace', path: 'active', value: 'maybe' }],
    ['an array for a single-valued attribute', { op: 'replace', path: 'title', value: ['a', 'b'] }],
    ['a string for a complex attribute without a value sub-attribute', { op: 'replace', path: 'name', value: 'Alice Smith' }],
    ['a string for a complex multi-valued attribute', { op: 'add', path: 'emails', value: 'a@x.example' }],
    ['an object for a string', { op: 'replace', path: 'emails[type eq "work"].value', value: { value: 'x' } }],
    ['an array for the values a filter selects', { op: 'replace', path: 'emails[type eq "work"]', value: [{ value: 'x' }] }],
    ['a wrong type inside a no-path value', { op: 'replace', value: { active: 'nope' } }],
    ['a wrong type inside an element', { op: 'add', path: 'emails', value: [{ value: 'a@x.example', primary: 'yes' }] }],
    ['an array for a single-valued attribute inside the extension object', { op: 'add', path: ENTERPRISE, value: { department: ['R&D'] } }],
  ])('refuses %s with invalidValue', (_name, operation) => {
    thrown(InvalidValueError, () => patch(USER, ALICE, [operation]));
  });

  it('reads attribute and sub-attribute names in any case, and numbers for strings, as POST does', () => {
    const result = patch(USER, { userName: 'u' }, [{ op: 'add', value: { NAME: { GivenName: 'A' }, EmployeeNumber: 701984 } }]);
    expect(result.doc).toEqual({ userName: 'u', name: { givenName: 'A' }, [ENTERPRISE]: { employeeNumber: '701984' } });
  });
});

describe('RFC 7644 §3.5.2: "If an attribute is removed or becomes unassigned and is defined as a required attribute … mutability"', () => {
  it.each([
    ['removed', { op: 'remove', path: 'userName' }],
    ['replaced with null', { op: 'replace', path: 'userName', value: null }],
    ['replaced with ""', { op: 'replace', value: { userName: '' } }],
  ])('refuses userName being %s with mutability', (_name, operation) => {
    thrown(MutabilityError, () => patch(USER, ALICE, [operation]));
  });

  it('refuses removing a group\'s displayName with mutability', () => {
    thrown(MutabilityError, () => patch(GROUP, { displayName: 'g' }, [{ op: 'remove', path: 'displayName' }], GROUP_EDGES));
  });

  it('leaves a document that already lacks a required attribute to the caller, when no operation touches it', () => {
    expect(patch(USER, { title: 'x' }, [{ op: 'replace', path: 'title', value: 'y' }]).doc).toEqual({ title: 'y' });
  });
});

describe('RFC 7643 §2.4 primary: "The primary attribute value "true" MUST appear no more than once"', () => {
  it('refuses an operation that makes two values primary with invalidValue', () => {
    thrown(InvalidValueError, () => patch(USER, ALICE, [{ op: 'replace', path: 'emails.primary', value: true }]));
    thrown(InvalidValueError, () => patch(USER, ALICE, [{ op: 'replace', path: 'emails', value: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }]));
  });

  it('leaves several primaries that no operation wrote as they are', () => {
    const doc = { userName: 'u', emails: [{ value: 'a', primary: true }, { value: 'b', primary: true }] };
    expect(patch(USER, doc, [{ op: 'add', path: 'emails', value: [{ value: 'c' }] }]).doc.emails).toEqual([...doc.emails, { value: 'c' }]);
  });

  it('keeps the primary that was just written when it is set through a filter', () => {
    const result = patch(USER, ALICE, [{ op: 'add', path: 'emails[type eq "home"]', value: { primary: 'True' } }]);
    expect(result.doc.emails).toEqual([
      { value: 'alice@work.example', type: 'work', primary: false },
      { value: 'alice@home.example', type: 'home', primary: true },
    ]);
  });
});

describe('RFC 7644 §3.5.2 atomicity: "A PATCH request, regardless of the number of operations, SHALL be treated as atomic"', () => {
  it('throws on the first failing operation, naming it, and leaves the input document unchanged', () => {
    const doc = deepFreeze(structuredClone(ALICE));
    const operations = [
      { op: 'replace', path: 'title', value: 'Manager' },
      { op: 'add', path: 'emails', value: [{ value: 'x@x.example' }] },
      { op: 'replace', path: 'emails[type eq "other"]', value: { value: 'y' } },
      { op: 'replace', path: 'shoeSize', value: 44 },
    ] as PatchOperation[];
    const error = thrown(NoTargetError, () => applyPatch(USER, doc, operations));
    expect(error.message).toMatch(/^Operation 3: /);
    expect(doc).toEqual(ALICE);
  });

  it('never mutates the input, also on success', () => {
    const doc = deepFreeze(structuredClone(ALICE));
    const result = applyPatch(USER, doc, [{ op: 'remove', path: 'emails[type eq "home"]' }, { op: 'add', path: 'name.middleName', value: 'M' }]);
    expect(doc).toEqual(ALICE);
    expect(result.doc).not.toBe(doc);
  });

  it('refuses an empty or missing list of operations with invalidSyntax, and an operation of the wrong shape', () => {
    thrown(InvalidSyntaxError, () => applyPatch(USER, ALICE, []));
    thrown(InvalidSyntaxError, () => applyPatch(USER, ALICE, undefined as unknown as PatchOperation[]));
    thrown(InvalidSyntaxError, () => applyPatch(USER, ALICE, [{ op: 'copy' } as unknown as PatchOperation]));
    thrown(InvalidValueError, () => applyPatch(USER, ALICE, Array(3).fill({ op: 'remove', path: 'title' }), { maxOperations: 2 }));
  });

  it('accepts op names in any case from callers that skip parsePatchRequest (op-case)', () => {
    const result = applyPatch(USER, ALICE, [{ op: 'REMOVE', path: 'title' } as unknown as PatchOperation]);
    expect(result.doc.title).toBeUndefined();
    expect(reasons(result)).toEqual(['1:op-case']);
  });
});

describe('the result', () => {
  it('lists the canonical top-level paths whose value changed, in schema order, without values', () => {
    const result = patch(USER, ALICE, [
      { op: 'replace', path: `${ENTERPRISE}:department`, value: 'QA' },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@work.example' },
      { op: 'replace', path: 'title', value: 'Engineer' },
      { op: 'add', path: 'name.middleName', value: 'M' },
    ]);
    expect(result.changedAttributes).toEqual(['name', 'emails', `${ENTERPRISE}:department`]);
  });

  it('leaves no unassigned value behind: no emptied attribute or extension object', () => {
    const result = patch(USER, ALICE, [
      { op: 'remove', path: 'emails[type eq "work"]' },
      { op: 'remove', path: 'emails[value eq "alice@home.example"]' },
      { op: 'remove', path: 'name.givenName' },
      { op: 'remove', path: 'name.familyName' },
      { op: 'remove', path: 'department' },
    ]);
    expect(result.doc).toEqual({ userName: 'alice', title: 'Engineer' });
  });
});

describe('edge attributes (groups: members kept as edges)', () => {
  const group = { displayName: 'g', members: [{ value: 'kept-as-is' }] };
  const edges = (operations: unknown[]) => patch(GROUP, group, operations, GROUP_EDGES);

  it('never reads or writes members in the document', () => {
    const result = edges([{ op: 'add', path: 'members', value: [{ value: 'a' }] }, { op: 'remove', path: 'members' }]);
    expect(result.doc).toEqual(group);
  });

  it('returns no delta when no operation names an edge attribute', () => {
    expect(edges([{ op: 'replace', path: 'displayName', value: 'h' }]).edges).toBeUndefined();
  });

  it('folds the operations in order into one delta', () => {
    expect(edges([{ op: 'add', path: 'members', value: { value: 'a' } }]).edges).toEqual({ add: ['a'], remove: [] });
    expect(
      edges([
        { op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b' }, { value: 'a' }] },
        { op: 'remove', path: 'members[value eq "a" or value eq "c"]' },
        { op: 'add', path: 'members', value: [{ value: 'c' }] },
      ]).edges,
    ).toEqual({ add: ['b', 'c'], remove: ['a'] });
    expect(
      edges([
        { op: 'replace', path: 'members', value: [{ value: 'a' }] },
        { op: 'add', path: 'members', value: [{ value: 'b' }] },
        { op: 'remove', path: 'members', value: [{ value: 'a' }] },
      ]).edges,
    ).toEqual({ add: [], remove: [], replace: ['b'] });
  });

  it('reads members added without a path', () => {
    expect(edges([{ op: 'add', value: { members: [{ value: 'a' }] } }]).edges).toEqual({ add: ['a'], remove: [] });
    expect(edges([{ op: 'replace', value: { displayName: 'h', members: [] } }])).toMatchObject({ doc: { displayName: 'h' }, edges: { replace: [] } });
  });

  it.each([
    ['a filter on another sub-attribute', { op: 'remove', path: 'members[type eq "User"]' }],
    ['a filter with ne', { op: 'remove', path: 'members[value ne "a"]' }],
    ['a filter with and', { op: 'remove', path: 'members[value eq "a" and value eq "b"]' }],
    ['a filter with not', { op: 'remove', path: 'members[not (value eq "a")]' }],
    ['a filter with co', { op: 'remove', path: 'members[value co "a"]' }],
    ['a filter to replace', { op: 'replace', path: 'members[value eq "a"]', value: { value: 'b' } }],
    ['a filter to add', { op: 'add', path: 'members[value eq "a"]', value: { value: 'a' } }],
    ['a sub-attribute', { op: 'replace', path: 'members.type', value: 'User' }],
    ['a sub-attribute after a filter', { op: 'replace', path: 'members[value eq "a"].type', value: 'User' }],
  ])('refuses %s with invalidPath: it would need the whole member list', (_name, operation) => {
    thrown(InvalidPathError, () => edges([operation]));
  });

  it.each([
    ['a member without a value', [{ display: 'Alice' }]],
    ['a member with an empty value', [{ value: '' }]],
    ['a null member', [null]],
    ['a bare id', ['a']],
    ['a member whose value is not a string', [{ value: { id: 'a' } }]],
  ])('refuses %s with invalidValue', (_name, value) => {
    thrown(InvalidValueError, () => edges([{ op: 'add', path: 'members', value }]));
  });
});
