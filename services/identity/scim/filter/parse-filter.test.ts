import { InvalidFilterError, InvalidPathError } from '../../errors/scim-errors';
import { SCHEMA_URN } from '../schema/definitions';
import type { FilterNode } from './ast';
import { and, compare, not, or, path, present, thrownBy, valuePath, withoutPositions } from './filter-test-support';
import { DEFAULT_FILTER_LIMITS } from './limits';
import { parseAttributePath, parseFilter, parsePatchPath } from './parse-filter';

const parsed = (text: string): FilterNode => withoutPositions(parseFilter(text));

/** The InvalidFilterError that parsing `text` throws. */
const failure = (text: string, limits = {}) => thrownBy(InvalidFilterError, () => parseFilter(text, limits));

const ENTERPRISE = SCHEMA_URN.enterpriseUser;
const a = present(path('a'));
const b = present(path('b'));
const c = present(path('c'));

describe('RFC 7644 §3.4.2.2 filtering: the examples of Figure 2 parse', () => {
  const emailsCo = or(compare(path('emails'), 'co', 'example.com'), compare(path('emails', 'value'), 'co', 'example.org'));
  const typeAndValue = (type: string, value: string) =>
    and(compare({ attribute: 'type' }, 'eq', type), compare({ attribute: 'value' }, 'co', value));
  const workAtExample = typeAndValue('work', '@example.com');
  const examples: [string, FilterNode][] = [
    ['userName eq "bjensen"', compare(path('userName'), 'eq', 'bjensen')],
    [`name.familyName co "O'Malley"`, compare(path('name', 'familyName'), 'co', "O'Malley")],
    ['userName sw "J"', compare(path('userName'), 'sw', 'J')],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
      compare(path('userName', undefined, SCHEMA_URN.user), 'sw', 'J'),
    ],
    ['title pr', present(path('title'))],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', compare(path('meta', 'lastModified'), 'gt', '2011-05-13T04:42:34Z')],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', compare(path('meta', 'lastModified'), 'ge', '2011-05-13T04:42:34Z')],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', compare(path('meta', 'lastModified'), 'lt', '2011-05-13T04:42:34Z')],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', compare(path('meta', 'lastModified'), 'le', '2011-05-13T04:42:34Z')],
    ['title pr and userType eq "Employee"', and(present(path('title')), compare(path('userType'), 'eq', 'Employee'))],
    ['title pr or userType eq "Intern"', or(present(path('title')), compare(path('userType'), 'eq', 'Intern'))],
    [
      'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
      compare(path('schemas'), 'eq', ENTERPRISE),
    ],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      and(compare(path('userType'), 'eq', 'Employee'), emailsCo),
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      and(compare(path('userType'), 'ne', 'Employee'), not(emailsCo)),
    ],
    [
      'userType eq "Employee" and (emails.type eq "work")',
      and(compare(path('userType'), 'eq', 'Employee'), compare(path('emails', 'type'), 'eq', 'work')),
    ],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      and(compare(path('userType'), 'eq', 'Employee'), valuePath('emails', workAtExample)),
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      or(
        valuePath('emails', workAtExample),
        valuePath('ims', typeAndValue('xmpp', '@foo.com')),
      ),
    ],
  ];

  it.each(examples)('%s', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });

  it('parses every one of the ten attribute operators', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'] as const) {
      expect(parsed(`title ${op} "x"`)).toEqual(compare(path('title'), op, 'x'));
    }
    expect(parsed('title pr')).toEqual(present(path('title')));
  });

  it('records the 0-based position of each attribute path', () => {
    expect(parseFilter('  title pr and emails[type eq "work"]')).toEqual({
      kind: 'and',
      left: { kind: 'present', path: path('title'), position: 2 },
      right: {
        kind: 'valuePath',
        path: path('emails'),
        position: 15,
        filter: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'work', position: 22 },
      },
    });
  });
});

describe('RFC 7644 §3.4.2.2 precedence: "not" takes precedence over "and", which takes precedence over "or"', () => {
  it.each<[string, FilterNode]>([
    ['a pr or b pr and c pr', or(a, and(b, c))],
    ['a pr and b pr or c pr', or(and(a, b), c)],
    ['not (a pr) and b pr', and(not(a), b)],
    ['a pr or not (b pr) and c pr', or(a, and(not(b), c))],
    ['(a pr or b pr) and c pr', and(or(a, b), c)],
    ['a pr and b pr and c pr', and(and(a, b), c)],
    ['a pr or b pr or c pr', or(or(a, b), c)],
    ['a pr and (b pr and c pr)', and(a, and(b, c))],
    ['((a pr))', a],
    ['not (not (a pr))', not(not(a))],
  ])('%s', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });

  it('accepts not( without a space (errata 7319)', () => {
    expect(parsed('not(a pr)')).toEqual(not(a));
  });

  it('reads a word followed by an operator as an attribute, even not, and or or', () => {
    expect(parsed('not pr and not eq "x"')).toEqual(and(present(path('not')), compare(path('not'), 'eq', 'x')));
    expect(parsed('and pr or or eq 1')).toEqual(or(present(path('and')), compare(path('or'), 'eq', 1)));
  });
});

