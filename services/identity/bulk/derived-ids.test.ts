import { canonicalJson, derivedId } from './derived-ids';

describe('derived ids', () => {
  it('are UUIDs of version 8, the same for the same parts and different otherwise', () => {
    const id = derivedId(['acme', 'bulk', 'f', 'bulkId:a']);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedId(['acme', 'bulk', 'f', 'bulkId:a'])).toBe(id);
    expect(derivedId(['acme2', 'bulk', 'f', 'bulkId:a'])).not.toBe(id);
    expect(derivedId(['ab', 'c'])).not.toBe(derivedId(['a', 'bc']));
  });

  it('read JSON by value: the order of object keys does not matter, the order of arrays does', () => {
    expect(canonicalJson({ b: [1, { y: 2, x: 1 }], a: 'é' })).toBe(canonicalJson({ a: 'é', b: [1, { x: 1, y: 2 }] }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
