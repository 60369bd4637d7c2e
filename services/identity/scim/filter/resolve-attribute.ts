/** Resolves an attribute path named in a filter, refusing the ones a filter may not name. */
import { InvalidFilterError } from '../../errors/scim-errors';
import type { AttributeDefinition } from '../schema/definitions';
import type { AttributePath, ResolvedAttribute, ResourceSchema } from '../schema/registry';
import { formatAttributePath } from './format-filter';
import { quote } from './lexer';

/**
 * RFC 7643 §3: every resource lists its schema URNs in `schemas`, which no schema
 * document describes, and RFC 7644 §3.4.2.2 lets clients filter on it
 * (`schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`). Schema
 * URNs compare case-insensitively, as everywhere in the registry (SCIM-NOTES.md).
 */
export const SCHEMAS_ATTRIBUTE: AttributeDefinition = {
  name: 'schemas',
  type: 'reference',
  multiValued: true,
  description: 'The URNs of the schemas the resource conforms to.',
  required: true,
  caseExact: false,
  mutability: 'readOnly',
  returned: 'always',
  uniqueness: 'none',
  referenceTypes: ['uri'],
};

function schemasAttribute(path: AttributePath): ResolvedAttribute | undefined {
  if (path.schema !== undefined || path.subAttribute !== undefined || path.attribute.toLowerCase() !== 'schemas') {
    return undefined;
  }
  return { schema: '', extension: false, definition: SCHEMAS_ATTRIBUTE, target: SCHEMAS_ATTRIBUTE, path: 'schemas' };
}

/** A filter on a value nobody may read would let clients guess it, one query at a time. */
function isHidden(definition: AttributeDefinition): boolean {
  return definition.returned === 'never' || definition.mutability === 'writeOnly';
}

export function resolveAttribute(resource: ResourceSchema, path: AttributePath, position?: number): ResolvedAttribute {
  const resolved = resource.resolve(path) ?? schemasAttribute(path);
  if (!resolved) {
    throw new InvalidFilterError(
      `${quote(formatAttributePath(path))} is not an attribute of ${resource.name} resources`,
      position,
    );
  }
  if (isHidden(resolved.definition) || isHidden(resolved.target)) {
    throw new InvalidFilterError(
      `${resolved.path} cannot be used in a filter: it is never returned (RFC 7643 §2.2)`,
      position,
    );
  }
  return resolved;
}

/** Resolves `name` as a sub-attribute of the complex attribute `parent`. */
export function resolveSubAttribute(
  resource: ResourceSchema,
  parent: ResolvedAttribute,
  name: string,
  position?: number,
): ResolvedAttribute {
  // Core and common attributes resolve without their URN, which keeps error details short.
  const schema = parent.extension ? { schema: parent.schema } : {};
  return resolveAttribute(resource, { ...schema, attribute: parent.definition.name, subAttribute: name }, position);
}
