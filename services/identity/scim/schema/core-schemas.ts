/**
 * The RFC 7643 §8.7.1 definitions of the User, Group and EnterpriseUser schemas, and
 * the §3.1 common attributes (id, externalId, meta) that every resource carries but
 * no schema document lists. The builders only fill in the RFC's defaults (§2.2):
 * every characteristic that differs from them is written out below.
 */
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from './definitions';
import { SCHEMA_URN } from './definitions';

type Overrides = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

function attribute(
  name: string,
  type: AttributeDefinition['type'],
  description: string,
  overrides: Overrides = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...overrides,
  };
}

const text = (name: string, description: string, overrides?: Overrides) =>
  attribute(name, 'string', description, overrides);

function complex(
  name: string,
  description: string,
  subAttributes: AttributeDefinition[],
  overrides: Overrides = {},
): AttributeDefinition {
  return attribute(name, 'complex', description, { ...overrides, subAttributes });
}

/** The RFC's recurring multi-valued shape: value, display, type, primary. */
function multiValued(
  name: string,
  description: string,
  value: AttributeDefinition,
  types: string[] | undefined,
): AttributeDefinition {
  return complex(
    name,
    description,
    [
      value,
      text('display', 'A human-readable name, primarily used for display purposes.'),
      text('type', `A label indicating the attribute's function.`, types ? { canonicalValues: types } : {}),
      attribute('primary', 'boolean', 'Whether this is the primary or preferred value. At most one value may be primary.'),
    ],
    { multiValued: true },
  );
}

