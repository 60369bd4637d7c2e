/**
 * `bulkId:` references (RFC 7644 §3.7.2): "The service provider MUST replace the
 * string "bulkId:qwerty" with the permanent resource id once created", and
 * "Extensions that include references to other resources MUST be handled in the same
 * way". A reference may stand wherever an id may:
 * - as the id in an operation's path (`/Groups/bulkId:qwerty`);
 * - as a whole string value anywhere in `data`: a member's `value`, a manager's
 *   `value` (or the bare manager id Entra sends), a PATCH operation's value;
 * - as a string literal in the value filter of a PATCH operation's `path`
 *   (`members[value eq "bulkId:qwerty"]`), read as the filter grammar reads it, JSON.
 * A string that merely contains `bulkId:` elsewhere is left alone.
 */
import { isPlainObject } from '../scim/resource/scim-json';
import type { ValidOperation } from './bulk-operation';

export const BULK_ID_PREFIX = 'bulkId:';

/** A JSON string literal, as a SCIM filter writes one (RFC 7644 §3.4.2.2 compValue). */
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

/** The bulkId a whole string refers to, if it is a reference. */
function referenced(text: string): string | undefined {
  return text.startsWith(BULK_ID_PREFIX) && text.length > BULK_ID_PREFIX.length ? text.slice(BULK_ID_PREFIX.length) : undefined;
}

/** The operation's id and data with every reference replaced by `resolve(bulkId)`. */
export function replaceReferences(
  operation: Pick<ValidOperation, 'method' | 'id' | 'data'>,
  resolve: (bulkId: string) => string,
): { id?: string; data?: unknown } {
  const idReference = operation.id === undefined ? undefined : referenced(operation.id);
  return {
    id: idReference === undefined ? operation.id : resolve(idReference),
    data: replaceIn(operation.data, resolve, operation.method === 'PATCH'),
  };
}

/** Every bulkId the operation refers to, once each, in order of appearance. */
export function referencesOf(operation: Pick<ValidOperation, 'method' | 'id' | 'data'>): string[] {
  const found = new Set<string>();
  replaceReferences(operation, (bulkId) => {
    found.add(bulkId);
    return BULK_ID_PREFIX + bulkId;
  });
  return [...found];
}

function replaceIn(value: unknown, resolve: (bulkId: string) => string, patch: boolean, key?: string): unknown {
  if (typeof value === 'string') {
    const bulkId = referenced(value);
    if (bulkId !== undefined) return resolve(bulkId);
    // PatchOp member names are case-insensitive (patch-request.ts), so is `path`.
    return patch && key?.toLowerCase() === 'path' ? replaceInFilter(value, resolve) : value;
  }
  if (Array.isArray(value)) return value.map((item) => replaceIn(item, resolve, patch));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, replaceIn(member, resolve, patch, name)]));
  }
  return value;
}

function replaceInFilter(path: string, resolve: (bulkId: string) => string): string {
  return path.replace(STRING_LITERAL, (literal) => {
    let text: unknown;
    try {
      text = JSON.parse(literal);
    } catch {
      return literal;
    }
    const bulkId = typeof text === 'string' ? referenced(text) : undefined;
    return bulkId === undefined ? literal : JSON.stringify(resolve(bulkId));
  });
}
