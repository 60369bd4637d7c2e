/**
 * THE table of what each RPC needs: the access level of the caller's service
 * credential, and whether the call names its tenant in `x-tenant-id` (and the
 * credential must hold it). Typed by the generated service definitions, so that an
 * RPC added to a .proto file does not compile until it has a row here. The call
 * guard refuses any method it cannot find in this table.
 */
import { AdminServiceService } from '../../../proto/gen/openscim/identity/v1/admin_service';
import { AuthServiceService } from '../../../proto/gen/openscim/identity/v1/auth_service';
import { BulkServiceService } from '../../../proto/gen/openscim/identity/v1/bulk_service';
import { DiscoveryServiceService } from '../../../proto/gen/openscim/identity/v1/discovery_service';
import { EventServiceService } from '../../../proto/gen/openscim/identity/v1/event_service';
import { GroupServiceService } from '../../../proto/gen/openscim/identity/v1/group_service';
import { UserServiceService } from '../../../proto/gen/openscim/identity/v1/user_service';
import type { AccessLevel } from '../tenancy/access';

export interface RpcRequirement {
  access: AccessLevel;
  /** Whether the call runs for the tenant named in `x-tenant-id`. */
  tenantScoped: boolean;
}

type ServiceDefinition = Record<string, { path: string }>;
type AccessTable<S extends ServiceDefinition> = { readonly [Method in keyof S]: AccessLevel };

function rows<S extends ServiceDefinition>(service: S, table: AccessTable<S>, tenantScoped: boolean): Array<[string, RpcRequirement]> {
  return Object.keys(table).map((method) => [service[method].path, { access: table[method], tenantScoped }]);
}

export const RPC_REQUIREMENTS: ReadonlyMap<string, RpcRequirement> = new Map([
  ...rows(
    UserServiceService,
    { getUser: 'read', listUsers: 'read', createUser: 'read_write', replaceUser: 'read_write', patchUser: 'read_write', deleteUser: 'read_write' },
    true,
  ),
  ...rows(
    GroupServiceService,
    {
      getGroup: 'read',
      listGroups: 'read',
      createGroup: 'read_write',
      replaceGroup: 'read_write',
      patchGroup: 'read_write',
      deleteGroup: 'read_write',
      listGroupMembers: 'read',
      listUserGroups: 'read',
    },
    true,
  ),
  ...rows(DiscoveryServiceService, { getServiceProviderConfig: 'read', listResourceTypes: 'read', listSchemas: 'read' }, true),
  // An import keeps the ids it is given, which no write of read_write access can: an operator's tool.
  ...rows(BulkServiceService, { executeBulk: 'read_write', importResources: 'admin' }, true),
  // Polls are the SCIM adapter's, on behalf of a receiver holding the tenant's bearer token (RFC 8936).
  ...rows(
    EventServiceService,
    { watchEvents: 'read', createEventReceiver: 'admin', listEventReceivers: 'admin', deleteEventReceiver: 'admin', pollSecurityEvents: 'adapter' },
    true,
  ),
  ...rows(AuthServiceService, { authenticateToken: 'adapter' }, false),
  ...rows(
    AdminServiceService,
    {
      createTenant: 'admin',
      getTenant: 'admin',
      listTenants: 'admin',
      updateTenant: 'admin',
      deleteTenant: 'admin',
      createToken: 'admin',
      listTokens: 'admin',
      revokeToken: 'admin',
      rotateToken: 'admin',
      createServiceCredential: 'admin',
      listServiceCredentials: 'admin',
      revokeServiceCredential: 'admin',
      listAuditEvents: 'admin',
    },
    false,
  ),
]);
