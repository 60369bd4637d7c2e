/**
 * scimctl events watch: tails a tenant's change feed (WatchEvents), one JSON line per
 * event on stdout. After a disconnect (a replica restarting) it resumes after the last
 * position it printed, so its output has every event once, in order.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { ChangeEvent, type WatchEventsRequest, type WatchEventsResponse } from '../../proto/gen/openscim/identity/v1/event_service';
import { toProtoEventType } from '../identity/events/event-proto';
import { UsageError, optionalString, requiredString, type Command, type CommandInput } from './command';
import type { IdentityConnection } from './identity-connection';
import { eventTypesOption, resourceTypesOption } from './receiver-commands';

/** How long it waits before reconnecting after a disconnect; doubled each time up to the maximum. */
const RECONNECT_MS = 250;
const MAX_RECONNECT_MS = 5000;

function whole(input: CommandInput, name: string): number | undefined {
  const text = optionalString(input, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new UsageError(`--${name} takes a whole number.`);
  return Number(text);
}

/** One WatchEvents call: resolves when it ends (or `emit` asks to stop), rejects with the call's error. */
function follow(connection: IdentityConnection, tenant: string, request: WatchEventsRequest, emit: (event: ChangeEvent) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const call = connection.events.watchEvents(request, connection.metadata(tenant));
    call.on('data', (message: WatchEventsResponse) => {
      if (message.kind?.$case === 'event' && !emit(message.kind.value)) {
        call.cancel();
        resolve();
      }
    });
    call.on('error', (error: ServiceError) => (error.code === status.CANCELLED ? resolve() : reject(error)));
    call.on('end', () => resolve());
  });
}

export const eventCommands: Command[] = [
  {
    words: ['events', 'watch'],
    summary: "Tail a tenant's change events as JSON lines.",
    args: [],
    options: {
      tenant: { type: 'string', placeholder: '<tenant-id>', required: true, description: 'The tenant whose events to show.' },
      after: { type: 'string', placeholder: '<position>', description: 'Start after this position (0: the oldest kept; default: from now).' },
      types: { type: 'string', placeholder: '<t1,t2>', description: 'Only these event types, e.g. user.created,user.deactivated.' },
      'resource-types': { type: 'string', placeholder: '<User,Group>', description: 'Only events on these resource types.' },
      snapshot: { type: 'boolean', description: 'Include each resource as it was after the change.' },
      limit: { type: 'string', placeholder: '<n>', description: 'Stop after this many events (default: run until interrupted).' },
    },
    details: [
      'Each line is a ChangeEvent in proto JSON; resume after its "position" with --after.',
      'Offboarding hooks: scimctl events watch --tenant acme --types user.deactivated,user.deleted',
    ],
    connects: true,
    run: async (input, connection) => {
      const tenant = requiredString(input, 'tenant');
      const after = whole(input, 'after');
      const limit = whole(input, 'limit');
      const filters = {
        eventTypes: eventTypesOption(input, 'types').map(toProtoEventType),
        resourceTypes: resourceTypesOption(input, 'resource-types'),
        includeSnapshot: input.options.snapshot === true,
      };
      let last = after;
      let printed = 0;
      let wait = RECONNECT_MS;
      const emit = (event: ChangeEvent) => {
        input.emit(JSON.stringify(ChangeEvent.toJSON(event)));
        last = event.position ?? last;
        printed++;
        wait = RECONNECT_MS;
        return limit === undefined || printed < limit;
      };
      while (limit === undefined || printed < limit) {
        const request = last === undefined ? { startAtNow: true, ...filters } : { afterPosition: last, ...filters };
        try {
          await follow(connection, tenant, request, emit);
          if (limit !== undefined && printed >= limit) break;
        } catch (error) {
          if ((error as ServiceError).code !== status.UNAVAILABLE) throw error;
          input.progress(`disconnected; resuming after position ${last ?? 'now'}`);
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(MAX_RECONNECT_MS, wait * 2);
      }
      return { json: { events: printed, lastPosition: last }, lines: [], notes: [`${printed} events, last position ${last}`] };
    },
  },
];
