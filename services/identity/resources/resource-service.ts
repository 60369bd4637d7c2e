/**
 * The operations RFC 7644 §3 defines on a resource endpoint, for one resource type.
 * Users and groups share this logic; what differs between them (passwords, member
 * edges, computed attributes) comes in through ResourceHooks.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { isDeepStrictEqual } from 'node:util';
import type { AuditSource, AuditTrail } from '../audit/audit-trail';
import { changedAttributes } from '../audit/changed-attributes';
import { activationOf, type ChangeOperation, type ChangeRecord } from '../events/change-event';
import { EtagMismatchError, InvalidValueError, NotFoundError } from '../errors/scim-errors';
import {
  ATTR_SCIM_OPERATION,
  ATTR_SCIM_PATCH_OPERATIONS,
  ATTR_SCIM_RESOURCE_TYPE,
  ATTR_SCIM_RESULT_COUNT,
  ATTR_SCIM_TOTAL_RESULTS,
} from '../../observability/attributes';
import { annotateActiveSpan, tracedSync } from '../../observability/tracing';
import { parseAttributePath } from '../scim/filter/parse-filter';
import { PageTokens, queryKey } from '../scim/page-tokens';
import { applyPatch, type EdgeDelta, type PatchOperation, type PatchRewrite } from '../scim/patch/apply-patch';
import { normalizeResource } from '../scim/resource/normalize';
import type { ScimJson } from '../scim/resource/scim-json';
import { isUnassigned } from '../scim/resource/scim-json';
import { resolvePage, type PageRequest } from '../scim/paging';
import { Projection, type ProjectionRequest } from '../scim/projection';
import type { ResourceSchema } from '../scim/schema/registry';
import { etagMatches, formatVersion } from '../scim/versions';
import type { ResourceCollection, ResourceUpdate, ResourceWrite, StoredResource } from '../store/port';
import { VersionConflict } from '../store/port';
import { tracedFilter } from './traced-filter';
import { assertRequired, keepImmutable, withoutReadOnly } from './write-rules';

export interface ResourceHooks {
  /**
   * Turns a checked document into what the store writes: removes what must not be
   * stored in the document (a password, member edges) and resolves references.
   * `previous` is the stored resource on replace and modify; with `keepEdges` (PATCH)
   * the edges are left as they are, since PATCH changes them through `edgeUpdate`.
   */
  toWrite(tenant: string, doc: ScimJson, previous?: StoredResource, keepEdges?: boolean): Promise<ResourceWrite>;
  /** The multi-valued attributes kept as edges, which PATCH changes by delta (groups: members). */
  readonly edgeAttributes: string[];
  /** The edge writes for a PATCH engine's delta on `id`. */
  edgeUpdate(tenant: string, id: string, delta: EdgeDelta): Promise<ResourceUpdate>;
  /** Adds the computed attributes that `projection` wants to a rendered resource. */
  addComputed(tenant: string, id: string, resource: ScimJson, projection: Projection): Promise<void>;
}

export interface ListRequest extends PageRequest {
  filter?: string;
  sortBy?: string;
  descending?: boolean;
  /** Set (even empty) to page by cursor. */
  pageToken?: string;
  projection?: ProjectionRequest;
}

export interface ListResponse {
  /** Unset on cursor pages after the first. */
  total?: number;
  startIndex: number;
  resources: ScimJson[];
  /** Cursor paging only: the next page's token, or '' after the last page. */
  nextPageToken: string;
}

/** How often an unconditional replace retries after losing a race to another writer. */
const MAX_REPLACE_ATTEMPTS = 5;
/**
 * How often a PATCH is re-applied to the newer state after losing a race: PATCH is
 * a function of the current state, so a retry keeps both writers' changes. With
 * jittered backoff, 50 concurrent writers on one resource all get through.
 */
const MAX_PATCH_ATTEMPTS = 100;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));

export interface ResourceServiceOptions {
  resource: ResourceSchema;
  collection: ResourceCollection;
  hooks: ResourceHooks;
  pageTokens: PageTokens;
  /** Where every write is recorded. */
  audit: AuditTrail;
  /** Where the IdP-dialect rewrites of PATCH requests are logged. */
  log: Logger;
  clock?: () => Date;
}

/** Who writes, for which tenant: what the audit trail needs besides the write itself. */
export interface ChangeScope {
  tenant: string;
  audit: AuditSource;
}

/** Tells recordChange which resource a successful write touched and which attributes it changed. */
export type ChangeNote = (change: { id: string; attributes: string[] }) => void;

