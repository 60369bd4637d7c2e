/**
 * Which attributes a write changed, by name, for the audit trail: the top-level
 * attributes whose values differ between the stored state and the new one. Only
 * names leave this function, never values, so no value of `password` (or of any
 * attribute) can reach the audit trail.
 */
import { isDeepStrictEqual } from 'node:util';
import { isUnassigned, type ScimJson } from '../scim/resource/scim-json';
import type { ResourceSchema } from '../scim/schema/registry';
import { holder } from '../resources/write-rules';

/**
 * The canonical names (extension attributes as `<schema URN>:<name>`) of the
 * top-level attributes whose values differ, in schema order. Unassigned values
 * (absent, null, empty) count as equal. `password` is never in a stored document,
 * so a write that sets one always reports it.
 */
export function changedAttributes(resource: ResourceSchema, before: ScimJson, after: ScimJson): string[] {
  const changed: string[] = [];
  for (const top of resource.topLevelAttributes()) {
    const name = top.definition.name;
    const previous = asStored(holder(before, top)?.[name]);
    const next = asStored(holder(after, top)?.[name]);
    if (isUnassigned(previous) && isUnassigned(next)) continue;
    if (!isDeepStrictEqual(previous, next)) changed.push(top.extension ? `${top.schema}:${name}` : name);
  }
  return changed;
}

/** A value as the store keeps it, JSON, where a member whose value is undefined is absent. */
function asStored(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
