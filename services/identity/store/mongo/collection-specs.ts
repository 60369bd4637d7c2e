/**
 * Where each SCIM path of users and groups is answered: by a field of the resource
 * document (id and meta), by a value every record of the collection shares
 * (meta.resourceType), by membership edges (User.groups, Group.members), or else
 * inside the stored SCIM document (`doc`, `first`).
 */
import type { ResolvedAttribute } from '../../scim/schema/registry';
import type { ResourceKind } from '../port';
import { COLLECTIONS, USER_NAME_INDEX, type IndexSpec } from './mongo-indexes';
import { fieldPaths, type FieldPaths } from './stored-json';

/** A path answered by a field of the resource document. */
export interface ColumnField extends FieldPaths {
  /** Every record has a value. */
  alwaysPresent: true;
  /** No two records of a tenant share a value. */
  unique: boolean;
}

export type Column = ColumnField | { constant: string };

export interface CollectionSpec {
  kind: ResourceKind;
  collection: (typeof COLLECTIONS)['users' | 'groups'];
  /** The attribute computed from edges: `groups` on users, `members` on groups. */
  computed: string;
  /** The unique indexes that protect an attribute, and the attribute they protect. */
  uniqueAttributes: Array<{ index: IndexSpec; attribute: string }>;
  /** Sort fields inside `doc` whose values are unique per tenant. */
  uniqueDocFields: ReadonlySet<string>;
}

const COLUMNS: Record<string, ColumnField> = {
  id: { raw: 'id', fold: '_fold.id', alwaysPresent: true, unique: true },
  'meta.created': { raw: 'created', dates: true, alwaysPresent: true, unique: false },
  'meta.lastModified': { raw: 'lastModified', dates: true, alwaysPresent: true, unique: false },
  'meta.version': { raw: 'etag', alwaysPresent: true, unique: false },
};

export function columnOf(spec: CollectionSpec, path: string): Column | undefined {
  return path === 'meta.resourceType' ? { constant: spec.kind } : COLUMNS[path];
}

export function isComputed(spec: CollectionSpec, attribute: ResolvedAttribute): boolean {
  return !attribute.extension && attribute.definition.name === spec.computed;
}

function topLevelKeys(attribute: ResolvedAttribute): string[] {
  return attribute.extension ? [attribute.schema, attribute.definition.name] : [attribute.definition.name];
}

/** Where a path's values are in the stored SCIM document. */
export function docPaths(attribute: ResolvedAttribute): FieldPaths {
  return fieldPaths('doc', [...topLevelKeys(attribute), ...(attribute.subAttribute ? [attribute.subAttribute.name] : [])]);
}

/** The array (multi-valued) or object (single-valued) a value path's elements are in. */
export function docContainer(attribute: ResolvedAttribute): string {
  return fieldPaths('doc', topLevelKeys(attribute)).raw;
}

/**
 * The field a path sorts by (port.ts SortKey): a multi-valued attribute by the value
 * kept in `first`, strings folded unless caseExact.
 */
export function docSortField(attribute: ResolvedAttribute): string {
  const keys = [...topLevelKeys(attribute), ...(attribute.subAttribute ? [attribute.subAttribute.name] : [])];
  const paths = fieldPaths(attribute.definition.multiValued ? 'first' : 'doc', keys);
  const folded = attribute.target.type === 'string' && !attribute.target.caseExact;
  return folded && paths.fold ? paths.fold : paths.raw;
}

export const USERS: CollectionSpec = {
  kind: 'User',
  collection: COLLECTIONS.users,
  computed: 'groups',
  uniqueAttributes: [{ index: USER_NAME_INDEX, attribute: 'userName' }],
  uniqueDocFields: new Set(['doc._fold.userName']),
};

export const GROUPS: CollectionSpec = {
  kind: 'Group',
  collection: COLLECTIONS.groups,
  computed: 'members',
  uniqueAttributes: [],
  uniqueDocFields: new Set(),
};
