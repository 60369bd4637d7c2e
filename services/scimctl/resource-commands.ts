/** scimctl users … and groups …: read a tenant's users and groups, as internal services do over gRPC. */
import type { Group } from '../../proto/gen/openscim/identity/v1/group';
import type { User } from '../../proto/gen/openscim/identity/v1/user';
import { fromProto, type ProtoResource } from '../identity/scim/resource/proto-codec';
import { UsageError, onlyArgument, optionalString, requiredString, type Command, type CommandInput, type OptionSpec } from './command';
import { table } from './output';

const TENANT: Record<string, OptionSpec> = { tenant: { type: 'string', placeholder: '<tenant-id>', required: true, description: 'The tenant to read.' } };
const LIST_OPTIONS: Record<string, OptionSpec> = {
  ...TENANT,
  filter: { type: 'string', placeholder: '<scim filter>', description: 'A SCIM filter, e.g. \'userName sw "j"\'.' },
  count: { type: 'string', placeholder: '<n>', description: 'At most this many (default 100, at most 1000).' },
  'start-index': { type: 'string', placeholder: '<n>', description: 'The 1-based index of the first one.' },
};

function positiveInteger(input: CommandInput, name: string): number | undefined {
  const text = optionalString(input, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,7}$/.test(text)) throw new UsageError(`--${name} takes a whole number, not ${JSON.stringify(text)}.`);
  return Number(text);
}

const oneId = (input: CommandInput) => onlyArgument(input, 'Name exactly one id.');

const listRequest = (input: CommandInput) => ({
  filter: optionalString(input, 'filter') ?? '',
  count: positiveInteger(input, 'count'),
  startIndex: positiveInteger(input, 'start-index') ?? 0,
});

/** SCIM JSON, as the SCIM adapter would show the resource (without meta.location). */
const scimJson = (message: User | Group) => fromProto(message as ProtoResource);

export const resourceCommands: Command[] = [
  {
    words: ['users', 'list'],
    summary: "List a tenant's users.",
    args: [],
    options: LIST_OPTIONS,
    connects: true,
    run: async (input, connection) => {
      const users = connection.users;
      const page = await connection.call(users.listUsers.bind(users), listRequest(input), requiredString(input, 'tenant'));
      const found = page.users ?? [];
      return {
        json: { totalResults: page.totalResults, Resources: found.map(scimJson) },
        lines: table(['ID', 'USERNAME', 'ACTIVE', 'DISPLAY NAME'], found.map((u) => [u.id, u.userName, u.active, u.displayName])),
        notes: [`${found.length} of ${page.totalResults ?? found.length}`],
      };
    },
  },
  {
    words: ['users', 'get'],
    summary: 'Show a user as SCIM JSON.',
    args: ['<user-id>'],
    options: TENANT,
    connects: true,
    run: async (input, connection) => {
      const users = connection.users;
      const user = scimJson((await connection.call(users.getUser.bind(users), { id: oneId(input) }, requiredString(input, 'tenant'))).user ?? {});
      return { json: user, lines: JSON.stringify(user, null, 2).split('\n') };
    },
  },
  {
    words: ['groups', 'list'],
    summary: "List a tenant's groups (without their members).",
    args: [],
    options: LIST_OPTIONS,
    connects: true,
    run: async (input, connection) => {
      const groups = connection.groups;
      const request = { ...listRequest(input), projection: { attributes: [], excludedAttributes: ['members'] } };
      const page = await connection.call(groups.listGroups.bind(groups), request, requiredString(input, 'tenant'));
      const found = page.groups ?? [];
      return {
        json: { totalResults: page.totalResults, Resources: found.map(scimJson) },
        lines: table(['ID', 'DISPLAY NAME', 'EXTERNAL ID'], found.map((g) => [g.id, g.displayName, g.externalId])),
        notes: [`${found.length} of ${page.totalResults ?? found.length}`],
      };
    },
  },
  {
    words: ['groups', 'get'],
    summary: 'Show a group, with its members, as SCIM JSON.',
    args: ['<group-id>'],
    options: TENANT,
    connects: true,
    run: async (input, connection) => {
      const groups = connection.groups;
      const group = scimJson((await connection.call(groups.getGroup.bind(groups), { id: oneId(input) }, requiredString(input, 'tenant'))).group ?? {});
      return { json: group, lines: JSON.stringify(group, null, 2).split('\n') };
    },
  },
];
