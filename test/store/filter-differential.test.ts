/**
 * The differential test of the filter compilers: thousands of seeded random filters
 * over seeded random users and groups, each run through the SQL compiler (SQLite),
 * the MongoDB compiler (FerretDB, or MONGODB_URI) and the reference evaluator
 * (scim/filter/evaluate.ts). The ids each returns must be the same. Random sorts are
 * held to an in-memory sort written from port.ts's SortKey, by index and by cursor.
 */
import { InvalidFilterError } from '../../services/identity/errors/scim-errors';
import { compareCodePoints, foldCase } from '../../services/identity/scim/filter/compare-strings';
import { matches, type ScimJson as EvaluatedJson } from '../../services/identity/scim/filter/evaluate';
import { parseAttributePath, parseFilter } from '../../services/identity/scim/filter/parse-filter';
import { resolveFilter } from '../../services/identity/scim/filter/resolve-filter';
import type { ScimJson } from '../../services/identity/scim/resource/scim-json';
import { isPlainObject } from '../../services/identity/scim/resource/scim-json';
import type { ResolvedAttribute, ResourceSchema } from '../../services/identity/scim/schema/registry';
import type { IdentityStore, ListPosition, ResourceCollection, SortKey } from '../../services/identity/store/port';
import { seededRandom } from '../support/seeded-random';
import { Draw, ENTERPRISE, lastModified, makeDataset, registry, WORDS, type Dataset, type DataRecord } from './differential-data';
import { openStore, type StoreUnderTest } from './store-fixtures';

// FerretDB answers a query in milliseconds, not microseconds: a few minutes' margin for a slow machine.
jest.setTimeout(300_000);

const TENANT = 'differential';
const SEED = 20241129;
const USER_FILTERS = 400;
const GROUP_FILTERS = 120;

type Kind = 'string' | 'boolean' | 'dateTime' | 'present';

const USER_PATHS: Array<[string, Kind]> = [
  ['userName', 'string'], ['name.givenName', 'string'], ['name.familyName', 'string'], ['displayName', 'string'], ['title', 'string'],
  ['nickName', 'string'], ['userType', 'string'], ['active', 'boolean'], ['externalId', 'string'], ['profileUrl', 'string'], ['id', 'string'],
  ['emails', 'string'], ['emails.value', 'string'], ['emails.type', 'string'], ['emails.primary', 'boolean'], ['phoneNumbers.value', 'string'],
  ['phoneNumbers.type', 'string'], [`${ENTERPRISE}:department`, 'string'], [`${ENTERPRISE}:employeeNumber`, 'string'],
  [`${ENTERPRISE}:manager.value`, 'string'], [`${ENTERPRISE}:manager.displayName`, 'string'], ['meta.created', 'dateTime'],
  ['meta.lastModified', 'dateTime'], ['meta.version', 'string'], ['meta.resourceType', 'string'], ['groups', 'string'],
  ['groups.value', 'string'], ['groups.display', 'string'], ['groups.type', 'string'], ['name', 'present'], ['emails', 'present'],
  [`${ENTERPRISE}:manager`, 'present'],
];
const USER_VALUE_PATHS: Array<[string, Array<[string, Kind]>]> = [
  ['emails', [['value', 'string'], ['type', 'string'], ['primary', 'boolean']]],
  ['phoneNumbers', [['value', 'string'], ['type', 'string']]],
  ['name', [['givenName', 'string'], ['familyName', 'string']]],
  ['groups', [['value', 'string'], ['display', 'string'], ['type', 'string']]],
  [`${ENTERPRISE}:manager`, [['value', 'string'], ['displayName', 'string']]],
];
const GROUP_PATHS: Array<[string, Kind]> = [
  ['displayName', 'string'], ['externalId', 'string'], ['id', 'string'], ['members', 'string'], ['members.value', 'string'],
  ['members.display', 'string'], ['members.type', 'string'], ['members', 'present'], ['meta.created', 'dateTime'], ['meta.version', 'string'],
  ['meta.resourceType', 'string'],
];
const GROUP_VALUE_PATHS: Array<[string, Array<[string, Kind]>]> = [['members', [['value', 'string'], ['display', 'string'], ['type', 'string']]]];

