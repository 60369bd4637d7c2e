/**
 * The operations RFC 7644 §3 defines on a resource endpoint, for one resource type.
 * Users and groups share this logic; what differs between them (passwords, member
 * edges, computed attributes) comes in through ResourceHooks.
 */
import { randomUUID } from 'node:crypto';
import { EtagMismatchError, InvalidValueError, NotFoundError } from '../errors/scim-errors';
import { parseAttributePath, parseFilter } from '../scim/filter/parse-filter';
import { resolveFilter } from '../scim/filter/resolve-filter';
import { PageTokens, queryKey } from '../scim/page-tokens';
import { normalizeResource } from '../scim/resource/normalize';
import type { ScimJson } from '../scim/resource/scim-json';
import { isUnassigned } from '../scim/resource/scim-json';
import { resolvePage, type PageRequest } from '../scim/paging';
import { Projection, type ProjectionRequest } from '../scim/projection';
import type { ResourceSchema } from '../scim/schema/registry';
import { etagMatches, formatVersion } from '../scim/versions';
import type { ResourceCollection, ResourceWrite, StoredResource } from '../store/port';
import { VersionConflict } from '../store/port';
import { assertRequired, keepImmutable, withoutReadOnly } from './write-rules';

export interface ResourceHooks {
  /**
   * Turns a checked document into what the store writes: removes what must not be
   * stored in the document (a password, member edges) and resolves references.
   * `previous` is the stored document on replace.
   */
  toWrite(tenant: string, doc: ScimJson, previous?: StoredResource): Promise<ResourceWrite>;
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

export interface ResourceServiceOptions {
  resource: ResourceSchema;
  collection: ResourceCollection;
  hooks: ResourceHooks;
  pageTokens: PageTokens;
  clock?: () => Date;
}

export class ResourceService {
  private readonly resource: ResourceSchema;
  private readonly collection: ResourceCollection;
  private readonly hooks: ResourceHooks;
  private readonly pageTokens: PageTokens;
  private readonly clock: () => Date;

  constructor(options: ResourceServiceOptions) {
    this.resource = options.resource;
    this.collection = options.collection;
    this.hooks = options.hooks;
    this.pageTokens = options.pageTokens;
    this.clock = options.clock ?? (() => new Date());
  }

  async get(tenant: string, id: string, projection?: ProjectionRequest): Promise<ScimJson> {
    const compiled = Projection.compile(this.resource, projection);
    return this.render(tenant, await this.require(tenant, id), compiled);
  }

  /**
   * RFC 7644 §3.4.2: filter, sort and page in the store, then render the page.
   * Index paging counts every match; cursor paging counts on its first page only,
   * so that walking a huge tenant costs one pass, not one count per page.
   */
  async list(tenant: string, request: ListRequest): Promise<ListResponse> {
    const projection = Projection.compile(this.resource, request.projection);
    const filter = request.filter ? resolveFilter(this.resource, parseFilter(request.filter)) : undefined;
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

  async create(tenant: string, input: unknown, projection?: ProjectionRequest): Promise<ScimJson> {
    const compiled = Projection.compile(this.resource, projection);
    const doc = this.checked(input);
    const write = await this.hooks.toWrite(tenant, doc);
    const stored = await this.collection.insert(tenant, randomUUID(), write, this.clock());
    return this.render(tenant, stored, compiled);
  }

  /**
   * RFC 7644 §3.5.1: the body is the whole new state. With `etag` the replace is
   * conditional; without it, a concurrent write is not an error and the replace is
   * simply applied on top of it.
   */
  async replace(tenant: string, id: string, input: unknown, etag: string, projection?: ProjectionRequest): Promise<ScimJson> {
    const compiled = Projection.compile(this.resource, projection);
    const doc = this.checked(input);
    for (let attempt = 1; ; attempt++) {
      const current = await this.require(tenant, id);
      if (etag && !etagMatches(etag, current.version)) throw new EtagMismatchError(formatVersion(current.version));
      const write = await this.hooks.toWrite(tenant, keepImmutable(this.resource, current.doc, doc), current);
      try {
        const stored = await this.collection.replace(tenant, id, write, current.version, this.clock());
        if (!stored) throw new NotFoundError(this.resource.name, id);
        return this.render(tenant, stored, compiled);
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        if (etag || attempt >= MAX_REPLACE_ATTEMPTS) throw new EtagMismatchError(formatVersion(error.currentVersion));
      }
    }
  }

  async delete(tenant: string, id: string, etag: string): Promise<void> {
    let expectedVersion: number | undefined;
    if (etag) {
      const current = await this.require(tenant, id);
      if (!etagMatches(etag, current.version)) throw new EtagMismatchError(formatVersion(current.version));
      expectedVersion = current.version;
    }
    try {
      if (!(await this.collection.delete(tenant, id, expectedVersion, this.clock()))) throw new NotFoundError(this.resource.name, id);
    } catch (error) {
      if (error instanceof VersionConflict) throw new EtagMismatchError(formatVersion(error.currentVersion));
      throw error;
    }
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
