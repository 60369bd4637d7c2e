import { activationOf, eventTypesOf } from './change-event';

describe('event types', () => {
  const user = { resourceType: 'User' as const, attributes: ['active'] };
  const group = { resourceType: 'Group' as const, attributes: [] as string[] };

  it("start with the operation's type", () => {
    expect(eventTypesOf({ ...user, operation: 'create' })).toEqual(['user.created']);
    expect(eventTypesOf({ ...user, operation: 'delete' })).toEqual(['user.deleted']);
    expect(eventTypesOf({ ...group, operation: 'replace' })).toEqual(['group.replaced']);
  });

  it('add activation, renames and member changes', () => {
    expect(eventTypesOf({ ...user, operation: 'patch', activation: 'deactivated' })).toEqual(['user.patched', 'user.deactivated']);
    expect(eventTypesOf({ ...group, operation: 'patch', attributes: ['displayName', 'members'], membersAdded: ['a'], membersRemoved: ['b'] })).toEqual([
      'group.patched',
      'group.renamed',
      'group.members_added',
      'group.members_removed',
    ]);
    expect(eventTypesOf({ ...group, operation: 'create', attributes: ['displayName', 'members'], membersAdded: ['a'] })).toEqual(['group.created', 'group.members_added']);
  });
});

describe('RFC 7643 §4.1.1 active', () => {
  it('counts an absent value as active', () => {
    expect(activationOf({}, { active: false })).toBe('deactivated');
    expect(activationOf({ active: false }, {})).toBe('activated');
    expect(activationOf({ active: false }, { active: true })).toBe('activated');
    expect(activationOf({ active: true }, {})).toBeUndefined();
    expect(activationOf({}, { title: 'x' })).toBeUndefined();
  });
});
