import { referencesOf, replaceReferences } from './bulk-references';

const ids: Record<string, string> = { qwerty: 'id-1', 'ytr"ewq': 'id-2' };
const resolve = (bulkId: string) => ids[bulkId] ?? `?${bulkId}`;

describe('RFC 7644 §3.7.2 bulkId references', () => {
  it('replaces a reference as a path id, a member value and an extension manager', () => {
    const operation = {
      method: 'PUT' as const,
      id: 'bulkId:qwerty',
      data: { members: [{ value: 'bulkId:qwerty' }], 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: { value: 'bulkId:ytr"ewq' } } },
    };
    expect(referencesOf(operation)).toEqual(['qwerty', 'ytr"ewq']);
    expect(replaceReferences(operation, resolve)).toEqual({
      id: 'id-1',
      data: { members: [{ value: 'id-1' }], 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: { value: 'id-2' } } },
    });
  });

  it('replaces string literals in the value filter of a PATCH path, read as JSON, in any case of `path`', () => {
    const data = { Operations: [{ op: 'remove', PATH: 'members[value eq "bulkId:ytr\\"ewq" or value eq "bulkId:qwerty"]' }] };
    expect(replaceReferences({ method: 'PATCH', data }, resolve).data).toEqual({ Operations: [{ op: 'remove', PATH: 'members[value eq "id-2" or value eq "id-1"]' }] });
  });

  it('leaves alone strings that only contain bulkId:, filters outside PATCH paths, and the bare prefix', () => {
    const data = { displayName: 'see bulkId:qwerty', title: 'bulkId:', note: 'members[value eq "bulkId:qwerty"]' };
    expect(referencesOf({ method: 'POST', data })).toEqual([]);
    expect(referencesOf({ method: 'PATCH', data: { Operations: [{ op: 'add', value: data }] } })).toEqual([]);
  });
});
