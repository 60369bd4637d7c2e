import { InvalidFilterError } from '../../errors/scim-errors';
import { SCHEMA_URN, type AttributeType } from '../schema/definitions';
import { COMPARISON_OPERATORS, type ComparisonValue, type ResolvedFilter } from './ast';
import { FILTER_OPERATORS } from './filter-operators';
import { registryWithNumbers, thrownBy, WIDGET } from './filter-test-support';
import { parseFilter } from './parse-filter';
import { resolveFilter } from './resolve-filter';
import { RFC_7644_FILTER_EXAMPLES } from './rfc7644-examples.test-support';

const registry = registryWithNumbers();
const users = registry.resource('User');
const groups = registry.resource('Group');

const resolved = (text: string, resource = users): ResolvedFilter => resolveFilter(resource, parseFilter(text));
const failure = (text: string, resource = users) => thrownBy(InvalidFilterError, () => resolved(text, resource));

/** The canonical path of the one comparison or presence test in `filter`, looking through `not`. */
function targetOf(filter: ResolvedFilter): string {
  if (filter.kind === 'not') return targetOf(filter.filter);
  if (filter.kind === 'compare' || filter.kind === 'present' || filter.kind === 'valuePath') return filter.attribute.path;
  throw new Error(`expected a single comparison, got ${filter.kind}`);
}

describe('RFC 7643 §2.1: "Attribute names are case insensitive", resolved to their canonical spelling', () => {
  it.each([
    ['USERNAME eq "x"', 'userName'],
    ['NAME.FAMILYNAME eq "x"', 'name.familyName'],
    ['urn:ietf:params:scim:schemas:core:2.0:user:USERNAME eq "x"', 'userName'],
    ['Meta.LastModified gt "2011-05-13T04:42:34Z"', 'meta.lastModified'],
    ['ID eq "x"', 'id'],
    [`${SCHEMA_URN.enterpriseUser.toUpperCase()}:DEPARTMENT eq "x"`, `${SCHEMA_URN.enterpriseUser}:department`],
    [`${SCHEMA_URN.enterpriseUser}:manager.value eq "x"`, `${SCHEMA_URN.enterpriseUser}:manager.value`],
    // IdPs omit the URN of extension attributes too (registry.ts).
    ['department eq "x"', `${SCHEMA_URN.enterpriseUser}:department`],
    ['members.$REF pr', 'members.$ref'],
  ])('%s names %s', (text, canonical) => {
    expect(targetOf(resolved(text, text.startsWith('members') ? groups : users))).toBe(canonical);
  });

  it('records where an extension attribute lives and whether strings compare exactly', () => {
    expect(resolved('employeeNumber eq "701984"')).toMatchObject({
      kind: 'compare',
      attribute: { schema: SCHEMA_URN.enterpriseUser, extension: true },
      valueType: 'string',
      caseExact: false,
    });
    expect(resolved('id eq "x"')).toMatchObject({ valueType: 'string', caseExact: true });
    expect(resolved('externalId eq "x"')).toMatchObject({ valueType: 'string', caseExact: true });
    expect(resolved('userName eq "x"')).toMatchObject({ valueType: 'string', caseExact: false });
  });

  it.each([
    ['nickname2 eq "x"', 0],
    ['userName eq "x" and name.middle eq "y"', 20],
    ['urn:example:unknown:2.0:User:userName eq "x"', 0],
    [`${SCHEMA_URN.enterpriseUser}:userName eq "x"`, 0],
    ['userName.value eq "x"', 0],
    ['emails[kind eq "work"]', 7],
    ['displayName pr and members pr', 19],
  ])('refuses the unknown attribute in %j, at position %i', (text, position) => {
    const error = failure(text);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.position).toBe(position);
  });

  it('refuses attributes of another resource type', () => {
    expect(failure('userName eq "x"', groups).position).toBe(0);
  });
});

describe('RFC 7644 §3.4.2.2 examples resolve against the User schema', () => {
  it.each(RFC_7644_FILTER_EXAMPLES.map(({ filter }) => filter))('%s', (text) => {
    expect(() => resolved(text)).not.toThrow();
  });
});

describe('RFC 7643 §2.2 returned "never": password cannot be filtered on', () => {
  const filters = ['password eq "secret"', 'password pr', `${SCHEMA_URN.user}:password sw "a"`, 'password eq null'];
  it.each(filters)('%s', (text) => {
    expect(failure(text).position).toBe(0);
  });
});

