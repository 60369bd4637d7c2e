/** scimctl tenants …: create, read, disable, enable and delete tenants. */
import { Tenant } from '../../proto/gen/openscim/identity/v1/tenancy';
import { UsageError, onlyArgument, optionalString, type Command, type CommandInput, type ConnectedRun, type Output } from './command';
import type { IdentityConnection } from './identity-connection';
import { fields, table } from './output';

const one = (input: CommandInput) => onlyArgument(input, 'Name exactly one tenant id.');

function shown(tenant: Tenant | undefined, notes?: string[]): Output {
  const t = tenant ?? {};
  return {
    json: Tenant.toJSON(t),
    lines: fields([
      ['id', t.id],
      ['display name', t.displayName],
      ['state', t.disabled ? 'disabled' : 'enabled'],
      ['created', t.createTime],
      ['updated', t.updateTime],
    ]),
    notes,
  };
}

function setDisabled(disabled: boolean): ConnectedRun {
  return async (input, connection) => {
    const admin = connection.admin;
    const response = await connection.call(admin.updateTenant.bind(admin), { tenantId: one(input), disabled });
    const note = disabled ? 'Its tokens stop working within the adapter cache lifetime (AUTH_CACHE_MS, 5 s by default); its data is kept.' : undefined;
    return shown(response.tenant, note ? [note] : undefined);
  };
}

async function allTenants(connection: IdentityConnection): Promise<Tenant[]> {
  const admin = connection.admin;
  const tenants: Tenant[] = [];
  let pageToken = '';
  do {
    const page = await connection.call(admin.listTenants.bind(admin), { pageSize: 1000, pageToken });
    tenants.push(...(page.tenants ?? []));
    pageToken = page.nextPageToken ?? '';
  } while (pageToken);
  return tenants;
}

export const tenantCommands: Command[] = [
  {
    words: ['tenants', 'create'],
    summary: 'Create a tenant.',
    args: ['<tenant-id>'],
    options: { 'display-name': { type: 'string', placeholder: '<name>', description: 'A name for people, such as "Acme Corp".' } },
    details: ['A tenant id has 1 to 64 characters from A-Z a-z 0-9 . _ - and starts with a letter or digit.'],
    connects: true,
    run: async (input, connection) => {
      const admin = connection.admin;
      const response = await connection.call(admin.createTenant.bind(admin), { tenantId: one(input), displayName: optionalString(input, 'display-name') ?? '' });
      return shown(response.tenant);
    },
  },
  {
    words: ['tenants', 'get'],
    summary: 'Show a tenant.',
    args: ['<tenant-id>'],
    options: {},
    connects: true,
    run: async (input, connection) => {
      const admin = connection.admin;
      return shown((await connection.call(admin.getTenant.bind(admin), { tenantId: one(input) })).tenant);
    },
  },
  {
    words: ['tenants', 'list'],
    summary: 'List the tenants your key holds.',
    args: [],
    options: {},
    connects: true,
    run: async (_input, connection) => {
      const tenants = await allTenants(connection);
      return {
        json: tenants.map((t) => Tenant.toJSON(t)),
        lines: table(
          ['ID', 'DISPLAY NAME', 'STATE', 'CREATED'],
          tenants.map((t) => [t.id, t.displayName, t.disabled ? 'disabled' : 'enabled', t.createTime]),
        ),
      };
    },
  },
  {
    words: ['tenants', 'disable'],
    summary: "Disable a tenant: its tokens stop working, its data is kept.",
    args: ['<tenant-id>'],
    options: {},
    connects: true,
    run: setDisabled(true),
  },
  {
    words: ['tenants', 'enable'],
    summary: 'Enable a disabled tenant again.',
    args: ['<tenant-id>'],
    options: {},
    connects: true,
    run: setDisabled(false),
  },
  {
    words: ['tenants', 'delete'],
    summary: 'Delete a tenant with all its users, groups and tokens.',
    args: ['<tenant-id>'],
    options: { confirm: { type: 'string', placeholder: '<tenant-id>', required: true, description: 'The same tenant id again: nothing is deleted by accident.' } },
    details: ['The audit trail of the tenant is kept until AUDIT_RETENTION_DAYS have passed.', 'Example: scimctl tenants delete acme --confirm acme'],
    connects: true,
    run: async (input, connection) => {
      const id = one(input);
      const confirm = optionalString(input, 'confirm');
      if (confirm !== id) throw new UsageError(`Deleting a tenant deletes its data: repeat its id, --confirm ${id}.`);
      const admin = connection.admin;
      const deleted = await connection.call(admin.deleteTenant.bind(admin), { tenantId: id, confirmTenantId: confirm });
      return {
        json: { tenantId: id, ...deleted },
        lines: [`Deleted tenant ${id}: ${deleted.deletedUsers ?? 0} users, ${deleted.deletedGroups ?? 0} groups, ${deleted.deletedTokens ?? 0} tokens.`],
      };
    },
  },
];
