import type { DiscoveryServiceServer } from '../../../proto/gen/openscim/identity/v1/discovery_service';
import type { Unary } from '../grpc/unary';
import type { SchemaRegistry } from '../scim/schema/registry';
import { resourceTypeDocuments, schemaDocuments, serviceProviderConfig } from './discovery-documents';

export function discoveryHandlers(registry: SchemaRegistry, unary: Unary): DiscoveryServiceServer {
  return {
    getServiceProviderConfig: unary(async () => ({ config: serviceProviderConfig() })),
    listResourceTypes: unary(async () => ({ resourceTypes: resourceTypeDocuments(registry) })),
    listSchemas: unary(async () => ({ schemas: schemaDocuments(registry) })),
  };
}
