import { InvalidSyntaxError } from '../../services/identity/errors/scim-errors';
import { toHttpFailure } from './error-status';
import { bulkOperationsOf, executeBulkRequest } from './bulk-request';

/** What the client would receive for the error `run` throws. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return toHttpFailure(error, 'r');
  }
  throw new Error('expected a refusal');
}

describe('reading a BulkRequest envelope', () => {
  it('matches member names in any case', () => {
    const body = { SCHEMAS: ['x'], operations: [{ METHOD: 'POST', Path: '/Users', bulkid: 'a', Data: { userName: 'u' } }], FailOnErrors: 1 };
    const operations = bulkOperationsOf(body);
    expect(executeBulkRequest(body, operations)).toMatchObject({ failOnErrors: 1, operations: [{ path: '/Users', bulkId: 'a', data: { userName: 'u' } }] });
  });

  it('refuses two spellings of one member, in the envelope or in an operation, with 400 invalidSyntax', () => {
    expect(() => bulkOperationsOf({ Operations: [], operations: [] })).toThrow(InvalidSyntaxError);
    expect(refusal(() => bulkOperationsOf({ Operations: [], operations: [] }))).toMatchObject({
      status: 400,
      scimType: 'invalidSyntax',
      detail: 'The bulk request has 2 members named Operations in different cases.',
    });
    const body = { Operations: [{ method: 'POST', Method: 'PUT' }] };
    expect(refusal(() => executeBulkRequest(body, bulkOperationsOf(body)))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
  });

  it('refuses a body without Operations, schemas that are not strings, and a negative failOnErrors', () => {
    expect(refusal(() => bulkOperationsOf([]))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(refusal(() => bulkOperationsOf({}))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(refusal(() => bulkOperationsOf({ schemas: [1], Operations: [] }))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(refusal(() => executeBulkRequest({ failOnErrors: -1 }, []))).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });
});
