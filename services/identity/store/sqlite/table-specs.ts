/**
 * How users and groups are laid out in their tables: the indexed columns each
 * derives from its SCIM document. Lower-cased keys back case-insensitive lookups
 * (RFC 7643 §4.1.1: userName is not caseExact).
 */
import type { ScimJson } from '../../scim/resource/scim-json';
import type { ResourceKind } from '../port';

export interface TableSpec {
  kind: ResourceKind;
  table: 'users' | 'groups';
  /** The indexed columns of a document, by column name. */
  columns(doc: ScimJson): Record<string, string | null>;
  /** Maps each column under a unique index to the SCIM attribute it protects. */
  uniqueColumns: Record<string, string>;
}

const optionalText = (value: unknown) => (typeof value === 'string' ? value : null);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

export const USERS_TABLE: TableSpec = {
  kind: 'User',
  table: 'users',
  columns: (doc) => ({
    user_name_key: text(doc.userName).toLowerCase(),
    external_id: optionalText(doc.externalId),
    display: optionalText(doc.displayName) ?? optionalText(doc.userName),
  }),
  uniqueColumns: { user_name_key: 'userName' },
};

export const GROUPS_TABLE: TableSpec = {
  kind: 'Group',
  table: 'groups',
  columns: (doc) => ({
    display_key: text(doc.displayName).toLowerCase(),
    external_id: optionalText(doc.externalId),
    display: text(doc.displayName),
  }),
  uniqueColumns: {},
};
