/**
 * Reading and writing top-level attributes of a canonical SCIM JSON document: core
 * attributes at the top, extension attributes under their schema URN. Writing an
 * unassigned value (RFC 7643 §2.5) removes the attribute, and an extension object left
 * empty goes with it, so the document never holds null, "", [] or {}.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ResourceSchema, TopLevelAttribute } from '../schema/registry';
import { isPlainObject, isUnassigned, type ScimJson } from '../resource/scim-json';

export function readAttribute(doc: ScimJson, top: TopLevelAttribute): unknown {
  if (!top.extension) return doc[top.definition.name];
  const extension = doc[top.schema];
  return isPlainObject(extension) ? extension[top.definition.name] : undefined;
}

export function writeAttribute(doc: ScimJson, top: TopLevelAttribute, value: unknown): void {
  const name = top.definition.name;
  if (!top.extension) {
    if (isUnassigned(value)) delete doc[name];
    else doc[name] = value;
    return;
  }
  const current = doc[top.schema];
  const extension: ScimJson = isPlainObject(current) ? current : {};
  if (isUnassigned(value)) delete extension[name];
  else extension[name] = value;
  if (isUnassigned(extension)) delete doc[top.schema];
  else doc[top.schema] = extension;
}

/** The canonical top-level paths whose value differs between `before` and `after`, in schema order. */
export function changedAttributes(resource: ResourceSchema, before: ScimJson, after: ScimJson): string[] {
  return resource
    .topLevelAttributes()
    .filter((top) => !isDeepStrictEqual(readAttribute(before, top), readAttribute(after, top)))
    .map((top) => (top.extension ? `${top.schema}:${top.definition.name}` : top.definition.name));
}