const OPERATORS: Record<Exclude<Kind, 'present'>, string[]> = {
  string: ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'],
  boolean: ['eq', 'ne', 'pr'],
  dateTime: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'pr'],
};

/** Every value found at `path` (dotted, an extension URN first) in a view, arrays flattened. */
function valuesAt(view: ScimJson, path: string): unknown[] {
  const [root, rest] = path.startsWith(`${ENTERPRISE}:`) ? [view[ENTERPRISE], path.slice(ENTERPRISE.length + 1)] : [view, path];
  let values: unknown[] = [root];
  for (const key of rest.split('.')) {
    values = values.flatMap((value) => (isPlainObject(value) ? [value[key]] : [])).flatMap((value) => (Array.isArray(value) ? value : [value]));
  }
  return values.filter((value) => value !== undefined);
}

class FilterWriter {
  constructor(
    private readonly draw: Draw,
    private readonly views: ScimJson[],
    private readonly paths: Array<[string, Kind]>,
    private readonly valuePaths: Array<[string, Array<[string, Kind]>]>,
  ) {}

  private value(path: string, kind: Kind, op: string): string {
    const { draw } = this;
    if (kind === 'boolean') return draw.pick(['true', 'false', '"False"', '"TRUE"']);
    const seen = this.views.flatMap((view) => valuesAt(view, path === 'emails' || path === 'groups' || path === 'members' ? `${path}.value` : path));
    if (kind === 'dateTime') {
      const known = seen.filter((value): value is string => typeof value === 'string');
      const instant = known.length && draw.chance(0.7) ? Date.parse(draw.pick(known)) : Date.parse('2024-05-13T04:42:34Z') + (draw.int(20_000) - 5000) * 1000;
      const text = new Date(instant + (draw.chance(0.2) ? draw.int(3) - 1 : 0)).toISOString();
      return JSON.stringify(draw.chance(0.2) ? text.replace('Z', '+00:00') : text);
    }
    let text = seen.length && draw.chance(0.8) ? String(draw.pick(seen)) : draw.pick(WORDS);
    if (op === 'co' && text.length > 1) {
      const start = draw.int(text.length);
      text = text.slice(start, start + 1 + draw.int(4));
    } else if (op === 'sw') text = text.slice(0, 1 + draw.int(text.length));
    else if (op === 'ew') text = text.slice(draw.int(text.length));
    return JSON.stringify(draw.chance(0.4) ? draw.recase(text) : text);
  }

  private comparison(path: string, kind: Kind): string {
    const { draw } = this;
    const name = draw.chance(0.1) ? draw.recase(path.replace(`${ENTERPRISE}:`, '')) : path;
    if (kind === 'present') return `${name} pr`;
    const op = draw.pick(OPERATORS[kind]);
    if (op === 'pr') return `${name} pr`;
    if (draw.chance(0.03)) return `${name} ${draw.pick(['eq', 'ne'])} null`;
    return `${name} ${op} ${this.value(path, kind, op)}`;
  }

  private inner(parent: string, subs: Array<[string, Kind]>, depth: number): string {
    const { draw } = this;
    if (depth > 0 && draw.chance(0.4)) {
      const choice = draw.int(3);
      if (choice === 2) return `not (${this.inner(parent, subs, depth - 1)})`;
      return `(${this.inner(parent, subs, depth - 1)}) ${choice ? 'and' : 'or'} (${this.inner(parent, subs, depth - 1)})`;
    }
    const [sub, kind] = draw.pick(subs);
    const comparison = this.comparison(`${parent}.${sub}`, kind);
    // Inside brackets the sub-attribute is named alone.
    return comparison.replace(new RegExp(`^${parent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`, 'i'), '');
  }

