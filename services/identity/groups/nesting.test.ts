import { InvalidValueError } from '../errors/scim-errors';
import type { GroupMembershipView, MembershipStore } from '../store/port';
import { assertNoCycle, groupsContaining, MAX_NESTED_GROUPS } from './nesting';

/** Direct edges only, member id → the groups that hold it; counts the lookups. */
function edges(parents: Record<string, string[]>) {
  const lookups: string[] = [];
  const store: MembershipStore = {
    resolveMembers: async () => new Map(),
    listMembers: async () => [],
    listGroupsOf: async (_tenant, memberId): Promise<GroupMembershipView[]> => {
      lookups.push(memberId);
      return (parents[memberId] ?? []).map((value) => ({ value, display: value.toUpperCase() }));
    },
  };
  return { store, lookups };
}

describe('groupsContaining', () => {
  it('lists direct groups first, then the groups above them level by level, each once', async () => {
    const { store, lookups } = edges({ u: ['a', 'b'], a: ['c'], b: ['c', 'd'], c: ['e'] });
    expect(await groupsContaining(store, 't', 'u')).toEqual([
      { value: 'a', display: 'A', type: 'direct' },
      { value: 'b', display: 'B', type: 'direct' },
      { value: 'c', display: 'C', type: 'indirect' },
      { value: 'd', display: 'D', type: 'indirect' },
      { value: 'e', display: 'E', type: 'indirect' },
    ]);
    // One lookup per group reached, none twice.
    expect(lookups.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'u']);
  });

  it('never lists the member itself, even on a cycle through it', async () => {
    const { store } = edges({ g: ['h'], h: ['g'] });
    expect((await groupsContaining(store, 't', 'g')).map((group) => group.value)).toEqual(['h']);
  });

  it(`refuses a walk past ${MAX_NESTED_GROUPS} groups`, async () => {
    const wide = Array.from({ length: MAX_NESTED_GROUPS + 1 }, (_, i) => `g${i}`);
    const { store } = edges({ u: wide });
    await expect(groupsContaining(store, 't', 'u')).rejects.toThrow(InvalidValueError);
  });
});

describe('assertNoCycle', () => {
  it('accepts a group that does not contain the parent, and refuses one that does or is it', async () => {
    const { store } = edges({ parent: ['grand'], grand: [] });
    await expect(assertNoCycle(store, 't', 'parent', ['other'])).resolves.toBeUndefined();
    await expect(assertNoCycle(store, 't', 'parent', ['grand'])).rejects.toThrow(/would make a cycle/);
    await expect(assertNoCycle(store, 't', 'parent', ['parent'])).rejects.toThrow(/would make a cycle/);
  });
});
