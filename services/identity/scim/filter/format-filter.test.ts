import type { FilterNode } from './ast';
import { and, compare, not, or, path, present, valuePath } from './filter-test-support';
import { formatAttributePath, formatFilter } from './format-filter';
import { parseFilter } from './parse-filter';
import { RFC_7644_FILTER_EXAMPLES } from './rfc7644-examples.test-support';

const a = present(path('a'));
const b = present(path('b'));
const c = present(path('c'));

describe('RFC 7644 §3.4.2.2 filters, printed', () => {
  it.each(RFC_7644_FILTER_EXAMPLES.map(({ filter }) => filter))('prints %s as the RFC writes it', (text) => {
    // The one example with redundant parentheses loses them.
    const redundant = 'userType eq "Employee" and (emails.type eq "work")';
    expect(formatFilter(parseFilter(text))).toBe(text === redundant ? 'userType eq "Employee" and emails.type eq "work"' : text);
  });

  it('writes keywords and operators in lower case, and names as they were written', () => {
    expect(formatFilter(parseFilter('NOT (UserName EQ "x") AND Title PR'))).toBe('not (UserName eq "x") and Title pr');
  });

  it.each<[FilterNode, string]>([
    [and(a, and(b, c)), 'a pr and (b pr and c pr)'],
    [and(and(a, b), c), 'a pr and b pr and c pr'],
    [or(a, or(b, c)), 'a pr or (b pr or c pr)'],
    [or(or(a, b), c), 'a pr or b pr or c pr'],
    [and(or(a, b), c), '(a pr or b pr) and c pr'],
    [and(a, or(b, c)), 'a pr and (b pr or c pr)'],
    [or(and(a, b), c), 'a pr and b pr or c pr'],
    [or(a, and(b, c)), 'a pr or b pr and c pr'],
    [not(or(a, b)), 'not (a pr or b pr)'],
    [and(not(a), b), 'not (a pr) and b pr'],
    [
      valuePath('emails', or(compare({ attribute: 'type' }, 'eq', 'work'), not(present({ attribute: 'value' })))),
      'emails[type eq "work" or not (value pr)]',
    ],
  ])('parenthesizes only where precedence needs it: %j', (node, text) => {
    expect(formatFilter(node)).toBe(text);
  });

  it('writes values as JSON literals', () => {
    expect(formatFilter(compare(path('x'), 'eq', 'say "hi"\\\n\t\u0001 é'))).toBe(
      String.raw`x eq "say \"hi\"\\\n\t\u0001 é"`,
    );
    expect(formatFilter(compare(path('x'), 'ge', -1.5e-7))).toBe('x ge -1.5e-7');
    expect(formatFilter(compare(path('x'), 'lt', 1e21))).toBe('x lt 1e+21');
    expect(formatFilter(or(compare(path('x'), 'eq', true), compare(path('x'), 'ne', null)))).toBe('x eq true or x ne null');
  });

  it('keeps URN prefixes and sub-attributes', () => {
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect(formatFilter(present(path('department', undefined, enterprise)))).toBe(`${enterprise}:department pr`);
    expect(formatAttributePath(path('name', 'givenName'))).toBe('name.givenName');
  });

  it('redacts string and number literals for logs, since they are personal data', () => {
    const filter = parseFilter('userName eq "bjensen" and emails[value co "@example.com"] and x gt 5 and active eq true');
    expect(formatFilter(filter, { redactValues: true })).toBe(
      'userName eq <string> and emails[value co <string>] and x gt <number> and active eq true',
    );
  });
});
