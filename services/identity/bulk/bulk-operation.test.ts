import { BulkOperation_Method } from '../../../proto/gen/openscim/identity/v1/bulk_service';
import { parseOperation } from './bulk-operation';

const { METHOD_POST: POST, METHOD_PATCH: PATCH, METHOD_DELETE: DELETE } = BulkOperation_Method;

describe('RFC 7644 §3.7 one operation of a bulk request', () => {
  it('reads paths as the HTTP routes do: any case, optional leading slash, percent-decoded ids', () => {
    expect(parseOperation({ method: POST, path: 'users', data: { userName: 'x' } }, 0)).toMatchObject({ method: 'POST', resourceType: 'User' });
    expect(parseOperation({ method: DELETE, path: '/Groups/a%20b' }, 1)).toMatchObject({ method: 'DELETE', resourceType: 'Group', id: 'a b' });
  });

  it('reads the bare array of RFC 7644 §3.7.3\'s PATCH example as a PatchOp message', () => {
    const operations = [{ op: 'remove', path: 'nickName' }];
    expect(parseOperation({ method: PATCH, path: '/Users/1', data: operations }, 0)).toMatchObject({
      data: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations },
    });
  });

  it.each([
    ['no method', { path: '/Users' }, 'INVALID_SYNTAX'],
    ['no path', { method: DELETE }, 'INVALID_VALUE'],
    ['a query in the path', { method: DELETE, path: '/Users/1?x=y' }, 'INVALID_VALUE'],
    ['an unknown endpoint', { method: DELETE, path: '/Widgets/1' }, 'NOT_FOUND'],
    ['a POST to a resource', { method: POST, path: '/Users/1', data: {} }, 'INVALID_VALUE'],
    ['a PATCH of an endpoint', { method: PATCH, path: '/Users', data: [] }, 'INVALID_VALUE'],
    ['a POST without data', { method: POST, path: '/Users' }, 'INVALID_SYNTAX'],
    ['a malformed percent-encoding', { method: DELETE, path: '/Users/%E0%A4%A' }, 'INVALID_VALUE'],
    ['an overlong bulkId', { method: POST, path: '/Users', bulkId: 'x'.repeat(257), data: {} }, 'INVALID_VALUE'],
  ])('fails %s alone', (_case, operation, reason) => {
    expect(parseOperation(operation, 0).invalid?.reason).toBe(reason);
  });
});
