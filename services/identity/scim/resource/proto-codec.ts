/**
 * The mechanical mapping between canonical SCIM JSON and the typed proto messages
 * (User, Group). Proto field names are the SCIM names in snake_case, which ts-proto
 * turns back into the SCIM camelCase, so the mapping is nearly the identity; the
 * exceptions are written out here: `$ref` is `ref`, the enterprise extension is the
 * typed `enterprise_user` field, other extensions sit in the `extensions` map, and
 * `meta` dates are Timestamps. Values are not validated: callers run
 * normalizeResource on what comes out of fromProto.
 */
import { SCHEMA_URN } from '../schema/definitions';
import { isPlainObject, isUnassigned, type ScimJson } from './scim-json';

/** Extensions that have a typed field in the contract, by URN. */
const TYPED_EXTENSIONS: Record<string, string> = { [SCHEMA_URN.enterpriseUser]: 'enterpriseUser' };
const TYPED_EXTENSION_URNS = Object.fromEntries(Object.entries(TYPED_EXTENSIONS).map(([urn, field]) => [field, urn]));

/** A decoded User or Group message, seen as a plain object. */
export type ProtoResource = Record<string, unknown>;

export function toProto(doc: ScimJson): ProtoResource {
  const message: ProtoResource = {};
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'meta' && isPlainObject(value)) message.meta = metaToProto(value);
    else if (key.startsWith('urn:')) {
      const field = TYPED_EXTENSIONS[key];
      if (field) message[field] = renameKeys(value, '$ref', 'ref');
      else extensions[key] = value;
    } else message[key] = renameKeys(value, '$ref', 'ref');
  }
  if (Object.keys(extensions).length > 0) message.extensions = extensions;
  return message;
}

export function fromProto(message: ProtoResource): ScimJson {
  const doc: ScimJson = {};
  for (const [key, value] of Object.entries(message)) {
    if (isUnassigned(value)) continue;
    if (key === 'meta' && isPlainObject(value)) doc.meta = metaFromProto(value);
    else if (key === 'extensions' && isPlainObject(value)) {
      for (const [urn, extension] of Object.entries(value)) if (!isUnassigned(extension)) doc[urn] = extension;
    } else if (TYPED_EXTENSION_URNS[key]) doc[TYPED_EXTENSION_URNS[key]] = pruneAndRename(value);
    else doc[key] = pruneAndRename(value);
  }
  return doc;
}

function metaToProto(meta: ScimJson): ProtoResource {
  return {
    resourceType: meta.resourceType,
    created: typeof meta.created === 'string' ? new Date(meta.created) : undefined,
    lastModified: typeof meta.lastModified === 'string' ? new Date(meta.lastModified) : undefined,
    version: meta.version,
  };
}

function metaFromProto(meta: ScimJson): ScimJson {
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : undefined);
  return pruneAndRename({
    resourceType: meta.resourceType,
    created: iso(meta.created),
    lastModified: iso(meta.lastModified),
    version: meta.version,
  }) as ScimJson;
}

/** Renames `from` to `to` in nested objects (sub-attributes only live one level down). */
function renameKeys(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, from, to));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, sub]) => [key === from ? to : key, sub]));
}

/** Drops proto3 defaults ("" and empty lists) and turns `ref` back into `$ref`. */
function pruneAndRename(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneAndRename).filter((item) => !isUnassigned(item));
  if (!isPlainObject(value)) return value;
  const result: ScimJson = {};
  for (const [key, sub] of Object.entries(value)) {
    if (!isUnassigned(sub)) result[key === 'ref' ? '$ref' : key] = pruneAndRename(sub);
  }
  return result;
}