/** RFC 7643 §3.1: present in every resource, described by no schema document. */
export const COMMON_ATTRIBUTES: AttributeDefinition[] = [
  text('id', 'A unique identifier for the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  text('externalId', 'An identifier for the resource as defined by the provisioning client.', {
    caseExact: true,
  }),
  complex(
    'meta',
    'Resource metadata.',
    [
      text('resourceType', 'The name of the resource type of the resource.', { caseExact: true, mutability: 'readOnly' }),
      attribute('created', 'dateTime', 'When the resource was added to the service provider.', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', 'When the resource was last modified.', { mutability: 'readOnly' }),
      attribute('location', 'reference', 'The URI of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      text('version', 'The version of the resource, a weak entity tag.', { caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly' },
  ),
];

const emailTypes = ['work', 'home', 'other'];
const phoneTypes = ['work', 'home', 'mobile', 'fax', 'pager', 'other'];
const imTypes = ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'];

export const USER_SCHEMA: SchemaDefinition = {
  id: SCHEMA_URN.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    text('userName', 'Unique identifier for the User, typically used by the user to directly authenticate.', {
      required: true,
      uniqueness: 'server',
    }),
    complex('name', `The components of the user's real name.`, [
      text('formatted', 'The full name, formatted for display.'),
      text('familyName', 'The family name of the User, or last name in most Western languages.'),
      text('givenName', 'The given name of the User, or first name in most Western languages.'),
      text('middleName', 'The middle name(s) of the User.'),
      text('honorificPrefix', 'The honorific prefix(es) of the User, or title in most Western languages.'),
      text('honorificSuffix', 'The honorific suffix(es) of the User, or suffix in most Western languages.'),
    ]),
    text('displayName', 'The name of the User, suitable for display to end-users.'),
    text('nickName', 'The casual way to address the user in real life.'),
    attribute('profileUrl', 'reference', `A fully qualified URL pointing to a page representing the User's online profile.`, {
      referenceTypes: ['external'],
    }),
    text('title', `The user's title, such as "Vice President".`),
    text('userType', 'Used to identify the relationship between the organization and the user.'),
    text('preferredLanguage', `The User's preferred written or spoken language.`),
    text('locale', `The User's default location for localizing values.`),
    text('timezone', `The User's time zone in the 'Olson' time zone database format.`),
    attribute('active', 'boolean', `The User's administrative status.`),
    text('password', `The User's cleartext password, used to set or compare it. Never returned.`, {
      mutability: 'writeOnly',
      returned: 'never',
    }),
    multiValued('emails', 'Email addresses for the user.', text('value', 'Email address for the user.'), emailTypes),
    multiValued('phoneNumbers', 'Phone numbers for the User.', text('value', 'Phone number of the User.'), phoneTypes),
    multiValued('ims', 'Instant messaging addresses for the User.', text('value', 'Instant messaging address for the User.'), imTypes),
    multiValued(
      'photos',
      'URLs of photos of the User.',
      attribute('value', 'reference', 'URL of a photo of the User.', { referenceTypes: ['external'] }),
      ['photo', 'thumbnail'],
    ),
    complex(
      'addresses',
      'A physical mailing address for this User.',
      [
        text('formatted', 'The full mailing address, formatted for display.'),
        text('streetAddress', 'The full street address component.'),
        text('locality', 'The city or locality component.'),
        text('region', 'The state or region component.'),
        text('postalCode', 'The zip code or postal code component.'),
        text('country', 'The country name component, as an ISO 3166-1 alpha-2 code.'),
        text('type', `A label indicating the attribute's function.`, { canonicalValues: ['work', 'home', 'other'] }),
        attribute('primary', 'boolean', 'Whether this is the primary or preferred address.'),
      ],
      { multiValued: true },
    ),
    complex(
      'groups',
      'A list of groups to which the user belongs, either through direct membership or through nested groups.',
      [
        text('value', 'The identifier of the User\'s group.', { mutability: 'readOnly' }),
        attribute('$ref', 'reference', 'The URI of the corresponding Group resource.', {
          mutability: 'readOnly',
          referenceTypes: ['Group'],
        }),
        text('display', 'A human-readable name, primarily used for display purposes.', { mutability: 'readOnly' }),
        text('type', 'The membership: direct, or indirect through a nested group.', {
          mutability: 'readOnly',
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
      { multiValued: true, mutability: 'readOnly' },
    ),
    multiValued('entitlements', 'A list of entitlements for the User.', text('value', 'The value of an entitlement.'), undefined),
    multiValued('roles', 'A list of roles for the User.', text('value', 'The value of a role.'), undefined),
    multiValued(
      'x509Certificates',
      'A list of certificates issued to the User.',
      attribute('value', 'binary', 'The value of an X.509 certificate, base64-encoded DER.'),
      undefined,
    ),
  ],
};

export const GROUP_SCHEMA: SchemaDefinition = {
  id: SCHEMA_URN.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    text('displayName', 'A human-readable name for the Group.', { required: true }),
    complex(
      'members',
      'A list of members of the Group.',
      [
        text('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
        attribute('$ref', 'reference', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        text('display', 'A human-readable name for the member.', { mutability: 'readOnly' }),
        text('type', 'A label indicating the type of resource, e.g., User or Group.', {
          mutability: 'immutable',
          canonicalValues: ['User', 'Group'],
        }),
      ],
      { multiValued: true },
    ),
  ],
};

export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: SCHEMA_URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    text('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person by the organization.'),
    text('costCenter', 'Identifies the name of a cost center.'),
    text('organization', 'Identifies the name of an organization.'),
    text('division', 'Identifies the name of a division.'),
    text('department', 'Identifies the name of a department.'),
    complex('manager', `The User's manager.`, [
      text('value', 'The id of the SCIM resource representing the User\'s manager.'),
      attribute('$ref', 'reference', 'The URI of the SCIM resource representing the User\'s manager.', {
        referenceTypes: ['User'],
      }),
      text('displayName', 'The displayName of the User\'s manager.', { mutability: 'readOnly' }),
    ]),
  ],
};

export const CORE_SCHEMAS: SchemaDefinition[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA];

export const CORE_RESOURCE_TYPES: ResourceTypeDefinition[] = [
  {
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: SCHEMA_URN.user,
    schemaExtensions: [{ schema: SCHEMA_URN.enterpriseUser, required: false }],
  },
  {
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'Group',
    schema: SCHEMA_URN.group,
    schemaExtensions: [],
  },
];