describe('RFC 7644 §3.4.2.2: "Attribute names and attribute operators used in filters are case insensitive"', () => {
  it('accepts operators and keywords in any case, and keeps names as written', () => {
    expect(parsed('USERNAME EQ "x" AND Title Pr OR NoT (active Eq TRUE) and x ne FALSE or y eq NULL')).toEqual(
      or(
        or(
          and(compare(path('USERNAME'), 'eq', 'x'), present(path('Title'))),
          and(not(compare(path('active'), 'eq', true)), compare(path('x'), 'ne', false)),
        ),
        compare(path('y'), 'eq', null),
      ),
    );
  });

  it('tolerates extra spaces, tabs and line breaks', () => {
    expect(parsed('\t userName   eq\t"x"\r\n and\n(title  pr )  ')).toEqual(
      and(compare(path('userName'), 'eq', 'x'), present(path('title'))),
    );
  });

  it('tolerates missing spaces where tokens cannot merge', () => {
    expect(parsed('(userName eq"x")and(title pr)')).toEqual(
      and(compare(path('userName'), 'eq', 'x'), present(path('title'))),
    );
  });
});

describe('RFC 7644 §3.4.2.2 compValue: "rules from JSON"', () => {
  it('decodes every JSON string escape', () => {
    expect(parsed(String.raw`title eq "q\" b\\ s\/ \b\f\n\r\t \u00e9\u00C9 \ud83d\ude00"`)).toEqual(
      compare(path('title'), 'eq', 'q" b\\ s/ \b\f\n\r\t éÉ 😀'),
    );
  });

  it('keeps non-ASCII characters and single quotes as they are', () => {
    expect(parsed(`title eq "Zoë's 日本"`)).toEqual(compare(path('title'), 'eq', "Zoë's 日本"));
  });

  it.each<[string, number]>([
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['1.5', 1.5],
    ['-0.25e-3', -0.00025],
    ['2E+10', 2e10],
    ['6.02e23', 6.02e23],
    ['-0', 0],
  ])('reads the number %s', (literal, value) => {
    expect(parsed(`x eq ${literal}`)).toEqual(compare(path('x'), 'eq', value));
  });

  it('reads true, false and null', () => {
    expect(parsed('x eq true or x eq false or x eq null')).toEqual(
      or(or(compare(path('x'), 'eq', true), compare(path('x'), 'eq', false)), compare(path('x'), 'eq', null)),
    );
  });

  it.each<[string, number]>([
    ['x eq 01', 5],
    ['x eq 1.', 5],
    ['x eq 1e', 5],
    ['x eq -', 5],
    ['x eq -a', 5],
    ['x eq 1e999', 5],
    ['x eq .5', 5],
    ['x eq "abc', 5],
    [String.raw`x eq "a\x"`, 7],
    [String.raw`x eq "\u12G4"`, 6],
    [String.raw`x eq "\u12"`, 6],
    ['x eq "a\tb"', 7],
    ['x eq "a\nb"', 7],
    ["x eq 'single'", 5],
  ])('refuses the malformed literal in %j at position %i', (text, position) => {
    expect(failure(text).position).toBe(position);
  });
});

describe('RFC 7644 §3.10 attribute paths in filters', () => {
  it('splits a URN prefix at the last colon', () => {
    expect(parsed(`${ENTERPRISE}:department eq "x"`)).toEqual(
      compare(path('department', undefined, ENTERPRISE), 'eq', 'x'),
    );
    expect(parsed(`${SCHEMA_URN.user}:name.familyName eq "x"`)).toEqual(
      compare(path('name', 'familyName', SCHEMA_URN.user), 'eq', 'x'),
    );
    expect(parsed(`${ENTERPRISE}:manager.value pr`)).toEqual(present(path('manager', 'value', ENTERPRISE)));
  });

  it('accepts $ref and names with digits, "-" and "_"', () => {
    expect(parsed('members.$ref pr')).toEqual(present(path('members', '$ref')));
    expect(parsed('$ref pr')).toEqual(present(path('$ref')));
    expect(parsed('x509Certificates.value pr and my-attr_2 pr')).toEqual(
      and(present(path('x509Certificates', 'value')), present(path('my-attr_2'))),
    );
  });

  it.each<[string, number]>([
    ['name. pr', 5],
    ['name.familyName.x pr', 15],
    ['name.1x pr', 5],
    ['$ pr', 0],
    ['a$ b pr', 3],
    [':userName pr', 0],
    ['urn: pr', 0],
    ['urn:x: pr', 6],
    ['foo:userName pr', 0],
    ['urn::x:userName pr', 0],
    ['user_name@x pr', 9],
  ])('refuses the malformed path in %j at position %i', (text, position) => {
    expect(failure(text).position).toBe(position);
  });
});

