import { PatchOperation_Op, type PatchOperation as ProtoPatchOperation } from '../../../proto/gen/openscim/identity/v1/common';
import { InvalidSyntaxError } from '../errors/scim-errors';
import type { PatchOperation } from '../scim/patch/apply-patch';

const OP_NAMES = {
  [PatchOperation_Op.OP_ADD]: 'add',
  [PatchOperation_Op.OP_REMOVE]: 'remove',
  [PatchOperation_Op.OP_REPLACE]: 'replace',
} as const;

/** The PATCH operations of a PatchUser or PatchGroup request, in the engine's terms. */
export function patchOperationsOf(operations: ProtoPatchOperation[] | undefined): PatchOperation[] {
  return (operations ?? []).map((operation, index) => {
    const op = OP_NAMES[operation.op as keyof typeof OP_NAMES];
    if (!op) throw new InvalidSyntaxError(`Operation ${index + 1} has no op: use add, remove or replace.`);
    return { op, ...(operation.path ? { path: operation.path } : {}), ...(operation.value !== undefined ? { value: operation.value } : {}) };
  });
}

/** The inverse, for callers that build requests (the SCIM adapter). */
export function protoPatchOperations(operations: PatchOperation[]): ProtoPatchOperation[] {
  const codes = { add: PatchOperation_Op.OP_ADD, remove: PatchOperation_Op.OP_REMOVE, replace: PatchOperation_Op.OP_REPLACE } as const;
  return operations.map((operation) => ({ op: codes[operation.op], path: operation.path ?? '', value: operation.value }));
}
