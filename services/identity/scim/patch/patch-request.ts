/**
 * The PatchOp request body of RFC 7644 §3.5.2, read liberally: what IdPs send is
 * accepted when its meaning is clear, and refused with the SCIM error that says why
 * when it is not.
 *
 * Decisions where the RFC leaves room:
 * - `schemas` may be missing (§3.5.2 says the body MUST carry the PatchOp URN; Okta and
 *   Entra always do, hand-written clients often do not). When present it must be an
 *   array of strings, but its content is not checked: `Operations` decides.
 * - `Operations`, and each operation's `op`, `path` and `value`, are matched
 *   case-insensitively (RFC 7643 §2.1 makes attribute names of every SCIM message
 *   case-insensitive); two spellings of one member are ambiguous: invalidSyntax.
 * - A body that is not an object, no `Operations`, an `Operations` that is not an array
 *   or is empty (§3.5.2: "an array of one or more PATCH operations"), an operation that
 *   is not an object, and an `op` other than add, remove or replace in any case, are
 *   all `invalidSyntax` (§3.12: "did not conform to the request schema").
 * - More than `maxOperations` operations is `invalidValue`, the error this service uses
 *   for every bound on a value (normalize.ts VALUE_LIMITS): `tooMany` is defined for
 *   filters only (§3.12) and 413 is Bulk's (§3.7.4).
 * - A `path` that is not a string is `invalidPath`; `""` or null means no path.
 * - add and replace without a `value` member are `invalidValue` (§3.5.2.1: "The
 *   operation MUST contain a "value" member"); a JSON null `value` is a value (the
 *   unassigned one, RFC 7643 §2.5), whose meaning apply-patch.ts defines.
 */
import { InvalidPathError, InvalidSyntaxError, InvalidValueError } from '../../errors/scim-errors';
import { messageMember as member } from '../resource/message-member';
import { isPlainObject } from '../resource/scim-json';
import { atOperation } from './operation-error';
import type { PatchRewriteReason } from './patch-rewrites';

export type PatchOpName = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  op: PatchOpName;
  path?: string;
  value?: unknown;
  /** Rewrites parsePatchRequest applied to this operation (`op-case`), carried into PatchResult.rewrites. */
  rewrites?: PatchRewriteReason[];
}

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The most operations one PATCH request may carry. */
export const DEFAULT_MAX_PATCH_OPERATIONS = 1000;

const OP_NAMES: readonly PatchOpName[] = ['add', 'remove', 'replace'];

/**
 * Checks one operation's shape. Shared by parsePatchRequest (at the edge) and
 * applyPatch (for callers that build operations themselves), which both prefix the
 * details with the operation's position (operation-error.ts).
 */
export function readOperation(raw: unknown): PatchOperation & { rewrites: PatchRewriteReason[] } {
  const where = 'The operation';
  if (!isPlainObject(raw)) throw new InvalidSyntaxError('An operation must be a JSON object with op, path and value.');
  const rewrites: PatchRewriteReason[] = [];

  const op = member(raw, 'op', where).value;
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (name === undefined || !OP_NAMES.includes(name as PatchOpName)) {
    throw new InvalidSyntaxError('op must be add, remove or replace (RFC 7644 §3.5.2).');
  }
  // Entra sends "Add", "Replace", "Remove". See test/fixtures/idp/entra/patch-replace-active.json.
  if (op !== name) rewrites.push('op-case');

  const path = member(raw, 'path', where).value;
  let text: string | undefined;
  if (typeof path === 'string') {
    text = path.trim();
    if (text === '') {
      text = undefined;
      rewrites.push('empty-path');
    }
  } else if (path !== undefined && path !== null) {
    throw new InvalidPathError('path must be a string, such as emails[type eq "work"].value.');
  }

  const value = member(raw, 'value', where);
  if (name !== 'remove' && (!value.present || value.value === undefined)) {
    throw new InvalidValueError(`${name} needs a value (RFC 7644 §3.5.2.1, §3.5.2.3).`);
  }
  return {
    op: name as PatchOpName,
    ...(text === undefined ? {} : { path: text }),
    ...(value.present && value.value !== undefined ? { value: value.value } : {}),
    rewrites,
  };
}

/** Parses the PatchOp request body (RFC 7644 §3.5.2) liberally; see the decisions above. */
export function parsePatchRequest(
  body: unknown,
  limits: { maxOperations: number } = { maxOperations: DEFAULT_MAX_PATCH_OPERATIONS },
): PatchOperation[] {
  if (!isPlainObject(body)) throw new InvalidSyntaxError(`A PATCH body must be a JSON object: a ${PATCH_OP_SCHEMA} message.`);
  const schemas = member(body, 'schemas', 'The PATCH body');
  if (schemas.present && !(Array.isArray(schemas.value) && schemas.value.every((urn) => typeof urn === 'string'))) {
    throw new InvalidSyntaxError(`schemas must be an array of URNs, such as ["${PATCH_OP_SCHEMA}"].`);
  }
  const operations = member(body, 'Operations', 'The PATCH body');
  if (!operations.present) throw new InvalidSyntaxError('A PATCH body needs Operations, an array of operations (RFC 7644 §3.5.2).');
  if (!Array.isArray(operations.value)) throw new InvalidSyntaxError('Operations must be an array of operations (RFC 7644 §3.5.2).');
  if (operations.value.length === 0) {
    throw new InvalidSyntaxError('Operations must hold one or more operations (RFC 7644 §3.5.2).');
  }
  if (operations.value.length > limits.maxOperations) {
    throw new InvalidValueError(
      `Operations holds ${operations.value.length} operations; at most ${limits.maxOperations} are accepted in one request.`,
      'Operations',
    );
  }
  return operations.value.map((raw, index) => {
    try {
      const { rewrites, ...operation } = readOperation(raw);
      return rewrites.length === 0 ? operation : { ...operation, rewrites };
    } catch (error) {
      throw atOperation(index + 1, error);
    }
  });
}
