/**
 * The storage contract (services/identity/store/port.ts), run against every adapter:
 * SQLite in a temporary directory and MongoDB (FerretDB of its own, or MONGODB_URI).
 * Each test works in tenants of its own, so tests never see each other's records.
 */
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError, UniquenessError } from '../../services/identity/errors/scim-errors';
import { parseAttributePath, parseFilter } from '../../services/identity/scim/filter/parse-filter';
import { resolveFilter } from '../../services/identity/scim/filter/resolve-filter';
import { SchemaRegistry } from '../../services/identity/scim/schema/registry';
import type { IdentityStore, ListQuery, ResourceCollection, SortKey } from '../../services/identity/store/port';
import { VersionConflict } from '../../services/identity/store/port';
import { openStore, STORE_NAMES, type StoreUnderTest } from './store-fixtures';

const registry = SchemaRegistry.core();
const USER = registry.resource('User');
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const T0 = new Date('2024-05-13T04:42:34.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const tenant = () => `t-${randomUUID().slice(0, 8)}`;

function userFilter(text: string) {
  return resolveFilter(USER, parseFilter(text));
}

function sortBy(path: string, descending = false): SortKey {
  const attribute = USER.resolve(parseAttributePath(path));
  if (!attribute) throw new Error(`no attribute ${path}`);
  return { attribute, descending };
}

function query(extra: Partial<ListQuery> = {}): ListQuery {
  return { offset: 0, limit: 100, countTotal: true, ...extra };
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe.each(STORE_NAMES)('the %s store', (name) => {
  let subject: StoreUnderTest;
  let store: IdentityStore;
  let users: ResourceCollection;
  let groups: ResourceCollection;

  beforeAll(async () => {
    subject = await openStore(name);
    store = subject.store;
    users = store.users;
    groups = store.groups;
  });
  afterAll(() => subject.release());

  describe('records and versions', () => {
    it('inserts at version 1 and reads back the same document, URN and $ref keys included', async () => {
      const t = tenant();
      const doc = {
        userName: 'bjensen',
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        emails: [{ value: 'b@example.com', type: 'work', primary: true }],
        [ENTERPRISE]: { department: 'Tour Operations', manager: { value: 'boss', $ref: 'https://x/Users/boss' } },
        'odd.key%2E': 'kept as is',
        _hidden: 1.5,
      };
      const stored = await users.insert(t, 'u1', { doc }, T0);
      expect(stored).toEqual({ id: 'u1', version: 1, created: T0, lastModified: T0, doc });
      expect(await users.get(t, 'u1')).toEqual(stored);
      expect(await users.get(t, 'nope')).toBeUndefined();
      expect(await users.get(tenant(), 'u1')).toBeUndefined();
    });

    it('replaces with a compare-and-swap on the version', async () => {
      const t = tenant();
      await users.insert(t, 'u1', { doc: { userName: 'a', title: 'one' } }, T0);
      const replaced = await users.replace(t, 'u1', { doc: { userName: 'a', nickName: 'two' } }, 1, later(1));
      expect(replaced).toEqual({ id: 'u1', version: 2, created: T0, lastModified: later(1), doc: { userName: 'a', nickName: 'two' } });
      const conflict = await thrown(users.replace(t, 'u1', { doc: { userName: 'a' } }, 1, later(2)));
      expect(conflict).toBeInstanceOf(VersionConflict);
      expect((conflict as VersionConflict).currentVersion).toBe(2);
      expect(await users.get(t, 'u1')).toEqual(replaced);
      expect(await users.replace(t, 'nope', { doc: { userName: 'x' } }, 1, later(3))).toBeUndefined();
    });

    it('bumps the version without an expected one, keeping the document when none is given', async () => {
      const t = tenant();
      await groups.insert(t, 'g1', { doc: { displayName: 'G' } }, T0);
      const bumped = await groups.replace(t, 'g1', {}, undefined, later(5));
      expect(bumped).toEqual({ id: 'g1', version: 2, created: T0, lastModified: later(5), doc: { displayName: 'G' } });
      const racing = await Promise.all(Array.from({ length: 4 }, () => groups.replace(t, 'g1', {}, undefined, later(6))));
      expect(racing.map((result) => result?.version).sort()).toEqual([3, 4, 5, 6]);
    });

    it('lets exactly one of many concurrent compare-and-swaps on one version win', async () => {
      const t = tenant();
      await users.insert(t, 'u1', { doc: { userName: 'contended' } }, T0);
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) => users.replace(t, 'u1', { doc: { userName: 'contended', title: `writer ${index}` } }, 1, later(1))),
      );
      const winners = attempts.filter((attempt) => attempt.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      for (const attempt of attempts) {
        if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(VersionConflict);
      }
      expect(await users.get(t, 'u1')).toMatchObject({ version: 2, doc: (winners[0] as PromiseFulfilledResult<{ doc: unknown }>).value.doc });
    });

    it('deletes with an optional compare-and-swap, then reports the record gone', async () => {
      const t = tenant();
      await users.insert(t, 'u1', { doc: { userName: 'a' } }, T0);
      const conflict = await thrown(users.delete(t, 'u1', 7, later(1)));
      expect(conflict).toBeInstanceOf(VersionConflict);
      expect(await users.delete(t, 'u1', 1, later(1))).toBe(true);
      expect(await users.get(t, 'u1')).toBeUndefined();
      expect(await users.delete(t, 'u1', undefined, later(2))).toBe(false);
    });
  });

  describe('RFC 7643 §4.1.1 userName is unique per tenant, whatever its case', () => {
    it('refuses a second userName that differs only in case, on insert and on replace, and changes nothing', async () => {
      const t = tenant();
      await users.insert(t, 'u1', { doc: { userName: 'Alice@Example.com' } }, T0);
      await users.insert(t, 'u2', { doc: { userName: 'bob' } }, T0);
      const onInsert = await thrown(users.insert(t, 'u3', { doc: { userName: 'alice@example.COM' } }, T0));
      expect(onInsert).toBeInstanceOf(UniquenessError);
      expect((onInsert as UniquenessError).attribute).toBe('userName');
      expect(await users.get(t, 'u3')).toBeUndefined();
      const onReplace = await thrown(users.replace(t, 'u2', { doc: { userName: 'ALICE@example.com' } }, 1, later(1)));
      expect(onReplace).toBeInstanceOf(UniquenessError);
      expect(await users.get(t, 'u2')).toMatchObject({ version: 1, doc: { userName: 'bob' } });
    });

    it('lets exactly one of many concurrent inserts of the same userName win', async () => {
      const t = tenant();
      const attempts = await Promise.allSettled(
        Array.from({ length: 12 }, (_, index) => users.insert(t, `u${index}`, { doc: { userName: index % 2 ? 'RACE' : 'race' } }, T0)),
      );
      expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
      for (const attempt of attempts) {
        if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(UniquenessError);
      }
      expect((await users.list(t, query())).total).toBe(1);
    });
  });

  describe('tenant isolation', () => {
    it('keeps the same ids and userNames apart in two tenants, in reads, lists and counts', async () => {
      const [a, b] = [tenant(), tenant()];
      await users.insert(a, 'same', { doc: { userName: 'same', title: 'in a' } }, T0);
      await users.insert(b, 'same', { doc: { userName: 'same', title: 'in b' } }, T0);
      await users.insert(b, 'other', { doc: { userName: 'other' } }, T0);
      expect((await users.get(a, 'same'))?.doc.title).toBe('in a');
      expect((await users.list(a, query())).items.map((item) => item.doc.title)).toEqual(['in a']);
      expect((await users.list(b, query({ filter: userFilter('userName eq "same"') }))).items.map((item) => item.doc.title)).toEqual(['in b']);
      expect((await users.list(b, query())).total).toBe(2);
      expect(await users.delete(a, 'same', undefined, later(1))).toBe(true);
      expect(await users.get(b, 'same')).toBeDefined();
    });
  });

  describe('RFC 7643 §4.2 membership edges', () => {
    async function fixture() {
      const t = tenant();
      await users.insert(t, 'u2', { doc: { userName: 'zed', displayName: 'Zed Z.' } }, T0);
      await users.insert(t, 'u1', { doc: { userName: 'amy' } }, T0);
      await groups.insert(t, 'g-inner', { doc: { displayName: 'Inner' } }, T0);
      await groups.insert(t, 'g1', { doc: { displayName: 'Outer' }, members: [{ value: 'u2', type: 'User' }, { value: 'u1', type: 'User' }, { value: 'g-inner', type: 'Group' }] }, T0);
      return t;
    }

    it('resolves member ids to their kind, lists members by id with display names, and groups of a member', async () => {
      const t = await fixture();
      expect(await store.memberships.resolveMembers(t, ['u1', 'g1', 'missing'])).toEqual(new Map([['u1', 'User'], ['g1', 'Group']]));
      expect(await store.memberships.listMembers(t, 'g1')).toEqual([
        { value: 'g-inner', type: 'Group', display: 'Inner' },
        { value: 'u1', type: 'User', display: 'amy' },
        { value: 'u2', type: 'User', display: 'Zed Z.' },
      ]);
      expect(await store.memberships.listMembers(t, 'g1', { after: 'g-inner', limit: 1 })).toEqual([{ value: 'u1', type: 'User', display: 'amy' }]);
      expect(await store.memberships.listGroupsOf(t, 'u1')).toEqual([{ value: 'g1', display: 'Outer' }]);
      expect(await store.memberships.listMembers(tenant(), 'g1')).toEqual([]);
    });

    it('replaces members with the given set, and applies deltas', async () => {
      const t = await fixture();
      await groups.replace(t, 'g1', { members: [{ value: 'u1', type: 'User' }] }, 1, later(1));
      expect((await store.memberships.listMembers(t, 'g1')).map((member) => member.value)).toEqual(['u1']);
      await groups.replace(t, 'g1', { memberDelta: { add: [{ value: 'u2', type: 'User' }], remove: ['u1', 'nobody'] } }, undefined, later(2));
      expect((await store.memberships.listMembers(t, 'g1')).map((member) => member.value)).toEqual(['u2']);
      expect((await groups.get(t, 'g1'))?.version).toBe(3);
    });

    it('bumps the version of every group of a deleted member, however many', async () => {
      const t = tenant();
      await users.insert(t, 'u1', { doc: { userName: 'joiner' } }, T0);
      const ids = Array.from({ length: 40 }, (_, index) => `g${index}`);
      for (const id of ids) await groups.insert(t, id, { doc: { displayName: id }, members: [{ value: 'u1', type: 'User' }] }, T0);
      expect(await users.delete(t, 'u1', undefined, later(1))).toBe(true);
      for (const id of ids) {
        expect(await groups.get(t, id)).toMatchObject({ version: 2, lastModified: later(1) });
        expect(await store.memberships.listMembers(t, id)).toEqual([]);
      }
    });

    it('leaves the member list of the last of many concurrent replaces, never a mix', async () => {
      const t = tenant();
      const lists = Array.from({ length: 4 }, (_, writer) => Array.from({ length: 40 }, (_, index) => ({ value: `w${writer}-u${index}`, type: 'User' as const })));
      for (const member of lists.flat()) await users.insert(t, member.value, { doc: { userName: member.value } }, T0);
      await groups.insert(t, 'g1', { doc: { displayName: 'Contended' }, members: lists[0] }, T0);
      for (let round = 1; round <= 3; round++) {
        const event = { operation: 'replace' as const, attributes: ['members'], actor: 'credential:test', requestId: `r${round}`, time: later(round) };
        const replaced = await Promise.all(lists.map((members) => groups.replace(t, 'g1', { members, event }, undefined, later(round))));
        const last = replaced.findIndex((result) => result?.version === Math.max(...replaced.map((each) => each?.version ?? 0)));
        const stored = (await store.memberships.listMembers(t, 'g1')).map((member) => member.value);
        expect(stored).toEqual(lists[last].map((member) => member.value).sort());
      }
      // The events, applied as set operations in feed order from the first list, reproduce the last one.
      const replayed = new Set(lists[0].map((member) => member.value));
      for (const event of await store.events.read(t, 0, 100)) {
        for (const member of event.membersRemoved ?? []) replayed.delete(member);
        for (const member of event.membersAdded ?? []) replayed.add(member);
      }
      expect([...replayed].sort()).toEqual((await store.memberships.listMembers(t, 'g1')).map((member) => member.value));
    });

    it('removes the edges of a deleted member and bumps the version of its groups', async () => {
      const t = await fixture();
      expect(await users.delete(t, 'u1', undefined, later(1))).toBe(true);
      expect((await store.memberships.listMembers(t, 'g1')).map((member) => member.value)).toEqual(['g-inner', 'u2']);
      expect(await groups.get(t, 'g1')).toMatchObject({ version: 2, lastModified: later(1) });
      expect(await groups.delete(t, 'g-inner', undefined, later(2))).toBe(true);
      expect((await store.memberships.listMembers(t, 'g1')).map((member) => member.value)).toEqual(['u2']);
      expect(await groups.delete(t, 'g1', undefined, later(3))).toBe(true);
      expect(await store.memberships.listGroupsOf(t, 'u2')).toEqual([]);
      expect((await users.get(t, 'u2'))?.version).toBe(1);
    });
  });

  describe('RFC 7644 §3.4.2 listing: filter, sort, index and cursor paging', () => {
    let t: string;
    const names = ['delta', 'Alpha', 'charlie', 'bravo', 'Echo', 'foxtrot', 'golf'];
    beforeAll(async () => {
      t = tenant();
      for (const [index, userName] of names.entries()) {
        const title = index % 3 === 0 ? undefined : `T${index % 2}`;
        await users.insert(t, `id-${index}`, { doc: { userName, ...(title ? { title } : {}) } }, later(index));
      }
    });

    it('filters and counts before paging, and says whether more records follow', async () => {
      const page = await users.list(t, query({ filter: userFilter('userName sw "a" or title pr'), sort: sortBy('userName'), offset: 1, limit: 2 }));
      expect(page.total).toBe(4);
      expect(page.items.map((item) => item.doc.userName)).toEqual(['charlie', 'Echo']);
      expect(page.more).toBe(true);
      expect(page.last).toEqual({ value: 'echo', id: 'id-4' });
      const end = await users.list(t, query({ filter: userFilter('userName sw "a" or title pr'), sort: sortBy('userName'), offset: 3, limit: 2 }));
      expect(end.items.map((item) => item.doc.userName)).toEqual(['foxtrot']);
      expect(end.more).toBe(false);
      expect(await users.list(t, query({ limit: 0 }))).toEqual({ total: 7, items: [], more: true });
    });

    it.each([
      ['userName', false, ['Alpha', 'bravo', 'charlie', 'delta', 'Echo', 'foxtrot', 'golf']],
      ['userName', true, ['golf', 'foxtrot', 'Echo', 'delta', 'charlie', 'bravo', 'Alpha']],
      // Records without a title come last ascending and first descending; ties by id.
      ['title', false, ['charlie', 'Echo', 'Alpha', 'foxtrot', 'delta', 'bravo', 'golf']],
      ['title', true, ['golf', 'bravo', 'delta', 'foxtrot', 'Alpha', 'Echo', 'charlie']],
      ['meta.created', true, ['golf', 'foxtrot', 'Echo', 'bravo', 'charlie', 'Alpha', 'delta']],
    ])('sorts by %s (descending: %s), and walks the same order by index and by cursor', async (path, descending, expected) => {
      const sort = sortBy(path, descending);
      expect((await users.list(t, query({ sort }))).items.map((item) => item.doc.userName)).toEqual(expected);
      const byIndex: unknown[] = [];
      for (let offset = 0; offset < names.length; offset += 3) {
        byIndex.push(...(await users.list(t, query({ sort, offset, limit: 3 }))).items.map((item) => item.doc.userName));
      }
      expect(byIndex).toEqual(expected);
      const byCursor: unknown[] = [];
      let page = await users.list(t, query({ sort, limit: 2 }));
      byCursor.push(...page.items.map((item) => item.doc.userName));
      while (page.more) {
        page = await users.list(t, query({ sort, limit: 2, after: page.last, countTotal: false }));
        expect(page.total).toBeUndefined();
        byCursor.push(...page.items.map((item) => item.doc.userName));
      }
      expect(byCursor).toEqual(expected);
    });

    it('orders by id without a sort key, and continues after a position whose record was deleted', async () => {
      const first = await users.list(t, query({ limit: 3 }));
      expect(first.items.map((item) => item.id)).toEqual(['id-0', 'id-1', 'id-2']);
      expect(first.last).toEqual({ value: null, id: 'id-2' });
      const rest = await users.list(t, query({ after: { value: null, id: 'id-25' }, countTotal: false }));
      expect(rest.items.map((item) => item.id)).toEqual(['id-3', 'id-4', 'id-5', 'id-6']);
    });
  });

  describe('an unreachable database', () => {
    it('answers StoreUnavailableError, and serves again once the database is back', async () => {
      const t = tenant();
      await users.insert(t, 'u1', { doc: { userName: 'survivor' } }, T0);
      if (subject.mongo?.ferretDb) {
        await subject.mongo.ferretDb.stop();
        expect(await thrown(store.ping())).toBeInstanceOf(StoreUnavailableError);
        expect(await thrown(users.get(t, 'u1'))).toBeInstanceOf(StoreUnavailableError);
        expect(await thrown(users.insert(t, 'u2', { doc: { userName: 'u2' } }, T0))).toBeInstanceOf(StoreUnavailableError);
        await subject.mongo.ferretDb.start();
        await store.ping();
        expect((await users.get(t, 'u1'))?.doc).toEqual({ userName: 'survivor' });
      } else if (name === 'sqlite') {
        await store.close();
        expect(await thrown(store.ping())).toBeInstanceOf(StoreUnavailableError);
        expect(await thrown(users.get(t, 'u1'))).toBeInstanceOf(StoreUnavailableError);
      }
    }, 30_000);
  });
});