export class ResourceService {
  private readonly resource: ResourceSchema;
  private readonly collection: ResourceCollection;
  private readonly hooks: ResourceHooks;
  private readonly pageTokens: PageTokens;
  private readonly audit: AuditTrail;
  private readonly log: Logger;
  private readonly clock: () => Date;

  constructor(options: ResourceServiceOptions) {
    this.resource = options.resource;
    this.collection = options.collection;
    this.hooks = options.hooks;
    this.pageTokens = options.pageTokens;
    this.audit = options.audit;
    this.log = options.log;
    this.clock = options.clock ?? (() => new Date());
  }

  async get(tenant: string, id: string, projection?: ProjectionRequest): Promise<ScimJson> {
    this.annotate('get');
    const compiled = Projection.compile(this.resource, projection);
    return this.render(tenant, await this.require(tenant, id), compiled);
  }

  /**
   * RFC 7644 §3.4.2: filter, sort and page in the store, then render the page.
   * Index paging counts every match; cursor paging counts on its first page only,
   * so that walking a huge tenant costs one pass, not one count per page.
   */
  async list(tenant: string, request: ListRequest): Promise<ListResponse> {
    this.annotate('list');
    const projection = Projection.compile(this.resource, request.projection);
    const filter = request.filter ? tracedFilter(this.resource, request.filter) : undefined;
    const sort = request.sortBy ? { attribute: this.sortAttribute(request.sortBy), descending: request.descending ?? false } : undefined;
    const page = resolvePage(request);
    const cursor = request.pageToken !== undefined;
    if (cursor && page.startIndex > 1) {
      throw new InvalidValueError('startIndex and cursor cannot be combined: page either by index or by cursor.', 'startIndex');
    }
    const query = queryKey([tenant, this.resource.name, request.filter ?? '', sort?.attribute.path ?? '', String(sort?.descending ?? false)]);
    const after = request.pageToken ? this.pageTokens.read(request.pageToken, query) : undefined;
    const result = await this.collection.list(tenant, {
      filter,
      sort,
      offset: page.offset,
      limit: page.limit,
      after,
      countTotal: !after,
    });
    const resources = await Promise.all(result.items.map((item) => this.render(tenant, item, projection)));
    const nextPageToken = cursor && result.more && result.last ? this.pageTokens.issue(result.last, query) : '';
    annotateActiveSpan({ [ATTR_SCIM_RESULT_COUNT]: resources.length, ...(result.total === undefined ? {} : { [ATTR_SCIM_TOTAL_RESULTS]: result.total }) });
    return { total: result.total, startIndex: page.startIndex, resources, nextPageToken };
  }

  private sortAttribute(sortBy: string) {
    const attribute = this.resource.resolve(parseAttributePath(sortBy));
    if (!attribute || attribute.target.returned === 'never') {
      throw new InvalidValueError(`sortBy names no attribute of ${this.resource.name} that can be sorted by.`, 'sortBy');
    }
    if (attribute.target.type === 'complex') {
      const value = this.resource.resolve({ ...parseAttributePath(sortBy), subAttribute: 'value' });
      if (value) return value;
      throw new InvalidValueError(`sortBy cannot name the complex attribute ${attribute.path}; name one of its sub-attributes.`, 'sortBy');
    }
    return attribute;
  }

  /**
   * RFC 7644 §3.3. The id is new and random unless given: bulk requests and imports
   * derive theirs so that a retry finds what an earlier attempt created (bulk/).
   */
  async create(scope: ChangeScope, input: unknown, projection?: ProjectionRequest, id: string = randomUUID()): Promise<ScimJson> {
    return this.recordChange(scope, 'create', '', (note) => this.createResource(scope, id, input, projection, note));
  }

  private async createResource(scope: ChangeScope, id: string, input: unknown, projection: ProjectionRequest | undefined, note: ChangeNote): Promise<ScimJson> {
    this.annotate('create');
    const { tenant } = scope;
    const compiled = Projection.compile(this.resource, projection);
    const doc = this.checked(input);
    const write = await this.hooks.toWrite(tenant, doc);
    const attributes = this.changes({}, doc, (write.members?.length ?? 0) > 0);
    const now = this.clock();
    const event = this.changeRecord(scope, 'create', attributes, now, write.doc);
    const stored = await this.collection.insert(tenant, id, { ...write, event }, now);
    note({ id: stored.id, attributes });
    return this.render(tenant, stored, compiled);
  }

