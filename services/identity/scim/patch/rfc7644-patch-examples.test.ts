/**
 * The PATCH examples of RFC 7644 §3.5.2.1–3, and each processing rule those sections
 * state, as a table: a document, a PatchOp body, and the exact resulting document (and
 * EdgeDelta for groups, whose members the service keeps as edges). Groups also run
 * with members kept in the document, the engine's behaviour for any other multi-valued
 * attribute.
 */
import type { ScimJson } from '../resource/scim-json';
import type { EdgeDelta } from './apply-patch';
import { body, ENTERPRISE, GROUP, GROUP_EDGES, patchBody, USER } from './patch-test-support';

const BABS = '2819c223-7f76-453a-919d-413861904646';
const JAMES = '08e1d05d-121c-4561-8b96-473d93df9210';
const babs = { display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${BABS}`, value: BABS };
const james = { display: 'James Smith', $ref: `https://example.com/v2/Users/${JAMES}`, value: JAMES };

/** bjensen of RFC 7643 §8.2, as stored: no id, meta or schemas. */
const BJENSEN: ScimJson = {
  userName: 'bjensen',
  name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
  title: 'Tour Guide',
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [
    { type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA', primary: true },
    { type: 'home', streetAddress: '456 Hollywood Blvd', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA' },
  ],
  x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
  [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations' },
};

const TOUR_GUIDES: ScimJson = { displayName: 'Tour Guides' };
const TOUR_GUIDES_WITH_MEMBERS: ScimJson = {
  displayName: 'Tour Guides',
  members: [{ value: BABS, $ref: babs.$ref }, { value: JAMES, $ref: james.$ref }],
};

interface Example {
  name: string;
  doc: ScimJson;
  operations: unknown[];
  expected: ScimJson;
}

interface GroupExample {
  name: string;
  operations: unknown[];
  /** The delta when members are edges; the group's document is left as it was. */
  edges: EdgeDelta;
  /** The document when members are kept in it, starting from TOUR_GUIDES_WITH_MEMBERS. */
  inDocument: ScimJson;
}

const { title: _title, ...withoutTitle } = BJENSEN;

function check({ doc, operations, expected }: Example): void {
  expect(patchBody(USER, doc, body(...operations)).doc).toEqual(expected);
}

describe('RFC 7644 §3.5.2.1 add', () => {
  const examples: Example[] = [
    {
      // §3.5.2.1 example: "add one or more attributes to a User resource without using a "path" attribute".
      name: 'without a path, "value" holds attributes to add: an email is appended and nickName (written "nickname") is set',
      doc: BJENSEN,
      operations: [{ op: 'add', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickname: 'Babs' } }],
      // The home email is already there, identical: "no changes SHOULD be made".
      expected: { ...BJENSEN, nickName: 'Babs' },
    },
    {
      name: '"If the target location specifies a multi-valued attribute, a new value is added to the attribute."',
      doc: BJENSEN,
      operations: [{ op: 'add', path: 'emails', value: [{ value: 'bjensen@jensen.org', type: 'other' }] }],
      expected: { ...BJENSEN, emails: [...(BJENSEN.emails as object[]), { value: 'bjensen@jensen.org', type: 'other' }] },
    },
    {
      name: '"If the target location already contains the value specified, no changes SHOULD be made to the resource"',
      doc: BJENSEN,
      operations: [{ op: 'add', path: 'emails', value: [{ value: 'BJENSEN@example.com', type: 'work', primary: true }] }],
      expected: BJENSEN,
    },
    {
      name: '"If the target location specifies a single-valued attribute, the existing value is replaced."',
      doc: BJENSEN,
      operations: [{ op: 'add', path: 'title', value: 'Senior Tour Guide' }],
      expected: { ...BJENSEN, title: 'Senior Tour Guide' },
    },
    {
      name: '"If the target location does not exist, the attribute and value are added."',
      doc: BJENSEN,
      operations: [{ op: 'add', path: 'nickName', value: 'Babs' }],
      expected: { ...BJENSEN, nickName: 'Babs' },
    },
    {
      name: '"If the target location specifies a complex attribute, a set of sub-attributes SHALL be specified in the "value" parameter."',
      doc: BJENSEN,
      operations: [{ op: 'add', path: 'name', value: { middleName: 'Jane', honorificSuffix: 'III' } }],
      expected: { ...BJENSEN, name: { ...(BJENSEN.name as object), middleName: 'Jane', honorificSuffix: 'III' } },
    },
    {
      name: 'an extension attribute, by its URN path (RFC 7644 §3.10)',
      doc: BJENSEN,
      operations: [{ op: 'add', path: `${ENTERPRISE}:costCenter`, value: '4130' }],
      expected: { ...BJENSEN, [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations', costCenter: '4130' } },
    },
    {
      name: 'the first extension attribute creates the extension object',
      doc: withoutTitle,
      operations: [{ op: 'add', path: `${ENTERPRISE}:manager`, value: { value: JAMES } }],
      expected: { ...withoutTitle, [ENTERPRISE]: { ...(BJENSEN[ENTERPRISE] as object), manager: { value: JAMES } } },
    },
  ];
  it.each(examples)('$name', check);
});

describe('RFC 7644 §3.5.2.2 remove', () => {
  const examples: Example[] = [
    {
      name: '"If the target location is a single-value attribute, the attribute and its associated value is removed"',
      doc: BJENSEN,
      operations: [{ op: 'remove', path: 'title' }],
      expected: withoutTitle,
    },
    {
      name: '"If the target location is a multi-valued attribute and no filter is specified, the attribute and all values are removed"',
      doc: BJENSEN,
      operations: [{ op: 'remove', path: 'emails' }],
      expected: (({ emails: _emails, ...rest }) => rest)(BJENSEN),
    },
    {
      name: '"…a complex filter is specified comparing a "value", the values matched by the filter are removed": the last certificate leaves the attribute unassigned',
      doc: BJENSEN,
      operations: [{ op: 'remove', path: 'x509Certificates[value eq "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"]' }],
      expected: (({ x509Certificates: _certificates, ...rest }) => rest)(BJENSEN),
    },
    {
      name: '"…a complex filter is specified based on the attribute\'s sub-attributes, the matching records are removed"',
      doc: BJENSEN,
      operations: [{ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }],
      expected: { ...BJENSEN, emails: [{ value: 'babs@jensen.org', type: 'home' }] },
    },
    {
      name: 'a sub-attribute of the records a filter selects: "Sub-attributes whose values have been removed SHALL be considered unassigned"',
      doc: BJENSEN,
      operations: [{ op: 'remove', path: 'addresses[type eq "work"].primary' }],
      expected: {
        ...BJENSEN,
        addresses: [
          { type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA' },
          (BJENSEN.addresses as object[])[1],
        ],
      },
    },
    {
      name: 'a sub-attribute of a complex attribute',
      doc: BJENSEN,
      operations: [{ op: 'remove', path: 'name.formatted' }],
      expected: { ...BJENSEN, name: { familyName: 'Jensen', givenName: 'Barbara' } },
    },
    {
      name: 'the last extension attribute takes the extension object with it',
      doc: { userName: 'bjensen', [ENTERPRISE]: { department: 'Tour Operations' } },
      operations: [{ op: 'remove', path: `${ENTERPRISE}:department` }],
      expected: { userName: 'bjensen' },
    },
  ];
  it.each(examples)('$name', check);
});

describe('RFC 7644 §3.5.2.3 replace', () => {
  const examples: Example[] = [
    {
      // §3.5.2.3 example: "change a User's entire "work" address, using a "valuePath" filter".
      name: 'addresses[type eq "work"]: "all matching record values SHALL be replaced"',
      doc: BJENSEN,
      operations: [
        {
          op: 'replace',
          path: 'addresses[type eq "work"]',
          value: {
            type: 'work',
            streetAddress: '911 Universal City Plaza',
            locality: 'Hollywood',
            region: 'CA',
            postalCode: '91608',
            country: 'US',
            formatted: '911 Universal City Plaza\nHollywood, CA 91608 US',
            primary: true,
          },
        },
      ],
      expected: {
        ...BJENSEN,
        addresses: [
          {
            type: 'work',
            streetAddress: '911 Universal City Plaza',
            locality: 'Hollywood',
            region: 'CA',
            postalCode: '91608',
            country: 'US',
            formatted: '911 Universal City Plaza\nHollywood, CA 91608 US',
            primary: true,
          },
          (BJENSEN.addresses as object[])[1],
        ],
      },
    },
    {
      // §3.5.2.3 example: "change a specific sub-attribute "streetAddress" … selected by a "valuePath" filter".
      name: 'addresses[type eq "work"].streetAddress: "the matching sub-attribute of all matching records is replaced"',
      doc: BJENSEN,
      operations: [{ op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' }],
      expected: {
        ...BJENSEN,
        addresses: [{ ...(BJENSEN.addresses as object[])[0], streetAddress: '1010 Broadway Ave' }, (BJENSEN.addresses as object[])[1]],
      },
    },
    {
      // §3.5.2.3 example: "replace all values of one or more specific attributes of a User resource".
      name: 'without a path: "the "value" attribute SHALL contain a list of one or more attributes that are to be replaced"',
      doc: BJENSEN,
      operations: [
        {
          op: 'replace',
          value: {
            emails: [
              { value: 'bjensen@example.com', type: 'work', primary: true },
              { value: 'babs@jensen.org', type: 'home' },
            ],
            nickname: 'Babs',
          },
        },
      ],
      expected: { ...BJENSEN, nickName: 'Babs' },
    },
    {
      name: '"If the target location is a multi-valued attribute and no filter is specified, the attribute and all values are replaced."',
      doc: BJENSEN,
      operations: [{ op: 'replace', path: 'emails', value: [{ value: 'babs@example.org', type: 'home' }] }],
      expected: { ...BJENSEN, emails: [{ value: 'babs@example.org', type: 'home' }] },
    },
    {
      name: '"If the target location is a single-value attribute, the attributes value is replaced."',
      doc: BJENSEN,
      operations: [{ op: 'replace', path: 'title', value: 'Manager' }],
      expected: { ...BJENSEN, title: 'Manager' },
    },
    {
      name: '"If the target location path specifies an attribute that does not exist, the service provider SHALL treat the operation as an "add"."',
      doc: BJENSEN,
      operations: [{ op: 'replace', path: 'profileUrl', value: 'https://login.example.com/bjensen' }],
      expected: { ...BJENSEN, profileUrl: 'https://login.example.com/bjensen' },
    },
    {
      name: '"Sub-attributes that are not specified in the "value" parameter are left unchanged."',
      doc: BJENSEN,
      operations: [{ op: 'replace', path: 'name', value: { givenName: 'Babs' } }],
      expected: { ...BJENSEN, name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Babs' } },
    },
  ];
  it.each(examples)('$name', check);
});

describe('RFC 7644 §3.5.2 primary', () => {
  it('"a PATCH operation that sets a value\'s "primary" sub-attribute to "true" SHALL cause the server to automatically set "primary" to "false" for any other values"', () => {
    const result = patchBody(USER, BJENSEN, body({ op: 'replace', path: 'emails[type eq "home"].primary', value: true }));
    expect(result.doc.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: false },
      { value: 'babs@jensen.org', type: 'home', primary: true },
    ]);
  });

  it('also when the new primary value is added', () => {
    const result = patchBody(USER, BJENSEN, body({ op: 'add', path: 'emails', value: { value: 'b@example.org', type: 'other', primary: true } }));
    expect(result.doc.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: false },
      { value: 'babs@jensen.org', type: 'home' },
      { value: 'b@example.org', type: 'other', primary: true },
    ]);
  });
});

describe('RFC 7644 §3.5.2.1–3 group members, kept as edges and kept in the document', () => {
  const examples: GroupExample[] = [
    {
      // §3.5.2.1 example: "add a member to a group".
      name: '§3.5.2.1: add a member to a group',
      operations: [{ op: 'add', path: 'members', value: [babs] }],
      edges: { add: [BABS], remove: [] },
      // Already a member (display is readOnly and is dropped): nothing changes.
      inDocument: TOUR_GUIDES_WITH_MEMBERS,
    },
    {
      // §3.5.2.2 example: "remove a member from a group".
      name: '§3.5.2.2: remove a member by filter',
      operations: [{ op: 'remove', path: `members[value eq "${BABS}"]` }],
      edges: { add: [], remove: [BABS] },
      inDocument: { displayName: 'Tour Guides', members: [{ value: JAMES, $ref: james.$ref }] },
    },
    {
      name: '§3.5.2.2: a member filter that matches no member removes nothing and succeeds',
      operations: [{ op: 'remove', path: 'members[value eq "not-a-member"]' }],
      edges: { add: [], remove: ['not-a-member'] },
      inDocument: TOUR_GUIDES_WITH_MEMBERS,
    },
    {
      // §3.5.2.2 example: "remove all members of a group".
      name: '§3.5.2.2: remove all members',
      operations: [{ op: 'remove', path: 'members' }],
      edges: { add: [], remove: [], replace: [] },
      inDocument: { displayName: 'Tour Guides' },
    },
    {
      // §3.5.2.2 example: "replace all of the members of a group with a different members list" (remove, then add).
      name: '§3.5.2.2: remove all members, then add new ones, in one request',
      operations: [
        { op: 'remove', path: 'members' },
        { op: 'add', path: 'members', value: [babs, james] },
      ],
      edges: { add: [], remove: [], replace: [BABS, JAMES] },
      inDocument: TOUR_GUIDES_WITH_MEMBERS,
    },
    {
      // §3.5.2.3 example: "replace all of the members of a group with a different members list".
      name: '§3.5.2.3: replace the members',
      operations: [{ op: 'replace', path: 'members', value: [james] }],
      edges: { add: [], remove: [], replace: [JAMES] },
      inDocument: { displayName: 'Tour Guides', members: [{ value: JAMES, $ref: james.$ref }] },
    },
  ];

  it.each(examples)('$name (edges)', ({ operations, edges }) => {
    const result = patchBody(GROUP, TOUR_GUIDES, body(...operations), GROUP_EDGES);
    expect(result.doc).toEqual(TOUR_GUIDES);
    expect(result.edges).toEqual(edges);
    expect(result.changedAttributes).toEqual(['members']);
  });

  it.each(examples)('$name (in the document)', ({ operations, inDocument }) => {
    const result = patchBody(GROUP, TOUR_GUIDES_WITH_MEMBERS, body(...operations));
    expect(result.doc).toEqual(inDocument);
    expect(result.edges).toBeUndefined();
  });
});
