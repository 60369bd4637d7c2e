import { AdminServiceService } from '../../../proto/gen/openscim/identity/v1/admin_service';
import { AuthServiceService } from '../../../proto/gen/openscim/identity/v1/auth_service';
import { BulkServiceService } from '../../../proto/gen/openscim/identity/v1/bulk_service';
import { DiscoveryServiceService } from '../../../proto/gen/openscim/identity/v1/discovery_service';
import { EventServiceService } from '../../../proto/gen/openscim/identity/v1/event_service';
import { GroupServiceService } from '../../../proto/gen/openscim/identity/v1/group_service';
import { UserServiceService } from '../../../proto/gen/openscim/identity/v1/user_service';
import { RPC_REQUIREMENTS } from './rpc-access';

const paths = (service: Record<string, { path: string }>) => Object.values(service).map((method) => method.path);

describe('the table of what each RPC needs', () => {
  it('has a row for every method the server serves, and no other', () => {
    const served = [UserServiceService, GroupServiceService, DiscoveryServiceService, BulkServiceService, EventServiceService, AdminServiceService, AuthServiceService].flatMap(paths);
    expect([...RPC_REQUIREMENTS.keys()].sort()).toEqual(served.sort());
  });

  it('asks for read access to read, read-write to write, and more for the operator services', () => {
    const need = (path: string) => RPC_REQUIREMENTS.get(path);
    expect(need(UserServiceService.getUser.path)).toEqual({ access: 'read', tenantScoped: true });
    expect(need(GroupServiceService.deleteGroup.path)).toEqual({ access: 'read_write', tenantScoped: true });
    expect(need(AuthServiceService.authenticateToken.path)).toEqual({ access: 'adapter', tenantScoped: false });
    expect(need(EventServiceService.watchEvents.path)).toEqual({ access: 'read', tenantScoped: true });
    expect(need(EventServiceService.createEventReceiver.path)).toEqual({ access: 'admin', tenantScoped: true });
    expect(need(BulkServiceService.executeBulk.path)).toEqual({ access: 'read_write', tenantScoped: true });
    expect(need(BulkServiceService.importResources.path)).toEqual({ access: 'admin', tenantScoped: true });
    for (const path of paths(AdminServiceService)) expect(need(path)).toEqual({ access: 'admin', tenantScoped: false });
  });
});
