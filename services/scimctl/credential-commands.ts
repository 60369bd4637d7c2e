/** scimctl credentials …: the service API keys of internal callers, and `keygen` for a bootstrap key. */
import { Access, ServiceCredential, accessToJSON } from '../../proto/gen/openscim/identity/v1/tenancy';
import { newSecret } from '../identity/tenancy/secrets';
import { UsageError, onlyArgument, optionalString, requiredString, type Command, type CommandInput } from './command';
import { durationOption } from './durations';
import { fields, table } from './output';
import { stateName } from './token-commands';

const ACCESS: Record<string, Access> = {
  read: Access.ACCESS_READ,
  'read-write': Access.ACCESS_READ_WRITE,
  adapter: Access.ACCESS_ADAPTER,
  admin: Access.ACCESS_ADMIN,
};

const accessName = (access: Access | undefined) => (access === undefined ? undefined : accessToJSON(access).replace(/^ACCESS_/, '').toLowerCase().replace('_', '-'));

function credentialId(input: CommandInput): string {
  const given = onlyArgument(input, 'Name exactly one credential, by its id or as the key itself.');
  return /^sk_([A-Za-z0-9]{12})_/.exec(given)?.[1] ?? given;
}

function credentialFields(credential: ServiceCredential): string[] {
  return fields([
    ['id', credential.id],
    ['prefix', credential.prefix],
    ['description', credential.description],
    ['access', accessName(credential.access)],
    ['tenants', (credential.tenantIds ?? []).join(',')],
    ['state', stateName(credential.state)],
    ['created', credential.createTime],
    ['expires', credential.expireTime ?? 'never'],
    ['last used', credential.lastUseTime],
    ['revoked', credential.revokeTime],
  ]);
}

export const credentialCommands: Command[] = [
  {
    words: ['credentials', 'create'],
    summary: 'Create a service API key for an internal caller.',
    args: [],
    options: {
      access: { type: 'string', placeholder: 'read|read-write|adapter|admin', required: true, description: 'What it may do; each level includes the ones before it.' },
      tenants: { type: 'string', placeholder: '<id,id,… | *>', required: true, description: 'The tenants it may act on; * for all.' },
      description: { type: 'string', placeholder: '<text>', description: 'What it is for, e.g. "billing service".' },
      ttl: { type: 'string', placeholder: '<duration>', description: 'How long it lives, e.g. 365d (default: no expiry).' },
    },
    details: [
      'adapter: for the SCIM adapter (IDENTITY_API_KEY): read-write, authenticate bearer tokens, name the token a call is made for.',
      'The key is printed alone on stdout (details go to stderr) and shown only this once.',
    ],
    connects: true,
    run: async (input, connection) => {
      const access = ACCESS[requiredString(input, 'access')];
      if (access === undefined) throw new UsageError('--access is one of read, read-write, adapter, admin.');
      const ttl = durationOption(input, 'ttl', '365d');
      const request = {
        description: optionalString(input, 'description') ?? '',
        access,
        tenantIds: requiredString(input, 'tenants').split(',').map((id) => id.trim()).filter(Boolean),
        ttl,
      };
      const admin = connection.admin;
      const response = await connection.call(admin.createServiceCredential.bind(admin), request);
      return {
        json: { credential: ServiceCredential.toJSON(response.credential ?? {}), secret: response.secret },
        lines: [response.secret ?? ''],
        notes: [...credentialFields(response.credential ?? {}), 'The key above is shown only this once: the service keeps only its hash.'],
      };
    },
  },
  {
    words: ['credentials', 'list'],
    summary: 'List service credentials (never their secrets).',
    args: [],
    options: {},
    connects: true,
    run: async (_input, connection) => {
      const admin = connection.admin;
      const credentials = (await connection.call(admin.listServiceCredentials.bind(admin), {})).credentials ?? [];
      return {
        json: credentials.map((c) => ServiceCredential.toJSON(c)),
        lines: table(
          ['ID', 'ACCESS', 'TENANTS', 'STATE', 'DESCRIPTION', 'CREATED', 'LAST USED'],
          credentials.map((c) => [c.id, accessName(c.access), (c.tenantIds ?? []).join(','), stateName(c.state), c.description, c.createTime, c.lastUseTime]),
        ),
      };
    },
  },
  {
    words: ['credentials', 'revoke'],
    summary: 'Revoke a service credential, by id or as found in a log.',
    args: ['<credential-id | sk_…>'],
    options: {},
    details: ['It stops working at once on the replica that revoked it, within 5 s on the others.'],
    connects: true,
    run: async (input, connection) => {
      const admin = connection.admin;
      const credential = (await connection.call(admin.revokeServiceCredential.bind(admin), { credentialId: credentialId(input) })).credential ?? {};
      return { json: ServiceCredential.toJSON(credential), lines: credentialFields(credential) };
    },
  },
  {
    words: ['keygen'],
    summary: 'Print a new random service key, for BOOTSTRAP_SERVICE_KEY (offline).',
    args: [],
    options: {},
    details: ['export BOOTSTRAP_SERVICE_KEY=$(scimctl keygen)   # then give the same key to scimctl as SCIMCTL_API_KEY'],
    connects: false,
    run: async () => {
      const key = newSecret('key').presented;
      return { json: { key }, lines: [key] };
    },
  },
];
