/**
 * The schema rules every write (create, replace, and later PATCH) applies to a
 * normalized document, derived from the attributes' characteristics (RFC 7643 §2.2).
 */
import { InvalidValueError, MutabilityError } from '../errors/scim-errors';
import type { AttributeDefinition } from '../scim/schema/definitions';
import type { ResourceSchema, TopLevelAttribute } from '../scim/schema/registry';
import { isPlainObject, isUnassigned, type ScimJson } from '../scim/resource/scim-json';

/** Where a top-level attribute sits in SCIM JSON: the object holding it. */
export function holder(doc: ScimJson, top: TopLevelAttribute): ScimJson | undefined {
  if (!top.extension) return doc;
  const extension = doc[top.schema];
  return isPlainObject(extension) ? extension : undefined;
}

/**
 * Drops readOnly attributes and sub-attributes: RFC 7643 §2.2 says the server
 * ignores them on input, and Okta echoes id, meta and groups back on PUT. The
 * `schemas` list is dropped too: the service computes it from what the resource holds.
 */
export function withoutReadOnly(resource: ResourceSchema, doc: ScimJson): ScimJson {
  const result: ScimJson = structuredClone(doc);
  delete result.schemas;
  for (const top of resource.topLevelAttributes()) {
    const container = holder(result, top);
    if (!container || container[top.definition.name] === undefined) continue;
    if (top.definition.mutability === 'readOnly') delete container[top.definition.name];
    else if (top.definition.subAttributes) {
      const cleaned = stripReadOnlySubAttributes(top.definition, container[top.definition.name]);
      if (isUnassigned(cleaned)) delete container[top.definition.name];
      else container[top.definition.name] = cleaned;
    }
  }
  for (const top of resource.topLevelAttributes()) {
    if (top.extension && isUnassigned(result[top.schema])) delete result[top.schema];
  }
  return result;
}

function stripReadOnlySubAttributes(definition: AttributeDefinition, value: unknown): unknown {
  const strip = (item: unknown) => {
    if (!isPlainObject(item)) return item;
    const copy = { ...item };
    for (const sub of definition.subAttributes ?? []) if (sub.mutability === 'readOnly') delete copy[sub.name];
    return copy;
  };
  return Array.isArray(value) ? value.map(strip).filter((item) => !isUnassigned(item)) : strip(value);
}

/** RFC 7643 §2.2 `required`: the top-level required attributes must have a value. */
export function assertRequired(resource: ResourceSchema, doc: ScimJson): void {
  for (const top of resource.topLevelAttributes()) {
    if (!top.definition.required) continue;
    const value = holder(doc, top)?.[top.definition.name];
    if (isUnassigned(value)) {
      const path = top.extension ? `${top.schema}:${top.definition.name}` : top.definition.name;
      throw new InvalidValueError(`${path} is required.`, path);
    }
  }
}

/**
 * RFC 7643 §2.2 `immutable`: once set, a value may not change. A replacement that
 * leaves it out keeps it; one that changes it fails. Returns `next` with kept values.
 */
export function keepImmutable(resource: ResourceSchema, previous: ScimJson, next: ScimJson): ScimJson {
  const result = structuredClone(next);
  for (const top of resource.topLevelAttributes()) {
    if (top.definition.mutability !== 'immutable') continue;
    const before = holder(previous, top)?.[top.definition.name];
    if (before === undefined) continue;
    const after = holder(result, top)?.[top.definition.name];
    const path = top.extension ? `${top.schema}:${top.definition.name}` : top.definition.name;
    if (after === undefined) {
      if (top.extension) result[top.schema] = { ...(result[top.schema] as ScimJson | undefined), [top.definition.name]: before };
      else result[top.definition.name] = before;
    } else if (JSON.stringify(after) !== JSON.stringify(before)) {
      throw new MutabilityError(`${path} is immutable and cannot be changed.`, path);
    }
  }
  return result;
}
