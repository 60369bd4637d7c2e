/**
 * What the identity service publishes through its DiscoveryService, fetched on first
 * use and kept for a short time. The adapter serves these documents as they are and
 * builds its schema registry from them, so both processes read bodies with the same
 * schemas and the adapter holds no schema of its own.
 */
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from '../../services/identity/scim/schema/definitions';
import { SchemaRegistry } from '../../services/identity/scim/schema/registry';
import type { ScimJson } from '../../services/identity/scim/resource/scim-json';
import type { CallScope, IdentityClients } from '../grpc/identity-clients';

export interface Discovery {
  registry: SchemaRegistry;
  serviceProviderConfig: ScimJson;
  resourceTypes: ScimJson[];
  schemas: ScimJson[];
}

export class DiscoveryCache {
  private cached?: { expires: number; discovery: Promise<Discovery> };

  constructor(
    private readonly clients: IdentityClients,
    private readonly ttlMs: number,
  ) {}

  get(scope: CallScope): Promise<Discovery> {
    if (!this.cached || this.cached.expires <= Date.now()) {
      const discovery = this.fetch(scope);
      this.cached = { expires: Date.now() + this.ttlMs, discovery };
      // A failed fetch is not cached: the next request tries again.
      discovery.catch(() => (this.cached = undefined));
    }
    return this.cached.discovery;
  }

  private async fetch(scope: CallScope): Promise<Discovery> {
    const { discovery } = this.clients;
    const [config, types, schemas] = await Promise.all([
      this.clients.call(discovery.getServiceProviderConfig.bind(discovery), {}, scope),
      this.clients.call(discovery.listResourceTypes.bind(discovery), {}, scope),
      this.clients.call(discovery.listSchemas.bind(discovery), {}, scope),
    ]);
    const resourceTypes = (types.resourceTypes ?? []) as ScimJson[];
    const schemaDocs = (schemas.schemas ?? []) as ScimJson[];
    const registry = new SchemaRegistry(
      schemaDocs.map((doc) => ({
        id: String(doc.id),
        name: String(doc.name),
        description: String(doc.description ?? ''),
        attributes: doc.attributes as AttributeDefinition[],
      })) satisfies SchemaDefinition[],
      resourceTypes as unknown as ResourceTypeDefinition[],
    );
    return { registry, serviceProviderConfig: (config.config ?? {}) as ScimJson, resourceTypes, schemas: schemaDocs };
  }
}
