/** scimctl tokens …: issue, list, revoke and rotate the SCIM bearer tokens of a tenant. */
import { credentialStateToJSON, Token } from '../../proto/gen/openscim/identity/v1/tenancy';
import { onlyArgument, optionalString, requiredString, type Command, type CommandInput, type Output } from './command';
import { durationOption } from './durations';
import { fields, table } from './output';

const TENANT = { tenant: { type: 'string', placeholder: '<tenant-id>', required: true, description: 'The tenant the token belongs to.' } } as const;
const TTL = { ttl: { type: 'string', placeholder: '<duration>', description: 'How long the new token lives, e.g. 90d (default: TOKEN_TTL_DAYS of the service).' } } as const;

export const stateName = (state: Parameters<typeof credentialStateToJSON>[0] | undefined) =>
  state === undefined ? undefined : credentialStateToJSON(state).replace(/^CREDENTIAL_STATE_/, '').toLowerCase();

const duration = (input: CommandInput, name: string) => durationOption(input, name, '90d, 24h, 30m or 0');

/** A token id, or a whole token or its prefix (as found in a log): `scim_<id>_…` names its id. */
function tokenId(input: CommandInput): string {
  const given = onlyArgument(input, 'Name exactly one token, by its id or as the token itself.');
  return /^scim_([A-Za-z0-9]{12})_/.exec(given)?.[1] ?? given;
}

function tokenFields(token: Token): string[] {
  return fields([
    ['id', token.id],
    ['tenant', token.tenantId],
    ['prefix', token.prefix],
    ['description', token.description],
    ['state', stateName(token.state)],
    ['created', token.createTime],
    ['expires', token.expireTime ?? 'never'],
    ['last used', token.lastUseTime],
    ['revoked', token.revokeTime],
    ['replaced by', token.replacedByTokenId],
  ]);
}

/** The secret alone on stdout, so that TOKEN=$(scimctl tokens issue …) works; the rest on stderr. */
function issued(token: Token | undefined, secret: string | undefined, extra: Record<string, unknown> = {}, notes: string[] = []): Output {
  return {
    json: { token: Token.toJSON(token ?? {}), secret, ...extra },
    lines: [secret ?? ''],
    notes: [...tokenFields(token ?? {}), ...notes, 'The token above is shown only this once: the service keeps only its hash.'],
  };
}

export const tokenCommands: Command[] = [
  {
    words: ['tokens', 'issue'],
    summary: 'Issue a bearer token for a tenant, for an IdP to send.',
    args: [],
    options: { ...TENANT, description: { type: 'string', placeholder: '<text>', description: 'What it is for, e.g. "Okta production".' }, ...TTL },
    details: ['The token is printed alone on stdout (details go to stderr): TOKEN=$(scimctl tokens issue --tenant acme --description Okta)'],
    connects: true,
    run: async (input, connection) => {
      const admin = connection.admin;
      const request = { tenantId: requiredString(input, 'tenant'), description: optionalString(input, 'description') ?? '', ttl: duration(input, 'ttl') };
      const response = await connection.call(admin.createToken.bind(admin), request);
      return issued(response.token, response.secret);
    },
  },
  {
    words: ['tokens', 'list'],
    summary: "List a tenant's tokens (never their secrets).",
    args: [],
    options: { ...TENANT },
    connects: true,
    run: async (input, connection) => {
      const admin = connection.admin;
      const tokens = (await connection.call(admin.listTokens.bind(admin), { tenantId: requiredString(input, 'tenant') })).tokens ?? [];
      return {
        json: tokens.map((t) => Token.toJSON(t)),
        lines: table(
          ['ID', 'STATE', 'DESCRIPTION', 'CREATED', 'EXPIRES', 'LAST USED', 'REPLACED BY'],
          tokens.map((t) => [t.id, stateName(t.state), t.description, t.createTime, t.expireTime ?? 'never', t.lastUseTime, t.replacedByTokenId]),
        ),
      };
    },
  },
  {
    words: ['tokens', 'revoke'],
    summary: 'Revoke a token, by id or as found in a log.',
    args: ['<token-id | scim_…>'],
    options: { tenant: { type: 'string', placeholder: '<tenant-id>', description: "The token's tenant; without it, found by id (needs a key on every tenant)." } },
    details: [
      'It stops working within the adapter cache lifetime (AUTH_CACHE_MS, 5 s by default).',
      'A leaked token: scimctl tokens revoke scim_Ab12Cd34Ef56_…',
    ],
    connects: true,
    run: async (input, connection) => {
      const admin = connection.admin;
      const response = await connection.call(admin.revokeToken.bind(admin), { tenantId: optionalString(input, 'tenant') ?? '', tokenId: tokenId(input) });
      const token = response.token ?? {};
      return { json: Token.toJSON(token), lines: tokenFields(token), notes: ['It stops working within the adapter cache lifetime (AUTH_CACHE_MS, 5 s by default).'] };
    },
  },
  {
    words: ['tokens', 'rotate'],
    summary: 'Replace a token; the old one keeps working for an overlap.',
    args: ['<token-id>'],
    options: {
      ...TENANT,
      overlap: { type: 'string', placeholder: '<duration>', description: 'How long the old token keeps working, e.g. 24h (default: TOKEN_ROTATION_OVERLAP_HOURS); 0 ends it now.' },
      ...TTL,
    },
    details: ['Configure the new token (printed alone on stdout) in the IdP before the overlap ends.'],
    connects: true,
    run: async (input, connection) => {
      const admin = connection.admin;
      const request = {
        tenantId: requiredString(input, 'tenant'),
        tokenId: tokenId(input),
        overlap: duration(input, 'overlap'),
        ttl: duration(input, 'ttl'),
      };
      const response = await connection.call(admin.rotateToken.bind(admin), request);
      const previous = response.previousToken ?? {};
      const until = previous.expireTime?.toISOString() ?? 'its expiry';
      return issued(response.token, response.secret, { previousToken: Token.toJSON(previous) }, [`The old token ${previous.id} keeps working until ${until}.`]);
    },
  },
];