describe('RFC 7644 §3.4.2.2 value paths: "FILTER uses sub-attributes of a parent attrPath"', () => {
  it('parses logical expressions, grouping and not inside the brackets', () => {
    expect(parsed('emails[not (type eq "work") and (primary eq true or value pr)]')).toEqual(
      valuePath(
        'emails',
        and(
          not(compare({ attribute: 'type' }, 'eq', 'work')),
          or(compare({ attribute: 'primary' }, 'eq', true), present({ attribute: 'value' })),
        ),
      ),
    );
  });

  it('parses a value path under a URN prefix', () => {
    expect(parsed(`${ENTERPRISE}:manager[value eq "x"]`)).toEqual(
      valuePath('manager', compare({ attribute: 'value' }, 'eq', 'x'), ENTERPRISE),
    );
  });

  it('reads the IdP form emails[type eq "work"].value eq "x" as emails[type eq "work" and value eq "x"]', () => {
    const same = (a: string, b: string) => expect(withoutPositions(parseFilter(a))).toEqual(withoutPositions(parseFilter(b)));
    same('emails[type eq "work"].value eq "x"', 'emails[type eq "work" and value eq "x"]');
    same('emails[type eq "work"].value pr', 'emails[type eq "work" and value pr]');
  });

  it.each<[string, number]>([
    // After a value path's brackets, only a sub-attribute test may follow.
    ['emails[type eq "work"].value', 28],
    ['emails[type eq "work"].5 eq "x"', 23],
    // Errata 4690: no value path inside a value path.
    ['emails[type[value eq "x"]]', 11],
    ['emails[emails.type eq "work"]', 7],
    [`emails[${SCHEMA_URN.user}:type eq "work"]`, 7],
    ['emails.value[type eq "work"]', 12],
    ['emails[]', 7],
    ['emails[type eq "work"', 21],
    ['emails[type eq "work")', 21],
    ['emails[type eq "work"] eq "x"', 23],
  ])('refuses %j at position %i', (text, position) => {
    expect(failure(text).position).toBe(position);
  });
});

describe('RFC 7644 §3.12 invalidFilter: errors say where', () => {
  it.each<[string, number]>([
    ['', 0],
    ['   ', 3],
    ['userName', 8],
    ['userName eq', 11],
    ['userName equals "x"', 9],
    ['userName regex "x"', 9],
    ['userName eq bjensen', 12],
    ['userName eq "x" extra', 16],
    ['userName eq "x" and', 19],
    ['userName eq "x" or or title pr', 19],
    ['(userName eq "x"', 16],
    ['userName eq "x")', 15],
    ['not userName eq "x"', 4],
    ['not', 3],
    ['userName ! "x"', 9],
    ['userName eq "x" && title pr', 16],
    ['userName\u00a0eq "x"', 8],
    ['"x" eq userName', 0],
    ['42 eq userName', 0],
    ['and', 0],
    ['userName eq ("x")', 12],
  ])('%j fails at position %i', (text, position) => {
    const error = failure(text);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.position).toBe(position);
  });

  it('keeps string literals and unquoted values out of the detail: they are personal data', () => {
    expect(failure('userName eq bjensen').message).not.toContain('bjensen');
    expect(failure('userName eq "bjensen" x').message).not.toContain('bjensen');
    expect(failure('userName eq "bjensen').message).not.toContain('bjensen');
  });
});

