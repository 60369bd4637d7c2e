/**
 * Conformance data shared by the reference evaluator's tests and the store compilers'
 * tests: every filter example of RFC 7644 §3.4.2.2, with the userNames of the sample
 * Users it must select. A compiler agrees with evaluate.ts when, after loading
 * SAMPLE_USERS, each filter returns exactly `selects`.
 */
import { SCHEMA_URN } from '../schema/definitions';
import type { ScimJson } from './evaluate';

export interface FilterExample {
  filter: string;
  /** userNames of the SAMPLE_USERS the filter selects, in SAMPLE_USERS order. */
  selects: string[];
}

/** Four Users chosen so that every example below tells some of them apart. */
export const SAMPLE_USERS: ScimJson[] = [
  {
    schemas: [SCHEMA_URN.user, SCHEMA_URN.enterpriseUser],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: 'bjensen',
    userName: 'bjensen',
    name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
    title: 'Tour Guide',
    userType: 'Employee',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
    [SCHEMA_URN.enterpriseUser]: {
      employeeNumber: '701984',
      department: 'Tour Operations',
      manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
    },
  },
  {
    schemas: [SCHEMA_URN.user],
    id: 'c75ad752-64ae-4823-840d-ffa80929976c',
    userName: 'JOMalley',
    name: { familyName: "O'Malley", givenName: 'Jim' },
    userType: 'Intern',
    active: false,
    emails: [{ value: 'jim@example.org', type: 'work' }],
    ims: [{ value: 'jim@foo.com', type: 'xmpp' }],
    // One second after bjensen's lastModified, written with an offset.
    meta: { resourceType: 'User', created: '2011-01-01T00:00:00Z', lastModified: '2011-05-13T06:42:35+02:00' },
  },
  {
    schemas: [SCHEMA_URN.user],
    id: '5d48a0a8-e3f5-4d9d-9b4a-1e0d9a8c6f21',
    userName: 'jsmith',
    title: '',
    userType: 'Contractor',
    // A work email and an @example.com email, but not one work email at @example.com.
    emails: [
      { value: 'jsmith@example.com', type: 'home' },
      { value: 'js@work.example.org', type: 'work' },
    ],
    // One millisecond before bjensen's lastModified.
    meta: { resourceType: 'User', created: '2011-01-01T00:00:00Z', lastModified: '2011-05-13T04:42:33.999Z' },
  },
  {
    schemas: [SCHEMA_URN.user],
    id: '9f1b7d3e-0c2a-4b8e-a5d6-3e7f8a9b0c1d',
    userName: 'nobody',
    // bjensen's lastModified instant, written differently.
    meta: { resourceType: 'User', created: '2011-01-01T00:00:00Z', lastModified: '2011-05-13T04:42:34.000+00:00' },
  },
];

export const RFC_7644_FILTER_EXAMPLES: FilterExample[] = [
  { filter: 'userName eq "bjensen"', selects: ['bjensen'] },
  { filter: `name.familyName co "O'Malley"`, selects: ['JOMalley'] },
  { filter: 'userName sw "J"', selects: ['JOMalley', 'jsmith'] },
  { filter: 'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', selects: ['JOMalley', 'jsmith'] },
  { filter: 'title pr', selects: ['bjensen'] },
  { filter: 'meta.lastModified gt "2011-05-13T04:42:34Z"', selects: ['JOMalley'] },
  { filter: 'meta.lastModified ge "2011-05-13T04:42:34Z"', selects: ['bjensen', 'JOMalley', 'nobody'] },
  { filter: 'meta.lastModified lt "2011-05-13T04:42:34Z"', selects: ['jsmith'] },
  { filter: 'meta.lastModified le "2011-05-13T04:42:34Z"', selects: ['bjensen', 'jsmith', 'nobody'] },
  { filter: 'title pr and userType eq "Employee"', selects: ['bjensen'] },
  { filter: 'title pr or userType eq "Intern"', selects: ['bjensen', 'JOMalley'] },
  { filter: 'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', selects: ['bjensen'] },
  {
    filter: 'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    selects: ['bjensen'],
  },
  {
    filter: 'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    selects: ['nobody'],
  },
  { filter: 'userType eq "Employee" and (emails.type eq "work")', selects: ['bjensen'] },
  { filter: 'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', selects: ['bjensen'] },
  {
    filter: 'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    selects: ['bjensen', 'JOMalley'],
  },
];