  filter(depth: number): string {
    const { draw } = this;
    if (depth > 0 && draw.chance(0.5)) {
      const choice = draw.int(3);
      if (choice === 2) return `not (${this.filter(depth - 1)})`;
      return `(${this.filter(depth - 1)}) ${choice ? 'and' : 'or'} (${this.filter(depth - 1)})`;
    }
    if (draw.chance(0.25)) {
      const [parent, subs] = draw.pick(this.valuePaths);
      return `${parent}[${this.inner(parent, subs, 2)}]`;
    }
    const [path, kind] = draw.pick(this.paths);
    return this.comparison(path, kind);
  }
}

async function load(store: IdentityStore, data: Dataset): Promise<void> {
  const write = async (collection: ResourceCollection, record: DataRecord) => {
    await collection.insert(TENANT, record.id, { doc: record.doc, members: record.members }, record.created);
    for (let rewrite = 1; rewrite <= record.rewrites; rewrite++) {
      await collection.replace(TENANT, record.id, { doc: record.doc }, rewrite, new Date(record.created.getTime() + rewrite * 1000));
    }
  };
  for (const user of data.users) await write(store.users, user);
  for (const group of data.groups) await write(store.groups, group);
}

async function ids(collection: ResourceCollection, filter: ReturnType<typeof resolveFilter>): Promise<string[]> {
  const result = await collection.list(TENANT, { filter, offset: 0, limit: 1000, countTotal: false });
  return result.items.map((item) => item.id).sort();
}

