/**
 * The discovery documents of RFC 7643 §5-7. They must describe exactly what the
 * service does, because IdPs read them to decide what to send: every capability
 * below is backed by code and tests.
 */
import { BULK_MAX_OPERATIONS, BULK_MAX_PAYLOAD_BYTES } from '../bulk/bulk-limits';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../scim/paging';
import { PAGE_TOKEN_TTL_SECONDS } from '../scim/page-tokens';
import type { SchemaRegistry } from '../scim/schema/registry';
import type { ScimJson } from '../scim/resource/scim-json';

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export function serviceProviderConfig(): ScimJson {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://github.com/openscim/openscim#readme',
    patch: { supported: true },
    // RFC 7644 §3.7.4; the SCIM adapter lowers maxOperations to what a tenant's write budget admits.
    bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: BULK_MAX_PAYLOAD_BYTES },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: true },
    sort: { supported: true },
    // RFC 9865 §4: both paging methods, and how long a cursor stays valid.
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: DEFAULT_PAGE_SIZE,
      maxPageSize: MAX_PAGE_SIZE,
      cursorTimeout: PAGE_TOKEN_TTL_SECONDS,
    },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token issued for one tenant.',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig' },
  };
}

export function resourceTypeDocuments(registry: SchemaRegistry): ScimJson[] {
  return registry.resourceTypes.map((type) => ({
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: type.id,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.schema,
    schemaExtensions: type.schemaExtensions,
    meta: { resourceType: 'ResourceType' },
  }));
}

export function schemaDocuments(registry: SchemaRegistry): ScimJson[] {
  return registry.schemas.map((schema) => ({
    schemas: [SCHEMA_SCHEMA],
    ...structuredClone(schema),
    meta: { resourceType: 'Schema' },
  }));
}
