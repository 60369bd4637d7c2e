/**
 * What a PATCH path names (RFC 7644 §3.5.2: `PATH = attrPath / valuePath [subAttr]`),
 * resolved through THE path parser and THE schema registry. Details name attributes in
 * their canonical spelling and never repeat the filter's values (personal data).
 */
import { InvalidFilterError, InvalidPathError } from '../../errors/scim-errors';
import type { ValueFilterNode, ResolvedValueFilter } from '../filter/ast';
import { formatAttributePath } from '../filter/format-filter';
import { parsePatchPath } from '../filter/parse-filter';
import { resolveValueFilter } from '../filter/resolve-filter';
import type { AttributeDefinition } from '../schema/definitions';
import { findSubAttribute, type ResolvedAttribute, type ResourceSchema } from '../schema/registry';

/** A top-level attribute, possibly narrowed by a value filter and a sub-attribute. */
export interface AttributeTarget {
  kind: 'attribute';
  /** The top-level attribute, resolved without a sub-attribute. */
  attribute: ResolvedAttribute;
  /** `name.givenName`, `emails.value`, or the sub-attribute after a filter: `emails[type eq "work"].value`. */
  sub?: AttributeDefinition;
  /** The value filter of `emails[type eq "work"]`, as written and as resolved. */
  filter?: { written: ValueFilterNode; resolved: ResolvedValueFilter };
}

/** A path that is a schema extension's URN: the extension object as a whole. */
export interface ExtensionTarget {
  kind: 'extension';
  urn: string;
}

/** The `schemas` attribute, which the service computes from what the resource holds. */
export interface SchemasTarget {
  kind: 'schemas';
}

/** A well-formed path that names no attribute (or sub-attribute) of the resource type. */
export interface UnknownTarget {
  kind: 'unknown';
  detail: string;
}

export type PatchTarget = AttributeTarget | ExtensionTarget | SchemasTarget | UnknownTarget;

/** How details name a target: `emails[…].value`, never the filter's values (personal data). */
export function describeTarget(target: AttributeTarget): string {
  const filter = target.filter ? '[…]' : '';
  return `${target.attribute.path}${filter}${target.sub ? `.${target.sub.name}` : ''}`;
}

/**
 * Resolves a path. Throws InvalidPathError for a malformed path, a filter on an
 * attribute that takes none, or a filter that does not fit the attribute; returns
 * `unknown` for a path that names no attribute, so that callers decide (a path
 * operation fails with invalidPath; a no-path value key is ignored, as on POST).
 */
export function lookupTarget(resource: ResourceSchema, text: string): PatchTarget {
  const urn = resource.extensionUrn(text);
  if (urn) return { kind: 'extension', urn };
  const parsed = parsePatchPath(text);
  const { schema, attribute, subAttribute } = parsed.path;
  if (schema === undefined && subAttribute === undefined && !parsed.filter && attribute.toLowerCase() === 'schemas') {
    return { kind: 'schemas' };
  }
  const top = resource.resolve({ ...(schema === undefined ? {} : { schema }), attribute });
  if (!top) {
    const written = formatAttributePath({ ...(schema === undefined ? {} : { schema }), attribute });
    return { kind: 'unknown', detail: `'${written}' is not an attribute of ${resource.name} resources.` };
  }

  const subName = subAttribute ?? parsed.subAttribute;
  let sub: AttributeDefinition | undefined;
  if (subName !== undefined) {
    if (top.definition.type !== 'complex') {
      throw new InvalidPathError(`${top.path} is a ${top.definition.type} attribute: it has no sub-attributes.`, top.path);
    }
    sub = findSubAttribute(top.definition, subName);
    if (!sub) return { kind: 'unknown', detail: `${top.path} has no sub-attribute '${subName}'.` };
  }

  if (!parsed.filter) return { kind: 'attribute', attribute: top, ...(sub ? { sub } : {}) };
  if (!top.definition.multiValued || top.definition.type !== 'complex') {
    throw new InvalidPathError(
      `${top.path} is not a multi-valued complex attribute, so its path takes no value filter […] (RFC 7644 §3.5.2).`,
      top.path,
    );
  }
  let resolved: ResolvedValueFilter;
  try {
    resolved = resolveValueFilter(resource, top, parsed.filter);
  } catch (error) {
    // In a PATCH path, a filter that does not fit the attribute is a bad path (RFC 7644 §3.12 invalidPath).
    if (error instanceof InvalidFilterError) throw new InvalidPathError(`The value filter of ${top.path}: ${error.message}`, top.path);
    throw error;
  }
  return { kind: 'attribute', attribute: top, ...(sub ? { sub } : {}), filter: { written: parsed.filter, resolved } };
}
