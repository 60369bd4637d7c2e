/**
 * Rendering SCIM JSON responses: the HTTP concerns the identity service leaves to
 * the adapter (`meta.location`, `$ref` URIs, the Location and ETag headers), and
 * the ListResponse envelope (RFC 7644 §3.4.2).
 */
import type { Response } from 'express';
import { SCHEMA_URN } from '../../services/identity/scim/schema/definitions';
import { fromProto, type ProtoResource } from '../../services/identity/scim/resource/proto-codec';
import { isPlainObject, type ScimJson } from '../../services/identity/scim/resource/scim-json';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const ENDPOINT_BY_TYPE: Record<string, string> = { User: '/Users', Group: '/Groups' };

/** A proto User or Group as the SCIM JSON a client reads; `base` is the SCIM base URL (…/scim/v2). */
export function renderResource(message: ProtoResource, base: string): ScimJson {
  const { schemas, id, meta, ...rest } = fromProto(message);
  const doc: ScimJson = { schemas, id, ...rest };
  if (Array.isArray(doc.members)) doc.members = doc.members.map((member) => withRef(member, base, String(member.type ?? 'User')));
  if (Array.isArray(doc.groups)) doc.groups = doc.groups.map((group) => withRef(group, base, 'Group'));
  const enterprise = doc[SCHEMA_URN.enterpriseUser];
  if (isPlainObject(enterprise) && isPlainObject(enterprise.manager)) {
    enterprise.manager = withRef(enterprise.manager, base, 'User');
  }
  if (isPlainObject(meta)) {
    const endpoint = ENDPOINT_BY_TYPE[String(meta.resourceType)];
    doc.meta = endpoint && typeof id === 'string' ? { ...meta, location: `${base}${endpoint}/${id}` } : meta;
  }
  return doc;
}

function withRef(reference: unknown, base: string, type: string): unknown {
  if (!isPlainObject(reference) || typeof reference.value !== 'string') return reference;
  const endpoint = ENDPOINT_BY_TYPE[type] ?? '/Users';
  return { value: reference.value, $ref: `${base}${endpoint}/${reference.value}`, ...reference };
}

export function versionOf(doc: ScimJson): string | undefined {
  const version = isPlainObject(doc.meta) ? doc.meta.version : undefined;
  return typeof version === 'string' ? version : undefined;
}

export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** A single resource, with its ETag (RFC 7644 §3.14) and, for 201, its Location (§3.3). */
export function sendResource(res: Response, status: number, doc: ScimJson): void {
  const version = versionOf(doc);
  if (version) res.set('ETag', version);
  const location = isPlainObject(doc.meta) ? doc.meta.location : undefined;
  if (status === 201 && typeof location === 'string') res.set('Location', location);
  sendScim(res, status, doc);
}

/**
 * The ListResponse envelope (RFC 7644 §3.4.2). With cursor paging (RFC 9865),
 * `nextCursor` leads to the next page and `totalResults` is there when it was counted.
 */
export function listResponse(resources: ScimJson[], page: { totalResults?: number; startIndex?: number; nextCursor?: string }): ScimJson {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    ...(page.totalResults !== undefined ? { totalResults: page.totalResults } : {}),
    ...(page.startIndex !== undefined ? { startIndex: page.startIndex } : {}),
    itemsPerPage: resources.length,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    Resources: resources,
  };
}
