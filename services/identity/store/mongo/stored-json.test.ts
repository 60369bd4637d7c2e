import fc from 'fast-check';
import { literalPattern } from './mongo-conditions';
import { decodeJson, encodeJson, escapeKey, fieldPaths, firstValues, unescapeKey } from './stored-json';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('stored JSON', () => {
  it('escapes every key MongoDB would misread, reversibly', () => {
    expect(escapeKey(ENTERPRISE)).toBe('urn:ietf:params:scim:schemas:extension:enterprise:2%2E0:User');
    expect(escapeKey('$ref')).toBe('%24ref');
    expect(escapeKey('_fold')).toBe('%5Ffold');
    fc.assert(fc.property(fc.string(), (key) => unescapeKey(escapeKey(key)) === key && !escapeKey(key).includes('.')));
  });

  it('keeps a folded copy beside the strings of every object, and decodes to the original', () => {
    const doc = { userName: 'Bjensen', emails: [{ value: 'B@X.com', primary: true }], schemas: ['A', 'B'], [ENTERPRISE]: { department: 'ÉTÉ' } };
    const encoded = encodeJson(doc) as Record<string, unknown>;
    expect(encoded).toEqual({
      userName: 'Bjensen',
      emails: [{ value: 'B@X.com', primary: true, _fold: { value: 'b@x.com' } }],
      schemas: ['A', 'B'],
      'urn:ietf:params:scim:schemas:extension:enterprise:2%2E0:User': { department: 'ÉTÉ', _fold: { department: 'été' } },
      _fold: { userName: 'bjensen', schemas: ['a', 'b'] },
    });
    expect(decodeJson(encoded)).toEqual(doc);
    expect(fieldPaths('doc', [ENTERPRISE, 'department'])).toEqual({
      raw: 'doc.urn:ietf:params:scim:schemas:extension:enterprise:2%2E0:User.department',
      fold: 'doc.urn:ietf:params:scim:schemas:extension:enterprise:2%2E0:User._fold.department',
    });
  });

  it('keeps the primary value of each multi-valued attribute, else the first, for sorting', () => {
    const encoded = encodeJson({ emails: [{ value: 'a' }, { value: 'b', primary: true }], schemas: ['X', 'Y'], name: { givenName: 'g' } }) as Record<string, unknown>;
    expect(firstValues(encoded)).toEqual({ emails: { value: 'b', primary: true, _fold: { value: 'b' } }, schemas: 'X', _fold: { schemas: 'x' } });
  });
});

describe('regular expressions from literals', () => {
  it('match the literal text and nothing else, whatever characters it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (literal, other) => {
        const pattern = new RegExp(`^${literalPattern(literal)}$`, 'u');
        return pattern.test(literal) && (other === literal || !pattern.test(other));
      }),
    );
  });
});
