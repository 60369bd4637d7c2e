/**
 * Creating a resource at most once. A bulk POST or an imported resource is created
 * with an id derived from what creates it (derived-ids.ts), so when an attempt is cut
 * short (the process dies, the caller gives up) and the request is sent again, the
 * resource an earlier attempt created is found under that id instead of being created
 * a second time.
 *
 * Found resources are left as they are, with one exception: a group also gets those of
 * its members that are missing. A store writes a new group before its member edges
 * (MongoDB: store/mongo/mongo-collection.ts), so an interrupted first attempt may have
 * stored the group without all of them; the retry finishes the write, as the IdP's
 * retry of a single request does.
 */
import { NotFoundError } from '../errors/scim-errors';
import type { ChangeScope, ResourceService } from '../resources/resource-service';
import type { ProjectionRequest } from '../scim/projection';
import { normalizeResource } from '../scim/resource/normalize';
import { isPlainObject, type ScimJson } from '../scim/resource/scim-json';
import type { ResourceSchema } from '../scim/schema/registry';
import type { BulkResourceType } from './bulk-operation';

/** What a bulk result needs of a resource: its id and version. Never a group's members. */
export const RESULT_PROJECTION: ProjectionRequest = { attributes: ['id', 'meta'] };

/** Where the resources of one type are written, and how they are read. */
export interface ResourceTarget {
  service: ResourceService;
  schema: ResourceSchema;
  /** The multi-valued attribute kept as edges (groups: members), which an interrupted create may have left incomplete. */
  edgeAttribute?: string;
}

export type ResourceTargets = Record<BulkResourceType, ResourceTarget>;

export interface CreatedOnce {
  /** The resource, projected to RESULT_PROJECTION. */
  resource: ScimJson;
  /** True when an earlier attempt had created it. */
  replayed: boolean;
}

export async function createOnce(target: ResourceTarget, scope: ChangeScope, id: string, data: unknown): Promise<CreatedOnce> {
  const existing = await find(target.service, scope.tenant, id);
  if (existing) return { resource: await completeEdges(target, scope, id, data, existing), replayed: true };
  try {
    return { resource: await target.service.create(scope, data, RESULT_PROJECTION, id), replayed: false };
  } catch (error) {
    // Two attempts of one request at once: the other one created it between the read and the insert.
    const raced = await find(target.service, scope.tenant, id);
    if (!raced) throw error;
    return { resource: raced, replayed: true };
  }
}

async function find(service: ResourceService, tenant: string, id: string): Promise<ScimJson | undefined> {
  try {
    return await service.get(tenant, id, RESULT_PROJECTION);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

async function completeEdges(target: ResourceTarget, scope: ChangeScope, id: string, data: unknown, existing: ScimJson): Promise<ScimJson> {
  const edge = target.edgeAttribute;
  if (edge === undefined) return existing;
  const wanted = edgeValues(normalizeResource(target.schema, data).doc[edge]);
  if (wanted.length === 0) return existing;
  const stored = new Set(edgeValues((await target.service.get(scope.tenant, id, { attributes: [edge] }))[edge]));
  const missing = wanted.filter((value) => !stored.has(value));
  if (missing.length === 0) return existing;
  return target.service.patch(scope, id, [{ op: 'add', path: edge, value: missing.map((value) => ({ value })) }], '', RESULT_PROJECTION);
}

function edgeValues(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  return values.filter(isPlainObject).flatMap((entry) => (typeof entry.value === 'string' ? [entry.value] : []));
}