describe('Bounds on filters (DESIGN.md: every input is bounded)', () => {
  it('advertises its defaults', () => {
    expect(DEFAULT_FILTER_LIMITS).toEqual({ maxLength: 4096, maxDepth: 32, maxNodes: 256 });
  });

  it('accepts 4096 characters and refuses 4097, at position 4096', () => {
    const filter = (length: number) => `title eq "${'x'.repeat(length - 'title eq ""'.length)}"`;
    expect(filter(4096)).toHaveLength(4096);
    expect(() => parseFilter(filter(4096))).not.toThrow();
    expect(failure(filter(4097)).position).toBe(4096);
  });

  it('accepts 32 levels of nesting and refuses 33, at the opening that goes too deep', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}a pr${')'.repeat(depth)}`;
    expect(parsed(nested(32))).toEqual(a);
    expect(failure(nested(33)).position).toBe(32);
    const negated = (depth: number) => `${'not ('.repeat(depth)}a pr${')'.repeat(depth)}`;
    expect(() => parseFilter(negated(32))).not.toThrow();
    expect(failure(negated(33)).position).toBe(32 * 'not ('.length + 'not '.length);
  });

  it('counts value path brackets as a level', () => {
    const filter = `${'('.repeat(31)}emails[${'('.repeat(1)}value pr)]${')'.repeat(31)}`;
    expect(failure(filter).position).toBe(31 + 'emails['.length);
    expect(() => parseFilter(`${'('.repeat(31)}emails[value pr]${')'.repeat(31)}`)).not.toThrow();
  });

  it('accepts 256 nodes and refuses 257, at the node that is one too many', () => {
    // n presence tests joined by "or" are 2n - 1 nodes; each term is 8 characters apart.
    const terms = (count: number) => Array.from({ length: count }, () => 'a pr').join(' or ');
    expect(() => parseFilter(`not (${terms(128)})`)).not.toThrow();
    expect(failure(`not (${terms(128)})`, { maxNodes: 255 }).position).toBe('not ('.length + 127 * 8);
    expect(failure(terms(129)).position).toBe(128 * 8);
  });

  it('takes other limits as a parameter', () => {
    expect(failure('a pr', { maxLength: 3 }).position).toBe(3);
    expect(failure('(a pr)', { maxDepth: 0 }).position).toBe(0);
    expect(failure('a pr and b pr', { maxNodes: 1 }).position).toBe(5);
  });
});

describe('RFC 7644 §3.10 attribute notation: parseAttributePath (sortBy, attributes)', () => {
  it.each([
    ['userName', path('userName')],
    ['name.givenName', path('name', 'givenName')],
    [' meta.lastModified ', path('meta', 'lastModified')],
    [`${SCHEMA_URN.user}:name.familyName`, path('name', 'familyName', SCHEMA_URN.user)],
    [`${ENTERPRISE}:manager`, path('manager', undefined, ENTERPRISE)],
    ['members.$ref', path('members', '$ref')],
  ])('%j', (text, expected) => {
    expect(parseAttributePath(text)).toEqual(expected);
  });

  it.each(['', 'name.', 'a.b.c', 'userName eq "x"', 'emails[type eq "work"]', '"userName"', 'user name', '1st'])(
    'refuses %j with invalidPath',
    (text) => {
      expect(thrownBy(InvalidPathError, () => parseAttributePath(text)).scimType).toBe('invalidPath');
    },
  );
});

describe('RFC 7644 §3.5.2 PATCH paths: "PATH = attrPath / valuePath [subAttr]"', () => {
  it.each([
    ['name.givenName', { path: path('name', 'givenName') }],
    [`${ENTERPRISE}:manager`, { path: path('manager', undefined, ENTERPRISE) }],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
      { path: path('members'), filter: compare({ attribute: 'value' }, 'eq', '2819c223-7f76-453a-919d-413861904646') },
    ],
    [
      'emails[type eq "work"].value',
      { path: path('emails'), filter: compare({ attribute: 'type' }, 'eq', 'work'), subAttribute: 'value' },
    ],
    [
      'addresses[type eq "work" and primary eq true].streetAddress',
      {
        path: path('addresses'),
        filter: and(compare({ attribute: 'type' }, 'eq', 'work'), compare({ attribute: 'primary' }, 'eq', true)),
        subAttribute: 'streetAddress',
      },
    ],
  ])('%j', (text, expected) => {
    const result = parsePatchPath(text);
    expect({ ...result, ...(result.filter ? { filter: withoutPositions(result.filter) } : {}) }).toEqual(expected);
  });

  it.each([
    '',
    'emails[type eq "work"].',
    'emails[type eq "work"]value',
    'emails[type eq "work"].value.display',
    'emails[type eq "work"].value[type eq "x"]',
    'emails[type eq ]',
    'emails[type eq "work"',
    'name.givenName[value eq "x"]',
    'emails[type[value eq "x"]]',
    'userName eq "x"',
  ])('refuses %j with invalidPath', (text) => {
    expect(thrownBy(InvalidPathError, () => parsePatchPath(text)).scimType).toBe('invalidPath');
  });

  it('bounds the filter inside the brackets', () => {
    expect(() => parsePatchPath('emails[(((type pr)))]', { maxDepth: 3 })).toThrow(InvalidPathError);
  });
});