describe('RFC 7644 §3.4.2.2: "Clients MAY query by schema or schema extensions" with "schemas"', () => {
  it('resolves schemas as a multi-valued URI attribute compared case-insensitively', () => {
    expect(resolved(`schemas eq "${SCHEMA_URN.enterpriseUser}"`)).toMatchObject({
      kind: 'compare',
      attribute: { path: 'schemas', extension: false, definition: { multiValued: true } },
      valueType: 'string',
      caseExact: false,
    });
    expect(resolved('SCHEMAS pr')).toMatchObject({ kind: 'present', attribute: { path: 'schemas' } });
  });

  it('has no sub-attributes and no URN prefix', () => {
    expect(failure('schemas.value eq "x"').position).toBe(0);
    expect(failure(`${SCHEMA_URN.user}:schemas pr`).position).toBe(0);
  });
});

describe('Complex attributes: a comparison without a sub-attribute compares "value" (SCIM-NOTES.md)', () => {
  it('resolves emails co "example.com" as emails.value', () => {
    expect(resolved('emails co "example.com"')).toMatchObject({ kind: 'compare', attribute: { path: 'emails.value' } });
    expect(resolved(`${SCHEMA_URN.enterpriseUser}:manager eq "x"`)).toMatchObject({
      attribute: { path: `${SCHEMA_URN.enterpriseUser}:manager.value` },
    });
  });

  it('follows the type of value: x509Certificates compares as binary', () => {
    expect(failure('x509Certificates co "MII"').scimType).toBe('invalidFilter');
    expect(resolved('x509Certificates eq "MII"')).toMatchObject({ attribute: { path: 'x509Certificates.value' } });
  });

  it('refuses a comparison on a complex attribute that has no value sub-attribute', () => {
    expect(failure('userName pr and name eq "Barbara"').position).toBe(16);
    expect(failure('addresses co "Main Street"').position).toBe(0);
    expect(failure('meta gt "2011-05-13T04:42:34Z"').position).toBe(0);
  });

  it('tests presence of the complex attribute itself with pr', () => {
    expect(resolved('name pr')).toMatchObject({ kind: 'present', attribute: { path: 'name' } });
    expect(resolved('emails pr')).toMatchObject({ kind: 'present', attribute: { path: 'emails' } });
  });
});

describe('RFC 7644 §3.4.2.2 value paths', () => {
  it('resolves the bracketed filter against the sub-attributes of the complex attribute', () => {
    expect(resolved('EMAILS[TYPE eq "work" and not (Value pr)]')).toMatchObject({
      kind: 'valuePath',
      attribute: { path: 'emails' },
      filter: {
        kind: 'and',
        left: { kind: 'compare', attribute: { path: 'emails.type', target: { name: 'type' } } },
        right: { kind: 'not', filter: { kind: 'present', attribute: { path: 'emails.value' } } },
      },
    });
  });

  it('resolves value paths on extension and single-valued complex attributes', () => {
    expect(resolved(`${SCHEMA_URN.enterpriseUser}:manager[value eq "x"]`)).toMatchObject({
      attribute: { path: `${SCHEMA_URN.enterpriseUser}:manager` },
      filter: { attribute: { path: `${SCHEMA_URN.enterpriseUser}:manager.value` } },
    });
    expect(resolved('name[givenName eq "Barbara"]')).toMatchObject({ filter: { attribute: { path: 'name.givenName' } } });
  });

  it('applies the type rules inside the brackets', () => {
    expect(resolved('emails[primary eq "True"]')).toMatchObject({ filter: { valueType: 'boolean', value: true } });
    expect(failure('emails[type eq "work" and primary gt true]').position).toBe(26);
  });

  it('refuses brackets after an attribute that is not complex', () => {
    expect(failure('title pr or userName[value eq "x"]').position).toBe(12);
  });
});