  /**
   * RFC 7644 §3.5.1: the body is the whole new state. With `etag` the replace is
   * conditional; without it, a concurrent write is not an error and the replace is
   * simply applied on top of it.
   */
  async replace(scope: ChangeScope, id: string, input: unknown, etag: string, projection?: ProjectionRequest): Promise<ScimJson> {
    return this.recordChange(scope, 'replace', id, (note) => this.replaceResource(scope, id, input, etag, projection, note));
  }

  private async replaceResource(
    scope: ChangeScope,
    id: string,
    input: unknown,
    etag: string,
    projection: ProjectionRequest | undefined,
    note: ChangeNote,
  ): Promise<ScimJson> {
    this.annotate('replace');
    const { tenant } = scope;
    const compiled = Projection.compile(this.resource, projection);
    const doc = this.checked(input);
    for (let attempt = 1; ; attempt++) {
      const current = await this.require(tenant, id);
      if (etag && !etagMatches(etag, current.version)) throw new EtagMismatchError(formatVersion(current.version));
      const next = keepImmutable(this.resource, current.doc, doc);
      const write = await this.hooks.toWrite(tenant, next, current);
      const attributes = this.changes(current.doc, next, write.members !== undefined);
      const now = this.clock();
      const event = this.changeRecord(scope, 'replace', attributes, now, write.doc, current.doc);
      try {
        const stored = await this.collection.replace(tenant, id, { ...write, event }, current.version, now);
        if (!stored) throw new NotFoundError(this.resource.name, id);
        note({ id, attributes });
        return this.render(tenant, stored, compiled);
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        if (etag || attempt >= MAX_REPLACE_ATTEMPTS) throw new EtagMismatchError(formatVersion(error.currentVersion));
      }
    }
  }

  /**
   * RFC 7644 §3.5.2: applies the operations to the current state, atomically, as one
   * compare-and-swap; on a concurrent write it re-reads and re-applies, so neither
   * writer's change is lost. With `etag`, a concurrent write is a mismatch instead.
   */
  async patch(scope: ChangeScope, id: string, operations: PatchOperation[], etag: string, projection?: ProjectionRequest): Promise<ScimJson> {
    return this.recordChange(scope, 'patch', id, (note) => this.patchResource(scope, id, operations, etag, projection, note));
  }

  private async patchResource(
    scope: ChangeScope,
    id: string,
    operations: PatchOperation[],
    etag: string,
    projection: ProjectionRequest | undefined,
    note: ChangeNote,
  ): Promise<ScimJson> {
    this.annotate('patch');
    const { tenant } = scope;
    const compiled = Projection.compile(this.resource, projection);
    for (let attempt = 1; ; attempt++) {
      const current = await this.require(tenant, id);
      if (etag && !etagMatches(etag, current.version)) throw new EtagMismatchError(formatVersion(current.version));
      const result = tracedSync('scim.patch.apply', { [ATTR_SCIM_RESOURCE_TYPE]: this.resource.name, [ATTR_SCIM_PATCH_OPERATIONS]: operations.length }, () =>
        applyPatch(this.resource, current.doc, operations, { edgeAttributes: this.hooks.edgeAttributes, ownId: id }),
      );
      if (attempt === 1) this.logRewrites(tenant, id, result.rewrites);
      const docChanged = !isDeepStrictEqual(result.doc, current.doc);
      const update: ResourceUpdate = {
        ...(docChanged ? await this.hooks.toWrite(tenant, this.checked(result.doc), current, true) : {}),
        ...(result.edges ? await this.hooks.edgeUpdate(tenant, id, result.edges) : {}),
      };
      if (!docChanged && !result.edges) return this.render(tenant, current, compiled);
      const attributes = this.changes(current.doc, result.doc, result.edges !== undefined);
      const now = this.clock();
      const event = this.changeRecord(scope, 'patch', attributes, now, update.doc ?? current.doc, current.doc);
      try {
        // A change to edges alone commutes with other writers, so it needs no compare-and-swap.
        const expectedVersion = docChanged || etag ? current.version : undefined;
        const stored = await this.collection.replace(tenant, id, { ...update, event }, expectedVersion, now);
        if (!stored) throw new NotFoundError(this.resource.name, id);
        note({ id, attributes });
        return this.render(tenant, stored, compiled);
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        if (etag || attempt >= MAX_PATCH_ATTEMPTS) throw new EtagMismatchError(formatVersion(error.currentVersion));
        await backoff(attempt);
      }
    }
  }

  /**
   * Every IdP dialect the tolerant PATCH intake accepted is logged with its reason
   * code (scim/patch/patch-rewrites.ts), so an operator can see which clients lean on
   * which leniency. Reason codes and operation numbers only: no values.
   */
  private logRewrites(tenant: string, id: string, rewrites: PatchRewrite[]): void {
    for (const rewrite of rewrites) {
      this.log.info({ tenant, resourceType: this.resource.name, id, operation: rewrite.operation, reason: rewrite.reason }, 'PATCH dialect rewritten');
    }
  }

