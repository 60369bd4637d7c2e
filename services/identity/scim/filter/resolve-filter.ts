/**
 * Resolves a written filter against one resource type's schemas (THE registry): every
 * path to its canonical attribute, every comparison checked against the attribute's
 * type. Every failure is an InvalidFilterError (RFC 7644 §3.4.2.2: "Providers MUST
 * decline to filter results if the specified filter operation is not recognized"),
 * with the position of the offending term when the filter was parsed.
 */
import { InvalidFilterError } from '../../errors/scim-errors';
import type { ResolvedAttribute, ResourceSchema } from '../schema/registry';
import type { FilterNode, ResolvedFilter, ResolvedValueFilter, ValueFilterNode } from './ast';
import { mapTree } from './boolean-tree';
import { resolveAttribute, resolveSubAttribute } from './resolve-attribute';
import { resolveComparison } from './resolve-comparison';

/**
 * Resolves the filter inside a value path's brackets against the complex attribute
 * `parent` (also what a PATCH path such as `emails[type eq "work"].value` needs).
 */
export function resolveValueFilter(
  resource: ResourceSchema,
  parent: ResolvedAttribute,
  filter: ValueFilterNode,
  position?: number,
): ResolvedValueFilter {
  if (parent.target.type !== 'complex') {
    throw new InvalidFilterError(`${parent.path} is not a complex attribute: it takes no value filter […]`, position);
  }
  return mapTree(filter, (leaf) => {
    const attribute = resolveSubAttribute(resource, parent, leaf.path.attribute, leaf.position);
    return leaf.kind === 'present'
      ? { kind: 'present', attribute }
      : resolveComparison(resource, attribute, leaf.op, leaf.value, leaf.position);
  });
}

export function resolveFilter(resource: ResourceSchema, filter: FilterNode): ResolvedFilter {
  return mapTree(filter, (leaf): ResolvedFilter => {
    const attribute = resolveAttribute(resource, leaf.path, leaf.position);
    switch (leaf.kind) {
      case 'present':
        return { kind: 'present', attribute };
      case 'compare':
        return resolveComparison(resource, attribute, leaf.op, leaf.value, leaf.position);
      case 'valuePath':
        return {
          kind: 'valuePath',
          attribute,
          filter: resolveValueFilter(resource, attribute, leaf.filter, leaf.position),
        };
    }
  });
}
