/**
 * A list's filter, parsed and resolved against the schema, each step in its own span.
 * The filter's text holds attribute values, so the spans never carry it: only the
 * canonical names of the attributes it tests, which say which index it needs.
 */
import { ATTR_SCIM_FILTER_ATTRIBUTES, ATTR_SCIM_RESOURCE_TYPE } from '../../observability/attributes';
import { tracedSync } from '../../observability/tracing';
import type { BooleanTree, LeafKind, ResolvedFilter } from '../scim/filter/ast';
import { isLogical } from '../scim/filter/boolean-tree';
import { parseFilter } from '../scim/filter/parse-filter';
import { resolveFilter } from '../scim/filter/resolve-filter';
import type { ResourceSchema } from '../scim/schema/registry';

type Leaf = { kind: LeafKind; attribute: { path: string }; filter?: BooleanTree<Leaf> };

function collectPaths(node: BooleanTree<Leaf>, into: Set<string>): void {
  if (!isLogical(node)) {
    // A value path tests its sub-attributes (emails.type, emails.value), which its inner filter names.
    if (node.filter) collectPaths(node.filter, into);
    else into.add(node.attribute.path);
  } else if (node.kind === 'not') {
    collectPaths(node.filter, into);
  } else {
    collectPaths(node.left, into);
    collectPaths(node.right, into);
  }
}

/** The canonical paths a resolved filter tests, sorted: `["emails.value", "userName"]`. */
export function filterAttributePaths(filter: ResolvedFilter): string[] {
  const paths = new Set<string>();
  collectPaths(filter, paths);
  return [...paths].sort();
}

export function tracedFilter(resource: ResourceSchema, text: string): ResolvedFilter {
  const attributes = { [ATTR_SCIM_RESOURCE_TYPE]: resource.name };
  const parsed = tracedSync('scim.filter.parse', attributes, () => parseFilter(text));
  return tracedSync('scim.filter.resolve', attributes, (span) => {
    const resolved = resolveFilter(resource, parsed);
    if (span.isRecording()) span.setAttribute(ATTR_SCIM_FILTER_ATTRIBUTES, filterAttributePaths(resolved));
    return resolved;
  });
}