describe('RFC 7644 §3.4.2.2 filters: MongoDB compiler = SQL compiler = reference evaluator', () => {
  let sqlite: StoreUnderTest;
  let mongo: StoreUnderTest;
  let data: Dataset;

  beforeAll(async () => {
    data = makeDataset(SEED, 60, 14);
    sqlite = await openStore('sqlite');
    mongo = await openStore('mongodb');
    await load(sqlite.store, data);
    await load(mongo.store, data);
  });
  afterAll(async () => {
    await sqlite?.release();
    await mongo?.release();
  });

  async function differences(
    resource: ResourceSchema,
    count: number,
    writer: FilterWriter,
    views: ScimJson[],
    pick: (store: IdentityStore) => ResourceCollection,
  ): Promise<{ run: number; differences: string[] }> {
    const found: string[] = [];
    let run = 0;
    for (let attempt = 0; run < count && attempt < count * 3; attempt++) {
      const text = writer.filter(3);
      let filter;
      try {
        filter = resolveFilter(resource, parseFilter(text));
      } catch (error) {
        if (error instanceof InvalidFilterError) continue;
        throw error;
      }
      run++;
      const expected = views.filter((view) => matches(filter, view as EvaluatedJson)).map((view) => String(view.id)).sort();
      const [fromSql, fromMongo] = [await ids(pick(sqlite.store), filter), await ids(pick(mongo.store), filter)];
      if (JSON.stringify(fromSql) !== JSON.stringify(expected) || JSON.stringify(fromMongo) !== JSON.stringify(expected)) {
        found.push(`${text}\n  evaluator ${expected.join(' ')}\n  sqlite    ${fromSql.join(' ')}\n  mongodb   ${fromMongo.join(' ')}`);
      }
    }
    return { run, differences: found };
  }

  it(`finds the same users for ${USER_FILTERS} random filters`, async () => {
    const writer = new FilterWriter(new Draw(seededRandom(SEED + 1)), data.userViews, USER_PATHS, USER_VALUE_PATHS);
    const result = await differences(registry.resource('User'), USER_FILTERS, writer, data.userViews, (store) => store.users);
    expect(result.differences).toEqual([]);
    expect(result.run).toBe(USER_FILTERS);
  });

  it(`finds the same groups for ${GROUP_FILTERS} random filters`, async () => {
    const writer = new FilterWriter(new Draw(seededRandom(SEED + 2)), data.groupViews, GROUP_PATHS, GROUP_VALUE_PATHS);
    const result = await differences(registry.resource('Group'), GROUP_FILTERS, writer, data.groupViews, (store) => store.groups);
    expect(result.differences).toEqual([]);
    expect(result.run).toBe(GROUP_FILTERS);
  });

  /** port.ts SortKey, written out: the primary (else first) value, folded unless caseExact, missing last, ties by id. */
  function sortValue(view: ScimJson, attribute: ResolvedAttribute): string | number | boolean | null {
    const container = attribute.extension ? view[attribute.schema] : view;
    let value: unknown = isPlainObject(container) ? container[attribute.definition.name] : undefined;
    if (attribute.definition.multiValued) {
      const items = Array.isArray(value) ? value : [];
      value = attribute.definition.subAttributes ? (items.find((item) => isPlainObject(item) && item.primary === true) ?? items[0]) : items[0];
    }
    if (attribute.subAttribute) value = isPlainObject(value) ? value[attribute.subAttribute.name] : undefined;
    if (typeof value === 'string') return attribute.target.type === 'string' && !attribute.target.caseExact ? foldCase(value) : value;
    return typeof value === 'number' || typeof value === 'boolean' ? value : null;
  }

  function compareValues(a: string | number | boolean | null, b: string | number | boolean | null): number {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // Strings folded and not (profileUrl is a reference), multi-valued with primary, booleans, dates, extension paths.
  const SORTS = ['userName', 'name.familyName', 'name.givenName', 'title', 'active', 'emails', 'emails.type', 'externalId', 'profileUrl', 'meta.lastModified', 'meta.version', `${ENTERPRISE}:manager.displayName`];

  it.each(SORTS.flatMap((path) => [[path, false] as const, [path, true] as const]))(
    'sorts users by %s (descending: %s) in the same order by index and by cursor',
    async (path, descending) => {
      const resource = registry.resource('User');
      let attribute = resource.resolve(parseAttributePath(path));
      if (attribute?.target.type === 'complex') attribute = resource.resolve({ ...parseAttributePath(path), subAttribute: 'value' });
      if (!attribute) throw new Error(`no attribute ${path}`);
      const sort: SortKey = { attribute, descending };
      const ascending = [...data.userViews].sort(
        (a, b) => compareValues(sortValue(a, attribute), sortValue(b, attribute)) || compareCodePoints(String(a.id), String(b.id)),
      );
      const expected = (descending ? ascending.reverse() : ascending).map((view) => String(view.id));
      for (const subject of [sqlite, mongo]) {
        const all = await subject.store.users.list(TENANT, { sort, offset: 0, limit: 1000, countTotal: false });
        expect(all.items.map((item) => item.id)).toEqual(expected);
        const byIndex = await subject.store.users.list(TENANT, { sort, offset: 17, limit: 9, countTotal: false });
        expect(byIndex.items.map((item) => item.id)).toEqual(expected.slice(17, 26));
        const walked: string[] = [];
        let after: ListPosition | undefined;
        for (let more = true; more; ) {
          const page = await subject.store.users.list(TENANT, { sort, offset: 0, limit: 7, after, countTotal: false });
          walked.push(...page.items.map((item) => item.id));
          ({ more } = page);
          after = page.last;
        }
        expect(walked).toEqual(expected);
      }
    },
  );

  it('keeps the dataset honest: every record was written, with its versions and dates', async () => {
    for (const subject of [sqlite, mongo]) {
      for (const user of data.users) {
        expect(await subject.store.users.get(TENANT, user.id)).toEqual({
          id: user.id,
          version: user.rewrites + 1,
          created: user.created,
          lastModified: lastModified(user),
          doc: user.doc,
        });
      }
    }
  });
});
