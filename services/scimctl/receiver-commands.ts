/**
 * scimctl receivers …: the tenant's receivers of Security Event Tokens (RFC 9967), pushed
 * to a URL (RFC 8935) or polled through the SCIM adapter (RFC 8936).
 */
import fs from 'node:fs';
import { DeliveryMethod, EventReceiver, eventTypeToJSON } from '../../proto/gen/openscim/identity/v1/event_service';
import { EVENT_TYPES, type EventType } from '../identity/events/change-event';
import { toProtoEventType } from '../identity/events/event-proto';
import { UsageError, onlyArgument, optionalString, requiredString, type Command, type CommandInput } from './command';
import { fields, table } from './output';

const TENANT = { tenant: { type: 'string', placeholder: '<tenant-id>', required: true, description: 'The tenant whose events the receiver gets.' } } as const;

/** `user.created,group.renamed` → event types; a usage error names the ones that exist. */
export function eventTypesOption(input: CommandInput, name: string): EventType[] {
  const text = optionalString(input, name);
  if (text === undefined) return [];
  const types = text.split(',').map((type) => type.trim());
  const unknown = types.filter((type) => !(EVENT_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) throw new UsageError(`--${name} takes event types from: ${EVENT_TYPES.join(', ')}; not ${unknown.join(', ')}.`);
  return types as EventType[];
}

/** `User,Group` → resource types. */
export function resourceTypesOption(input: CommandInput, name: string): string[] {
  const text = optionalString(input, name);
  if (text === undefined) return [];
  const types = text.split(',').map((type) => type.trim());
  if (types.some((type) => type !== 'User' && type !== 'Group')) throw new UsageError(`--${name} takes User, Group or both.`);
  return types;
}

const typeName = (type: Parameters<typeof eventTypeToJSON>[0]) => {
  const name = eventTypeToJSON(type).replace(/^EVENT_TYPE_/, '').toLowerCase();
  return EVENT_TYPES.find((candidate) => candidate.replace('.', '_') === name) ?? name;
};

function receiverFields(receiver: EventReceiver): string[] {
  return fields([
    ['id', receiver.id],
    ['delivery', receiver.delivery === DeliveryMethod.DELIVERY_METHOD_PUSH ? 'push' : 'poll'],
    ['url', receiver.url],
    ['audience', receiver.audience],
    ['authorization', receiver.hasAuthorization ? 'set' : undefined],
    ['full', receiver.full],
    ['event types', (receiver.eventTypes ?? []).map(typeName).join(',')],
    ['resource types', (receiver.resourceTypes ?? []).join(',')],
    ['position', `${receiver.position} of ${receiver.headPosition}`],
    ['failures', receiver.failures],
    ['last error', receiver.lastError],
    ['next attempt', receiver.nextAttemptTime],
    ['last delivered', receiver.lastDeliveredTime],
    ['created', receiver.createTime],
  ]);
}

export const receiverCommands: Command[] = [
  {
    words: ['receivers', 'add'],
    summary: "Send a tenant's events as SETs to a URL (push), or keep them for polling.",
    args: [],
    options: {
      ...TENANT,
      url: { type: 'string', placeholder: '<url>', description: 'Push (RFC 8935): POST each SET to this http(s) URL.' },
      poll: { type: 'boolean', description: 'Poll (RFC 8936): the receiver polls POST <SCIM base>/Events/<id>/poll with the tenant\'s bearer token.' },
      audience: { type: 'string', placeholder: '<aud>', description: 'The SETs\' aud claim (default: the URL, or the receiver id for poll).' },
      'authorization-file': {
        type: 'string',
        placeholder: '<path>',
        description: 'Push: a file holding the Authorization header value to send, e.g. "Bearer …" (kept by the service as given).',
      },
      full: { type: 'boolean', description: 'Create and replace events carry the resource (…:full), not only attribute names.' },
      types: { type: 'string', placeholder: '<t1,t2>', description: `Only these event types: ${EVENT_TYPES.join(', ')}.` },
      'resource-types': { type: 'string', placeholder: '<User,Group>', description: 'Only events on these resource types.' },
      'from-oldest': { type: 'boolean', description: 'Start with the oldest event kept, not with the next change.' },
    },
    details: [
      'The receiver id is printed alone on stdout: ID=$(scimctl receivers add --tenant acme --url https://hooks.example.com/scim-events)',
      'SETs are signed with EVENTS_SIGNING_KEY_FILE of the identity service (unsecured, alg none, without one).',
    ],
    connects: true,
    run: async (input, connection) => {
      const url = optionalString(input, 'url');
      const poll = input.options.poll === true;
      if (Boolean(url) === poll) throw new UsageError('Give either --url (push) or --poll.');
      const authorizationFile = optionalString(input, 'authorization-file');
      const events = connection.events;
      const response = await connection.call(
        events.createEventReceiver.bind(events),
        {
          delivery: poll ? DeliveryMethod.DELIVERY_METHOD_POLL : DeliveryMethod.DELIVERY_METHOD_PUSH,
          url: url ?? '',
          audience: optionalString(input, 'audience') ?? '',
          authorization: authorizationFile ? fs.readFileSync(authorizationFile, 'utf8').trim() : '',
          full: input.options.full === true,
          eventTypes: eventTypesOption(input, 'types').map(toProtoEventType),
          resourceTypes: resourceTypesOption(input, 'resource-types'),
          fromOldest: input.options['from-oldest'] === true,
        },
        requiredString(input, 'tenant'),
      );
      const receiver = response.receiver ?? {};
      const where = poll ? [`Poll: POST <SCIM base URL>/Events/${receiver.id}/poll with a bearer token of the tenant.`] : [];
      return { json: EventReceiver.toJSON(receiver), lines: [receiver.id ?? ''], notes: [...receiverFields(receiver), ...where] };
    },
  },
  {
    words: ['receivers', 'list'],
    summary: "List a tenant's SET receivers and how far each has got.",
    args: [],
    options: { ...TENANT },
    connects: true,
    run: async (input, connection) => {
      const events = connection.events;
      const { receivers = [] } = await connection.call(events.listEventReceivers.bind(events), {}, requiredString(input, 'tenant'));
      return {
        json: receivers.map((receiver) => EventReceiver.toJSON(receiver)),
        lines: table(
          ['ID', 'DELIVERY', 'URL', 'POSITION', 'HEAD', 'FAILURES', 'NEXT ATTEMPT', 'LAST ERROR'],
          receivers.map((r) => [
            r.id,
            r.delivery === DeliveryMethod.DELIVERY_METHOD_PUSH ? 'push' : 'poll',
            r.url,
            r.position,
            r.headPosition,
            r.failures,
            r.nextAttemptTime,
            r.lastError,
          ]),
        ),
      };
    },
  },
  {
    words: ['receivers', 'remove'],
    summary: 'Remove a SET receiver: nothing more is delivered to it.',
    args: ['<receiver-id>'],
    options: { ...TENANT },
    connects: true,
    run: async (input, connection) => {
      const id = onlyArgument(input, 'Name exactly one receiver by its id.');
      const events = connection.events;
      await connection.call(events.deleteEventReceiver.bind(events), { id }, requiredString(input, 'tenant'));
      return { json: { id, removed: true }, lines: [`Receiver ${id} removed.`] };
    },
  },
];