  async delete(scope: ChangeScope, id: string, etag: string): Promise<void> {
    return this.recordChange(scope, 'delete', id, () => this.deleteResource(scope, id, etag));
  }

  private async deleteResource(scope: ChangeScope, id: string, etag: string): Promise<void> {
    this.annotate('delete');
    const { tenant } = scope;
    let expectedVersion: number | undefined;
    if (etag) {
      const current = await this.require(tenant, id);
      if (!etagMatches(etag, current.version)) throw new EtagMismatchError(formatVersion(current.version));
      expectedVersion = current.version;
    }
    try {
      const now = this.clock();
      if (!(await this.collection.delete(tenant, id, expectedVersion, now, this.changeRecord(scope, 'delete', [], now)))) {
        throw new NotFoundError(this.resource.name, id);
      }
    } catch (error) {
      if (error instanceof VersionConflict) throw new EtagMismatchError(formatVersion(error.currentVersion));
      throw error;
    }
  }

  /**
   * Runs one write and records it in the audit trail: who and from where (the
   * scope), what (the action, the resource id and the attribute names that `note`
   * was given), and whether it succeeded or why it failed.
   */
  private async recordChange<T>(scope: ChangeScope, action: string, id: string, write: (note: ChangeNote) => Promise<T>): Promise<T> {
    let noted = { id, attributes: [] as string[] };
    const entry = { tenantId: scope.tenant, action, resourceType: this.resource.name, resourceId: id };
    return this.audit.around(scope.audit, entry, () => write((change) => (noted = change)), () => ({ resourceId: noted.id, attributes: noted.attributes }));
  }

  /**
   * What a write records in the tenant's change feed: who, the attribute names, the
   * stored document after the change, and for a replace or patch (`before` given)
   * whether it activated or deactivated the resource.
   */
  private changeRecord(scope: ChangeScope, operation: ChangeOperation, attributes: string[], time: Date, after?: ScimJson, before?: ScimJson): ChangeRecord {
    const activation = before && after ? activationOf(before, after) : undefined;
    return {
      operation,
      attributes,
      actor: scope.audit.actor,
      requestId: scope.audit.requestId,
      time,
      ...(after ? { snapshot: after } : {}),
      ...(activation ? { activation } : {}),
    };
  }

  /**
   * The attribute names a write changed. Edges (group members) are not in stored
   * documents, so they count as changed whenever the write sets them.
   */
  private changes(before: ScimJson, after: ScimJson, edgesWritten: boolean): string[] {
    const changed = changedAttributes(this.resource, before, after).filter((name) => !this.hooks.edgeAttributes.includes(name));
    return edgesWritten ? [...changed, ...this.hooks.edgeAttributes] : changed;
  }

  /** Names the operation on the span of the gRPC call that serves it. */
  private annotate(operation: string): void {
    annotateActiveSpan({ [ATTR_SCIM_RESOURCE_TYPE]: this.resource.name, [ATTR_SCIM_OPERATION]: operation });
  }

  /** Normalizes a client's document and applies the rules every write shares. */
  private checked(input: unknown): ScimJson {
    const doc = withoutReadOnly(this.resource, normalizeResource(this.resource, input).doc);
    assertRequired(this.resource, doc);
    return doc;
  }

  private async require(tenant: string, id: string): Promise<StoredResource> {
    const stored = id ? await this.collection.get(tenant, id) : undefined;
    if (!stored) throw new NotFoundError(this.resource.name, id);
    return stored;
  }

  private async render(tenant: string, stored: StoredResource, projection: Projection): Promise<ScimJson> {
    const resource: ScimJson = {
      id: stored.id,
      ...stored.doc,
      meta: {
        resourceType: this.resource.name,
        created: stored.created.toISOString(),
        lastModified: stored.lastModified.toISOString(),
        version: formatVersion(stored.version),
      },
    };
    await this.hooks.addComputed(tenant, stored.id, resource, projection);
    const projected = projection.apply(resource);
    return { schemas: this.schemasOf(resource), ...projected };
  }

  /** The core schema, then each extension the resource holds a value for (RFC 7643 §3). */
  private schemasOf(resource: ScimJson): string[] {
    const extensions = this.resource.extensions.map((e) => e.id).filter((urn) => !isUnassigned(resource[urn]));
    return [this.resource.core.id, ...extensions];
  }
}