describe('RFC 7644 §3.4.2.2, Table 3: operators by attribute type', () => {
  const samples: Record<Exclude<AttributeType, 'complex'>, [string, ComparisonValue]> = {
    string: ['userName', 'bjensen'],
    reference: ['profileUrl', 'https://example.com/bjensen'],
    binary: ['x509Certificates.value', 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw'],
    boolean: ['active', true],
    integer: [`${WIDGET}:level`, 3],
    decimal: [`${WIDGET}:score`, 1.5],
    dateTime: ['meta.created', '2011-05-13T04:42:34Z'],
  };
  const cases = Object.entries(samples).flatMap(([type, [attribute, value]]) =>
    COMPARISON_OPERATORS.map((op) => ({ type: type as AttributeType, attribute, value, op })),
  );

  it.each(cases)('$type $op: allowed exactly when FILTER_OPERATORS says so', ({ type, attribute, value, op }) => {
    const text = `${attribute} ${op} ${JSON.stringify(value)}`;
    if ((FILTER_OPERATORS[type] as readonly string[]).includes(op)) {
      expect(() => resolved(text)).not.toThrow();
    } else {
      expect(failure(text).position).toBe(0);
    }
  });

  it('"Boolean and Binary attributes SHALL cause a failed response … invalidFilter" for gt, ge, lt, le', () => {
    for (const op of ['gt', 'ge', 'lt', 'le']) {
      expect(failure(`active ${op} true`).scimType).toBe('invalidFilter');
      expect(failure(`x509Certificates.value ${op} "MII"`).scimType).toBe('invalidFilter');
    }
  });

  it('pr applies to every type', () => {
    for (const [attribute] of Object.values(samples)) expect(resolved(`${attribute} pr`).kind).toBe('present');
  });
});

describe('Comparison values must fit the attribute type', () => {
  it('compares strings with strings only', () => {
    expect(failure('userName gt 5').position).toBe(0);
    expect(failure('userName eq true').position).toBe(0);
    expect(resolved('userName gt "m"')).toMatchObject({ valueType: 'string', op: 'gt', value: 'm' });
  });

  it('reads booleans, and "true"/"false" strings in any case, which Entra sends', () => {
    expect(resolved('active eq true')).toMatchObject({ valueType: 'boolean', op: 'eq', value: true });
    expect(resolved('active eq "False"')).toMatchObject({ valueType: 'boolean', value: false });
    expect(resolved('active eq "TRUE"')).toMatchObject({ valueType: 'boolean', value: true });
    expect(failure('active eq "yes"').position).toBe(0);
    expect(failure('active eq 1').position).toBe(0);
  });

  it('compares numbers with numbers only', () => {
    expect(resolved(`${WIDGET}:level gt 3`)).toMatchObject({ valueType: 'number', op: 'gt', value: 3 });
    expect(resolved(`${WIDGET}:score ge -1.5e2`)).toMatchObject({ valueType: 'number', op: 'ge', value: -150 });
    expect(failure(`${WIDGET}:level eq "3"`).position).toBe(0);
    expect(failure(`${WIDGET}:level co 3`).position).toBe(0);
  });

  it('reads dateTimes as instants, whatever their offset', () => {
    expect(resolved('meta.lastModified gt "2011-05-13T04:42:34Z"')).toMatchObject({
      valueType: 'dateTime',
      op: 'gt',
      epochMillis: Date.UTC(2011, 4, 13, 4, 42, 34),
    });
    expect(resolved('meta.lastModified gt "2011-05-13T06:42:34.5+02:00"')).toMatchObject({
      epochMillis: Date.UTC(2011, 4, 13, 4, 42, 34, 500),
    });
    expect(failure('meta.lastModified gt "yesterday"').position).toBe(0);
    expect(failure('meta.lastModified gt "2011-02-30T00:00:00Z"').position).toBe(0);
    expect(failure('meta.lastModified gt 1305261754000').position).toBe(0);
  });
});

describe('The resolved form has no ne and no null', () => {
  it('writes x ne v as not (x eq v)', () => {
    expect(resolved('userName ne "bjensen"')).toMatchObject({
      kind: 'not',
      filter: { kind: 'compare', op: 'eq', value: 'bjensen', attribute: { path: 'userName' } },
    });
    expect(resolved('active ne "false"')).toMatchObject({
      kind: 'not',
      filter: { valueType: 'boolean', op: 'eq', value: false },
    });
  });

  it('RFC 7643 §2.5: writes x eq null as not (x pr) and x ne null as x pr', () => {
    const absent = (attribute: string) => ({
      kind: 'not',
      filter: { kind: 'present', attribute: expect.objectContaining({ path: attribute }) },
    });
    expect(resolved('title eq null')).toEqual(absent('title'));
    expect(resolved('title ne null')).toEqual({ kind: 'present', attribute: expect.objectContaining({ path: 'title' }) });
    expect(resolved('name eq null')).toEqual(absent('name'));
    expect(resolved('active eq null')).toEqual(absent('active'));
  });

  it('refuses null with any other operator', () => {
    for (const op of ['co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) expect(failure(`title ${op} null`).position).toBe(0);
  });

  it('keeps and, or and not as they are', () => {
    expect(resolved('title pr and (userName eq "a" or not (active eq true))')).toMatchObject({
      kind: 'and',
      left: { kind: 'present' },
      right: { kind: 'or', left: { kind: 'compare' }, right: { kind: 'not', filter: { kind: 'compare' } } },
    });
  });
});

describe('Positions point at the term at fault', () => {
  it('reports the position of the offending comparison in a larger filter', () => {
    expect(failure('userName eq "x" or (title pr and active gt true)').position).toBe(33);
  });

  it('has no position for a filter built in code', () => {
    const error = thrownBy(InvalidFilterError, () =>
      resolveFilter(users, { kind: 'compare', path: { attribute: 'nope' }, op: 'eq', value: 'x' }),
    );
    expect(error.position).toBeUndefined();
  });
});
