/**
 * The filters IdPs send on their hot path (lookups by userName, externalId, email, id,
 * displayName; delta syncs by lastModified) must reach MongoDB as queries an index
 * serves, tenant first. The suites that run a server use FerretDB, whose planner is not
 * MongoDB's, so no test there shows which index MongoDB would pick: this one compiles
 * each filter with the real parser, resolver and MongoFilterCompiler, wraps it as
 * MongoCollection.list does (`{ $and: [{ tenant }, compiled] }`), and checks the
 * query's shape against INDEXES: tenant equality for the first key, and a condition
 * MongoDB can bound the scan with (equality, range, anchored case-exact prefix regex)
 * on the second. Sorted pages likewise: each phase's sort keys follow the tenant in an index.
 */
import type { Document } from 'mongodb';
import { parseAttributePath, parseFilter } from '../../services/identity/scim/filter/parse-filter';
import { resolveFilter } from '../../services/identity/scim/filter/resolve-filter';
import { SchemaRegistry } from '../../services/identity/scim/schema/registry';
import { GROUPS, USERS, type CollectionSpec } from '../../services/identity/store/mongo/collection-specs';
import { MembershipFilters, type MembershipCollections } from '../../services/identity/store/mongo/membership-filters';
import { elemMatch, MongoFilterCompiler } from '../../services/identity/store/mongo/mongo-filter';
import { INDEXES } from '../../services/identity/store/mongo/mongo-indexes';
import { sortPhases, sortPlan } from '../../services/identity/store/mongo/mongo-sort';

const registry = SchemaRegistry.core();
const TENANT = 'tenant-a';

// Only the computed attributes (members, groups) query the memberships; none of these
// filters names them, so any use of the collections is a failure of this test.
const noCollections = new Proxy({} as MembershipCollections, {
  get: (_target, name) => {
    throw new Error(`The filters of this test need no membership query (asked for ${String(name)}).`);
  },
});
const memberships = new MembershipFilters(noCollections);

type Constraint = 'equality' | 'range' | 'prefix';

const RANGE = new Set(['$gt', '$gte', '$lt', '$lte']);

function isPlain(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** An anchored, case-exact regex: MongoDB scans only the index range of its literal prefix. */
function isPrefixRegex(condition: Document): boolean {
  const { $regex: regex, $options: options = '' } = condition;
  const [source, flags] = regex instanceof RegExp ? [regex.source, regex.flags] : [regex, options];
  return typeof source === 'string' && source.startsWith('^') && !String(flags).includes('i');
}

/**
 * Per field path, the conditions of `query` every match satisfies: its top-level `$and`s
 * flattened, `$elemMatch` fields under the array's path. `$or` and `$nor` bound no scan.
 */
function constraints(query: Document, prefix = '', found = new Map<string, Set<Constraint>>()): Map<string, Set<Constraint>> {
  const add = (path: string, constraint: Constraint) => found.set(path, (found.get(path) ?? new Set()).add(constraint));
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and') {
      for (const part of value as Document[]) constraints(part, prefix, found);
      continue;
    }
    if (key.startsWith('$')) continue;
    const path = `${prefix}${key}`;
    const operators = isPlain(value) ? Object.keys(value) : [];
    if (!operators.some((operator) => operator.startsWith('$'))) {
      add(path, 'equality');
      continue;
    }
    const condition = value as Document;
    for (const operator of operators) {
      if (operator === '$eq' || operator === '$in') add(path, 'equality');
      else if (RANGE.has(operator)) add(path, 'range');
      else if (operator === '$regex' && isPrefixRegex(condition)) add(path, 'prefix');
      else if (operator === '$elemMatch') constraints(condition.$elemMatch as Document, `${path}.`, found);
    }
  }
  return found;
}

/** The indexes of `collection` whose first key the query pins to one tenant and whose second key it bounds. */
function servingIndexes(collection: 'users' | 'groups', query: Document): string[] {
  const constrained = constraints(query);
  if (!constrained.get('tenant')?.has('equality')) return [];
  return INDEXES[collection]
    .filter((index) => {
      const [first, second] = Object.keys(index.key);
      return first === 'tenant' && second !== undefined && constrained.has(second);
    })
    .map((index) => index.name);
}

