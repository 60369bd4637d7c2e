import { parseFilter } from '../scim/filter/parse-filter';
import { resolveFilter } from '../scim/filter/resolve-filter';
import { SchemaRegistry } from '../scim/schema/registry';
import { filterAttributePaths } from './traced-filter';

const users = SchemaRegistry.core().resource('User');
const pathsOf = (text: string) => filterAttributePaths(resolveFilter(users, parseFilter(text)));

describe('what a filter span may say about a filter', () => {
  it('names the canonical attributes it tests, and none of its values', () => {
    const text = 'USERNAME eq "bjensen@example.com" and (emails[type eq "work" and value co "@example.com"] or not (title pr))';
    const paths = pathsOf(text);
    expect(paths).toEqual(['emails.type', 'emails.value', 'title', 'userName']);
    expect(JSON.stringify(paths)).not.toMatch(/bjensen|example\.com|work/);
  });

  it('names extension attributes by their full path', () => {
    expect(pathsOf('department eq "Tour Operations"')).toEqual(['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department']);
  });
});
