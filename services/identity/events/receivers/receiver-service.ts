/**
 * The tenant's SET receivers (RFC 8935 push, RFC 8936 poll) as operators manage them
 * with `scimctl receivers`: checked settings in, records with their standing out. A
 * new receiver starts after the last event written, or with the oldest kept one.
 */
import type { CreateEventReceiverRequest, EventReceiver } from '../../../../proto/gen/openscim/identity/v1/event_service';
import { DeliveryMethod } from '../../../../proto/gen/openscim/identity/v1/event_service';
import { InvalidValueError, NotFoundError } from '../../errors/scim-errors';
import type { EventStore, ReceiverRecord } from '../event-store';
import { fromProtoEventTypes, resourceKinds, toProtoEventType } from '../event-proto';
import { newId } from '../../tenancy/secrets';

/** Longer values are refused: every one is sent or stored with each delivery. */
const MAX_URL = 2048;
const MAX_AUDIENCE = 512;
const MAX_AUTHORIZATION = 4096;

function text(value: string | undefined, limit: number, field: string): string {
  const result = value ?? '';
  if (result.length > limit || /[\r\n]/.test(result)) throw new InvalidValueError(`${field} must be one line of at most ${limit} characters.`, field);
  return result;
}

function pushUrl(value: string | undefined): string {
  const url = text(value, MAX_URL, 'url');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidValueError('A push receiver needs its url: an http or https URL.', 'url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new InvalidValueError('A push receiver needs its url: an http or https URL.', 'url');
  return parsed.href;
}

export class ReceiverService {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date,
  ) {}

  async create(tenant: string, request: CreateEventReceiverRequest): Promise<EventReceiver> {
    const delivery = request.delivery === DeliveryMethod.DELIVERY_METHOD_PUSH ? 'push' : request.delivery === DeliveryMethod.DELIVERY_METHOD_POLL ? 'poll' : undefined;
    if (!delivery) throw new InvalidValueError('delivery must be DELIVERY_METHOD_PUSH or DELIVERY_METHOD_POLL.', 'delivery');
    // Base62, like token and key ids: an id that began with "-" would read as an option on a command line.
    const id = newId();
    const url = delivery === 'push' ? pushUrl(request.url) : undefined;
    const authorization = text(request.authorization, MAX_AUTHORIZATION, 'authorization');
    const bounds = await this.store.bounds(tenant);
    const receiver: ReceiverRecord = {
      id,
      tenant,
      delivery,
      url,
      audience: text(request.audience, MAX_AUDIENCE, 'audience') || url || id,
      authorization: delivery === 'push' && authorization ? authorization : undefined,
      full: request.full ?? false,
      eventTypes: fromProtoEventTypes(request.eventTypes),
      resourceTypes: resourceKinds(request.resourceTypes),
      created: this.clock(),
      position: request.fromOldest ? bounds.first - 1 : bounds.head,
      acked: [],
      failures: 0,
    };
    await this.store.createReceiver(receiver);
    return toProtoReceiver(receiver, bounds.head);
  }

  async list(tenant: string): Promise<EventReceiver[]> {
    const [receivers, bounds] = await Promise.all([this.store.listReceivers(tenant), this.store.bounds(tenant)]);
    return receivers.map((receiver) => toProtoReceiver(receiver, bounds.head));
  }

  async delete(tenant: string, id: string): Promise<void> {
    if (!(await this.store.deleteReceiver(tenant, id))) throw new NotFoundError('Event receiver', id);
  }
}

/** A receiver as EventService shows it: never its Authorization value. */
export function toProtoReceiver(receiver: ReceiverRecord, head: number): EventReceiver {
  return {
    id: receiver.id,
    delivery: receiver.delivery === 'push' ? DeliveryMethod.DELIVERY_METHOD_PUSH : DeliveryMethod.DELIVERY_METHOD_POLL,
    url: receiver.url ?? '',
    audience: receiver.audience,
    hasAuthorization: receiver.authorization !== undefined,
    full: receiver.full,
    eventTypes: receiver.eventTypes.map(toProtoEventType),
    resourceTypes: receiver.resourceTypes,
    position: receiver.position,
    headPosition: head,
    failures: receiver.failures,
    lastError: receiver.lastError ?? '',
    nextAttemptTime: receiver.nextAttempt,
    lastDeliveredTime: receiver.lastDelivered,
    createTime: receiver.created,
  };
}
