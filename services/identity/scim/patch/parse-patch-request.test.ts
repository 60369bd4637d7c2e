import { InvalidPathError, InvalidSyntaxError, InvalidValueError } from '../../errors/scim-errors';
import { DEFAULT_MAX_PATCH_OPERATIONS, parsePatchRequest, PATCH_OP_SCHEMA } from './apply-patch';
import { thrown } from './patch-test-support';

const replaceTitle = { op: 'replace', path: 'title', value: 'x' };

describe('RFC 7644 §3.5.2 the PatchOp request body', () => {
  it('reads "Operations" with its schemas', () => {
    expect(parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: [replaceTitle] })).toEqual([replaceTitle]);
  });

  it.each(['operations', 'OPERATIONS'])('reads the member name in any case: %s (RFC 7643 §2.1)', (key) => {
    expect(parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], [key]: [replaceTitle] })).toEqual([replaceTitle]);
  });

  it('accepts a body without schemas (liberal: "The body of each request MUST contain the "schemas" attribute")', () => {
    expect(parsePatchRequest({ Operations: [replaceTitle] })).toEqual([replaceTitle]);
  });

  it('reads op, path and value in any case, and op names in any case, noting op-case', () => {
    expect(parsePatchRequest({ Operations: [{ Op: 'Replace', Path: 'title', Value: 'x' }] })).toEqual([{ ...replaceTitle, rewrites: ['op-case'] }]);
  });

  it('keeps a JSON null value, and leaves out an absent one', () => {
    expect(parsePatchRequest({ Operations: [{ op: 'replace', path: 'title', value: null }, { op: 'remove', path: 'title' }] })).toEqual([
      { op: 'replace', path: 'title', value: null },
      { op: 'remove', path: 'title' },
    ]);
  });

  it('reads an empty or null path as no path', () => {
    expect(parsePatchRequest({ Operations: [{ op: 'add', path: '', value: { title: 'x' } }, { op: 'add', path: null, value: { title: 'y' } }] })).toEqual([
      { op: 'add', value: { title: 'x' }, rewrites: ['empty-path'] },
      { op: 'add', value: { title: 'y' } },
    ]);
  });

  it(`accepts up to ${DEFAULT_MAX_PATCH_OPERATIONS} operations`, () => {
    expect(parsePatchRequest({ Operations: Array(DEFAULT_MAX_PATCH_OPERATIONS).fill(replaceTitle) })).toHaveLength(DEFAULT_MAX_PATCH_OPERATIONS);
  });
});

describe('RFC 7644 §3.12 refusals of the body', () => {
  it.each([
    ['a body that is not an object', ['x']],
    ['a null body', null],
    ['a body without Operations', { schemas: [PATCH_OP_SCHEMA] }],
    ['Operations that is not an array: "an array of one or more PATCH operations"', { Operations: 'replace everything' }],
    ['an empty Operations', { Operations: [] }],
    ['Operations twice, in two cases', { Operations: [replaceTitle], operations: [replaceTitle] }],
    ['schemas that is not an array', { schemas: PATCH_OP_SCHEMA, Operations: [replaceTitle] }],
    ['an operation that is not an object', { Operations: [replaceTitle, 'replace'] }],
    ['an operation without op', { Operations: [{ path: 'title', value: 'x' }] }],
    ['an unknown op: "MAY be one of "add", "remove", or "replace""', { Operations: [{ op: 'move', path: 'title', value: 'x' }] }],
    ['the JSON Patch op test', { Operations: [{ op: 'test', path: 'title', value: 'x' }] }],
    ['an op that is not a string', { Operations: [{ op: 1, path: 'title', value: 'x' }] }],
    ['op twice, in two cases', { Operations: [{ op: 'add', Op: 'remove', path: 'title', value: 'x' }] }],
  ])('refuses %s with invalidSyntax', (_name, request) => {
    expect(thrown(InvalidSyntaxError, () => parsePatchRequest(request)).scimType).toBe('invalidSyntax');
  });

  it.each([
    ['add without value: "The operation MUST contain a "value" member"', { op: 'add', path: 'title' }],
    ['replace without value', { op: 'replace', value: undefined }],
  ])('refuses %s with invalidValue', (_name, operation) => {
    thrown(InvalidValueError, () => parsePatchRequest({ Operations: [operation] }));
  });

  it('refuses a path that is not a string with invalidPath', () => {
    thrown(InvalidPathError, () => parsePatchRequest({ Operations: [{ op: 'remove', path: ['title'] }] }));
  });

  it('refuses more operations than the limit with invalidValue', () => {
    thrown(InvalidValueError, () => parsePatchRequest({ Operations: Array(DEFAULT_MAX_PATCH_OPERATIONS + 1).fill(replaceTitle) }));
    thrown(InvalidValueError, () => parsePatchRequest({ Operations: [replaceTitle, replaceTitle] }, { maxOperations: 1 }));
  });

  it('names the operation at fault by its position in the detail', () => {
    const error = thrown(InvalidSyntaxError, () => parsePatchRequest({ Operations: [replaceTitle, replaceTitle, { op: 'move' }] }));
    expect(error.message).toMatch(/^Operation 3: /);
  });
});
