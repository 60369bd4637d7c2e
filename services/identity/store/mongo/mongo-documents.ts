/**
 * The shape of what the MongoDB store keeps. Collections `users` and `groups` hold one
 * document per resource:
 *
 *   { tenant, id,                        the resource's identity; unique together
 *     version, etag,                     the version, and `W/"<version>"` for meta.version filters and sorting
 *     created, lastModified,             BSON dates
 *     display, _fold: { id, display },   what members[].display and groups[].display show (users: displayName,
 *                                        else userName), and the folded copies filters on them read
 *     doc,                               the SCIM document, encoded as stored-json.ts describes
 *     first,                             the sort value of each multi-valued attribute (stored-json.ts)
 *     passwordHash,                      users only, never in `doc`
 *     pendingEvent, pendingSince }       the last write's event until it has a position (mongo-events.ts)
 *
 * Collection `memberships` holds one document per direct membership (an edge), never an
 * array in the group:
 *
 *   { tenant, group, member, type: 'User' | 'Group', _fold: { group, member } }
 *
 * The change feed's collections (`events`, `event_heads`, `event_intents`,
 * `event_receivers`) are described in mongo-events.ts.
 *
 * Every index starts with `tenant` (mongo-indexes.ts).
 */
import type { ScimJson } from '../../scim/resource/scim-json';
import { formatVersion } from '../../scim/versions';
import { foldCase } from '../../scim/filter/compare-strings';
import type { ResourceKind, StoredResource } from '../port';
import type { PendingEvent } from './mongo-events';
import { decodeJson, encodeJson, firstValues } from './stored-json';

export interface ResourceDocument {
  tenant: string;
  id: string;
  version: number;
  etag: string;
  created: Date;
  lastModified: Date;
  display?: string;
  _fold: { id: string; display?: string };
  doc: ScimJson;
  first?: ScimJson;
  passwordHash?: string;
  /** The change feed's outbox: the event of the write that made this version, until it is recorded (mongo-events.ts). */
  pendingEvent?: PendingEvent;
  pendingSince?: Date;
}

export interface EdgeDocument {
  tenant: string;
  group: string;
  member: string;
  type: ResourceKind;
  _fold: { group: string; member: string };
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The fields a resource document derives from its SCIM document. */
export function documentFields(kind: ResourceKind, id: string, doc: ScimJson): Pick<ResourceDocument, 'display' | '_fold' | 'doc' | 'first'> {
  const display = kind === 'User' ? (text(doc.displayName) ?? text(doc.userName)) : text(doc.displayName);
  const encoded = encodeJson(doc) as ScimJson;
  return {
    display,
    _fold: display === undefined ? { id: foldCase(id) } : { id: foldCase(id), display: foldCase(display) },
    doc: encoded,
    first: firstValues(encoded),
  };
}

/** The fields that record a new version. */
export function versionFields(version: number, now: Date): Pick<ResourceDocument, 'version' | 'etag' | 'lastModified'> {
  return { version, etag: formatVersion(version), lastModified: now };
}

export function toStored(document: ResourceDocument): StoredResource {
  return {
    id: document.id,
    version: document.version,
    created: document.created,
    lastModified: document.lastModified,
    doc: decodeJson(document.doc) as ScimJson,
  };
}

/** The filter that finds one edge by its unique index. */
export function edgeKey(tenant: string, group: string, member: string) {
  return { tenant, '_fold.group': foldCase(group), group, member };
}

/** Edges whose group is one of `groups`, in a form the by-group index serves. */
export function edgesOfGroups(groups: string[]) {
  return { '_fold.group': { $in: groups.map(foldCase) }, group: { $in: groups } };
}

/** Edges whose member is one of `members`, in a form the by-member index serves. */
export function edgesOfMembers(members: string[]) {
  return { '_fold.member': { $in: members.map(foldCase) }, member: { $in: members } };
}

/** Ids per `$in` of one query, and writes per bulk. */
const CHUNK = 1000;

/** `items` in runs of at most CHUNK, for `$in` lists and bulk writes. */
export function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) result.push(items.slice(start, start + CHUNK));
  return result;
}