/** The query MongoCollection.list runs for `filter`. */
async function listQuery(spec: CollectionSpec, filter: string): Promise<Document> {
  const compiler = new MongoFilterCompiler(spec, memberships, elemMatch);
  const resolved = resolveFilter(registry.resource(spec.kind), parseFilter(filter));
  return { $and: [{ tenant: TENANT }, await compiler.compile(TENANT, resolved)] };
}

const CASES: Array<{ spec: CollectionSpec; filter: string; index: string }> = [
  { spec: USERS, filter: 'userName eq "Alice@Example.com"', index: 'users_user_name' },
  { spec: USERS, filter: 'externalId eq "x"', index: 'users_external_id' },
  { spec: USERS, filter: 'emails.value eq "a@b.c"', index: 'users_emails' },
  // One element's folded value equals: the multikey index on doc.emails._fold.value bounds the scan.
  { spec: USERS, filter: 'emails[type eq "work"].value eq "a@b.c"', index: 'users_emails' },
  { spec: USERS, filter: 'userName sw "ali"', index: 'users_user_name' },
  { spec: USERS, filter: 'id eq "2819c223-7f76-453a-919d-413861904646"', index: 'users_id' },
  { spec: USERS, filter: 'meta.lastModified gt "2026-01-01T00:00:00Z"', index: 'users_last_modified' },
  { spec: GROUPS, filter: 'displayName eq "Engineering"', index: 'groups_display_name' },
  { spec: GROUPS, filter: 'externalId eq "x"', index: 'groups_external_id' },
];

describe('MongoDB index coverage of the hot-path filters', () => {
  it.each(CASES)('$filter is served by $index', async ({ spec, filter, index }) => {
    const query = await listQuery(spec, filter);
    const collection = spec.collection;
    const definition = INDEXES[collection].find((each) => each.name === index);
    expect(definition).toBeDefined();
    expect(Object.keys(definition!.key)[0]).toBe('tenant');
    expect(servingIndexes(collection, query)).toContain(index);
  });

  it('compiles sw to an anchored regex on the folded userName, with no options', async () => {
    const query = await listQuery(USERS, 'userName sw "ali"');
    expect(query).toEqual({ $and: [{ tenant: TENANT }, { 'doc._fold.userName': { $regex: '^ali' } }] });
  });

  it('finds no index for a filter on an unindexed attribute', async () => {
    const query = await listQuery(USERS, 'title eq "x"');
    expect(constraints(query).get('doc._fold.title')).toEqual(new Set(['equality']));
    expect(servingIndexes('users', query)).toEqual([]);
  });

  it.each(['userName', 'name.familyName', 'name.givenName', 'meta.lastModified'])(
    'sorts by %s along an index: tenant, then the sort keys of each phase',
    (path) => {
      const attribute = registry.resource('User').resolve(parseAttributePath(path))!;
      for (const descending of [false, true]) {
        for (const phase of sortPhases(sortPlan(USERS, { attribute, descending }), descending)) {
          const keys = ['tenant', ...Object.keys(phase.sort)];
          const served = INDEXES.users.some((index) => keys.every((key, i) => Object.keys(index.key)[i] === key));
          expect([path, descending, keys, served]).toEqual([path, descending, keys, true]);
        }
      }
    },
  );

  it('finds no index for a disjunction, a case-insensitive or unanchored regex, or no tenant', async () => {
    expect(servingIndexes('users', await listQuery(USERS, 'userName eq "a" or title eq "b"'))).toEqual([]);
    expect(servingIndexes('users', await listQuery(USERS, 'userName co "ali"'))).toEqual([]);
    expect(servingIndexes('users', { tenant: TENANT, 'doc._fold.userName': { $regex: '^ali', $options: 'i' } })).toEqual([]);
    expect(servingIndexes('users', { 'doc._fold.userName': { $eq: 'a' } })).toEqual([]);
  });
});
