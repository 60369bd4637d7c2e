import { SCHEMA_URN } from '../schema/definitions';
import { matches, type ScimJson } from './evaluate';
import { registryWithNumbers, WIDGET } from './filter-test-support';
import { parseFilter } from './parse-filter';
import { resolveFilter } from './resolve-filter';
import { RFC_7644_FILTER_EXAMPLES, SAMPLE_USERS } from './rfc7644-examples.test-support';

const users = registryWithNumbers().resource('User');

/** Whether `doc` satisfies the filter written as `text`. */
const satisfies = (text: string, doc: ScimJson): boolean => matches(resolveFilter(users, parseFilter(text)), doc);

/** The userNames of the SAMPLE_USERS that the filter selects. */
const selected = (text: string, docs: ScimJson[] = SAMPLE_USERS): unknown[] =>
  docs.filter((doc) => satisfies(text, doc)).map((doc) => doc.userName);

const ENTERPRISE = SCHEMA_URN.enterpriseUser;

describe('RFC 7644 §3.4.2.2 examples, evaluated on the sample Users', () => {
  it.each(RFC_7644_FILTER_EXAMPLES)('$filter selects $selects', ({ filter, selects }) => {
    expect(selected(filter)).toEqual(selects);
  });
});

describe('RFC 7644 §3.4.2.2: "only one has to match for the entire User to match"', () => {
  it('matches a multi-valued attribute when any value matches', () => {
    expect(selected('emails.type eq "home"')).toEqual(['bjensen', 'jsmith']);
    expect(selected('emails co "jensen.org"')).toEqual(['bjensen']);
  });

  it('never matches a comparison on an attribute with no values', () => {
    expect(selected('ims.type eq "xmpp" or ims.type gt ""')).toEqual(['JOMalley']);
  });

  it('needs one element to satisfy the whole value path, but not a plain and', () => {
    expect(selected('emails[type eq "work" and value co "@example.com"]')).toEqual(['bjensen']);
    expect(selected('emails.type eq "work" and emails.value co "@example.com"')).toEqual(['bjensen', 'jsmith']);
    expect(selected('emails[not (type eq "work")]')).toEqual(['bjensen', 'jsmith']);
  });
});

describe('ne is not (eq): "The attribute and operator values are not identical"', () => {
  it('matches an absent attribute', () => {
    expect(selected('title ne "Tour Guide"')).toEqual(['JOMalley', 'jsmith', 'nobody']);
    expect(selected('active ne true')).toEqual(['JOMalley', 'jsmith', 'nobody']);
  });

  it('on a multi-valued attribute means that no value is identical', () => {
    expect(selected('emails.type ne "work"')).toEqual(['nobody']);
  });
});

describe('RFC 7643 §2.5: unassigned, null and empty are one state', () => {
  it('eq null matches what pr does not', () => {
    expect(selected('title eq null')).toEqual(['JOMalley', 'jsmith', 'nobody']);
    expect(selected('title ne null')).toEqual(['bjensen']);
    expect(selected('ims eq null')).toEqual(['bjensen', 'jsmith', 'nobody']);
  });

  it.each<[string, ScimJson, boolean]>([
    ['an empty string', { title: '' }, false],
    ['null', { title: null }, false],
    ['an empty array', { emails: [] }, false],
    ['an array of empty values', { emails: [{ value: '' }, { type: null }] }, false],
    ['an object with no non-empty value', { name: { givenName: '', familyName: null } }, false],
    ['an empty object', { name: {} }, false],
    ['false', { active: false }, true],
    ['a non-empty string', { title: 'x' }, true],
    ['one non-empty element', { emails: [{ value: '' }, { value: 'a@x' }] }, true],
    ['one non-empty sub-attribute', { name: { givenName: '', familyName: 'J' } }, true],
  ])('pr on %s is %s', (_, doc, present) => {
    const attribute = Object.keys(doc)[0];
    expect(satisfies(`${attribute} pr`, doc)).toBe(present);
  });

  it('pr on a number, 0 included, is true', () => {
    expect(satisfies(`${WIDGET}:level pr`, { [WIDGET]: { level: 0 } })).toBe(true);
    expect(satisfies(`${WIDGET}:level pr`, { [WIDGET]: {} })).toBe(false);
  });
});

describe('RFC 7644 §3.4.2.2: string case sensitivity "SHALL be determined by the attribute\'s caseExact"', () => {
  it('folds case when caseExact is false', () => {
    expect(selected('userName eq "BJENSEN"')).toEqual(['bjensen']);
    expect(selected('name.familyName sw "o\'m"')).toEqual(['JOMalley']);
    expect(selected(`schemas eq "${ENTERPRISE.toUpperCase()}"`)).toEqual(['bjensen']);
  });

  it('compares exactly when caseExact is true', () => {
    expect(selected('id eq "2819c223-7f76-453a-919d-413861904646"')).toEqual(['bjensen']);
    expect(selected('id eq "2819C223-7F76-453A-919D-413861904646"')).toEqual([]);
    expect(selected('externalId eq "BJENSEN"')).toEqual([]);
  });

  it('folds non-ASCII letters too', () => {
    expect(satisfies('displayName eq "ÉMILIE ÆSIR"', { displayName: 'émilie æsir' })).toBe(true);
    expect(satisfies('displayName co "straße"', { displayName: 'STRASSE' })).toBe(false);
  });
});

