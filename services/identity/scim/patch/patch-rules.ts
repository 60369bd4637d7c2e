/**
 * The attribute characteristics PATCH enforces (RFC 7643 §2.2, §2.4; RFC 7644 §3.5.2),
 * all read from the schema: nothing here names an attribute.
 */
import { isDeepStrictEqual } from 'node:util';
import { InvalidValueError, MutabilityError } from '../../errors/scim-errors';
import { isPlainObject, isUnassigned } from '../resource/scim-json';
import type { AttributeDefinition } from '../schema/definitions';
import { findSubAttribute } from '../schema/registry';

/**
 * RFC 7644 §3.5.2: "a client MUST NOT modify an attribute that has mutability
 * "readOnly" or "immutable"". Checked on the path's attribute and sub-attribute; a
 * readOnly sub-attribute carried inside a value is dropped instead (patch-values.ts).
 */
export function assertNotReadOnly(definitions: Array<AttributeDefinition | undefined>, path: string): void {
  if (definitions.some((definition) => definition?.mutability === 'readOnly')) {
    throw new MutabilityError(`${path} is readOnly: clients cannot change it (RFC 7643 §2.2).`, path);
  }
}

/**
 * RFC 7644 §3.5.2: "a client MAY "add" a value to an "immutable" attribute if the
 * attribute had no previous value". `before` and `after` are one value of `definition`
 * (a single-valued attribute, or one element of a multi-valued one); a complex value's
 * immutable sub-attributes are checked one level down (`members[].value`).
 */
export function assertImmutableKept(definition: AttributeDefinition, before: unknown, after: unknown, path: string): void {
  if (definition.mutability === 'immutable' && !isUnassigned(before) && !isDeepStrictEqual(before, after)) {
    throw new MutabilityError(`${path} is immutable: it cannot change once set (RFC 7643 §2.2).`, path);
  }
  if (definition.type !== 'complex' || definition.multiValued || !isPlainObject(before)) return;
  for (const sub of definition.subAttributes ?? []) {
    const next = isPlainObject(after) ? after[sub.name] : undefined;
    assertImmutableKept(sub, before[sub.name], next, `${path}.${sub.name}`);
  }
}

/**
 * A required attribute (RFC 7643 §2.2) that an operation left unassigned. This is
 * `invalidValue`, as on POST and PUT (write-rules.ts assertRequired), although RFC 7644
 * §3.5.2 names `mutability` for it ("If an attribute is removed or becomes unassigned
 * and is defined as a required attribute or a read-only attribute, the server SHALL
 * return … mutability"): the service gives one error for a missing required value
 * whatever the method.
 */
export function assertRequiredKept(definition: AttributeDefinition, value: unknown, path: string): void {
  // RFC 7644 §3.5.2: "If an attribute is removed or becomes unassigned and is defined as a
  // required attribute or a read-only attribute, the server SHALL return … mutability".
  if (definition.required && isUnassigned(value)) throw new MutabilityError(`${path} is required and cannot be removed.`, path);
}

/**
 * RFC 7644 §3.5.2: "a PATCH operation that sets a value's "primary" sub-attribute to
 * "true" SHALL cause the server to automatically set "primary" to "false" for any other
 * values in the array". `written` are the elements the operation wrote; two of them
 * primary is a contradiction in the request (RFC 7643 §2.4: primary true "MUST appear
 * no more than once"). Several primaries that no operation wrote are left as found.
 */
export function keepOnePrimary(definition: AttributeDefinition, elements: unknown[], written: Set<unknown>, path: string): void {
  const primary = findSubAttribute(definition, 'primary');
  if (primary?.type !== 'boolean') return;
  const primaries = elements.filter((element) => isPlainObject(element) && element[primary.name] === true);
  if (primaries.length < 2) return;
  const chosen = primaries.filter((element) => written.has(element));
  if (chosen.length > 1) throw new InvalidValueError(`At most one value of ${path} may be primary.`, path);
  if (chosen.length === 0) return;
  for (const element of primaries) if (element !== chosen[0] && isPlainObject(element)) element[primary.name] = false;
}