describe('co, sw and ew are literal: no pattern language anywhere', () => {
  it.each<[string, string, boolean]>([
    ['co ".*"', 'bjensen', false],
    ['co "_"', 'bjensen', false],
    ['co "%"', 'bjensen', false],
    ['co "%"', '100%', true],
    ['sw "b_"', 'bjensen', false],
    ['ew "[n]"', 'bjensen', false],
    ['co "\\\\"', 'a\\b', true],
    ['co ""', 'bjensen', true],
    ['sw "bjensen"', 'bjensen', true],
    ['ew "bjensen"', 'bjensen', true],
    ['co "JENS"', 'bjensen', true],
  ])('displayName %s on %j is %s', (comparison, value, expected) => {
    expect(satisfies(`displayName ${comparison}`, { displayName: value })).toBe(expected);
  });
});

describe('Ordering: "For string attribute types, this is a lexicographical comparison"', () => {
  it('orders strings by code point after folding', () => {
    expect(selected('userName gt "j"')).toEqual(['JOMalley', 'jsmith', 'nobody']);
    expect(selected('userName lt "JSMITH"')).toEqual(['bjensen', 'JOMalley']);
    expect(selected('userName le "JSMITH"')).toEqual(['bjensen', 'JOMalley', 'jsmith']);
    expect(selected('userName ge "nobody"')).toEqual(['nobody']);
  });

  it('puts characters beyond U+FFFF after U+FFFD, as UTF-8 byte order does', () => {
    expect(satisfies('displayName gt "\uFFFD"', { displayName: '😀' })).toBe(true);
    expect(satisfies('displayName lt "\uFFFD"', { displayName: '😀' })).toBe(false);
  });

  it('orders dateTimes chronologically, whatever their offsets', () => {
    expect(satisfies('meta.created eq "2011-01-01T01:00:00+01:00"', SAMPLE_USERS[1])).toBe(true);
    expect(satisfies('meta.created lt "2010-12-31T19:00:00.001-05:00"', SAMPLE_USERS[1])).toBe(true);
    expect(satisfies('meta.created gt "2010-12-31T19:00:00-05:00"', SAMPLE_USERS[1])).toBe(false);
  });

  it('never matches a stored dateTime that does not parse', () => {
    const doc = { meta: { lastModified: 'last Tuesday' } };
    expect(satisfies('meta.lastModified lt "9999-12-31T23:59:59Z"', doc)).toBe(false);
    expect(satisfies('meta.lastModified gt "0000-01-01T00:00:00Z"', doc)).toBe(false);
    expect(satisfies('meta.lastModified pr', doc)).toBe(true);
  });

  it('orders numbers numerically', () => {
    const doc = { [WIDGET]: { level: 10, score: -0.5 } };
    expect(satisfies(`${WIDGET}:level gt 9.5`, doc)).toBe(true);
    expect(satisfies(`${WIDGET}:level eq 1e1`, doc)).toBe(true);
    expect(satisfies(`${WIDGET}:level lt 2`, doc)).toBe(false);
    expect(satisfies(`${WIDGET}:score le -0.5 and ${WIDGET}:score ge -5e-1`, doc)).toBe(true);
  });
});

describe('Booleans', () => {
  it('match by identity, and absent is not false', () => {
    expect(selected('active eq true')).toEqual(['bjensen']);
    expect(selected('active eq false')).toEqual(['JOMalley']);
    expect(selected('active eq "False"')).toEqual(['JOMalley']);
    expect(selected('emails[primary eq true]')).toEqual(['bjensen']);
  });
});

describe('Extension attributes live under their schema URN', () => {
  it('reads them with or without the URN in the filter', () => {
    expect(selected(`${ENTERPRISE}:department eq "tour operations"`)).toEqual(['bjensen']);
    expect(selected('employeeNumber eq "701984"')).toEqual(['bjensen']);
    expect(selected(`${ENTERPRISE}:manager.value sw "26118915"`)).toEqual(['bjensen']);
    expect(selected(`${ENTERPRISE}:manager eq "26118915-6090-4610-87e4-49d8ca9f808d"`)).toEqual(['bjensen']);
    expect(selected(`${ENTERPRISE}:manager[displayName co "smith"]`)).toEqual(['bjensen']);
  });

  it('does not find them at the top level of the document', () => {
    expect(satisfies('department pr', { department: 'Tour Operations' })).toBe(false);
  });
});

describe('Logic: "not" takes precedence over "and", which takes precedence over "or"', () => {
  it('evaluates precedence and grouping', () => {
    expect(selected('userName eq "nobody" or userType eq "Intern" and active eq true')).toEqual(['nobody']);
    expect(selected('(userName eq "nobody" or userType eq "Intern") and active eq false')).toEqual(['JOMalley']);
    expect(selected('not (title pr) and not (emails pr)')).toEqual(['nobody']);
    expect(selected('not (not (title pr))')).toEqual(['bjensen']);
  });
});

describe('Documents of unexpected shape', () => {
  it.each<ScimJson>([
    { userName: 5, emails: 'bjensen@example.com', meta: [], name: 'Barbara' },
    { userName: ['bjensen'], emails: [null, 'x', [{ value: 'bjensen@example.com' }]], meta: { lastModified: 5 } },
    { [ENTERPRISE]: 'Tour Operations', active: 'true', schemas: null },
    {},
  ])('do not match and do not throw: %j', (doc) => {
    for (const text of [
      'userName eq "5"',
      'emails[type eq "work"]',
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      'name.givenName sw "B"',
      `${ENTERPRISE}:department eq "Tour Operations"`,
      'active eq true',
      `schemas eq "${SCHEMA_URN.user}"`,
    ]) {
      expect(satisfies(text, doc)).toBe(false);
    }
  });

  it('reads a multi-valued simple attribute value by value', () => {
    expect(satisfies('userName eq "b"', { userName: ['a', 'B'] })).toBe(true);
  });
});
