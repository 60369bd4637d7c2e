/** EventService over gRPC (proto/openscim/identity/v1/event_service.proto): each handler reads as a paragraph. */
import type { EventServiceServer } from '../../../proto/gen/openscim/identity/v1/event_service';
import type { AuditTrail } from '../audit/audit-trail';
import { InvalidValueError } from '../errors/scim-errors';
import type { ServerStream } from '../grpc/server-stream';
import type { Unary } from '../grpc/unary';
import type { SchemaRegistry } from '../scim/schema/registry';
import type { EventFeed } from './event-feed';
import { filterOf } from './event-proto';
import type { PollService } from './receivers/poll-service';
import type { ReceiverService } from './receivers/receiver-service';
import { watchEvents } from './watch-events';

const DEFAULT_HEARTBEAT_SECONDS = 15;
const MAX_HEARTBEAT_SECONDS = 300;

function heartbeatMs(seconds: number | undefined): number {
  if (!seconds) return DEFAULT_HEARTBEAT_SECONDS * 1000;
  if (seconds < 1 || seconds > MAX_HEARTBEAT_SECONDS) throw new InvalidValueError(`heartbeat_seconds must be from 1 to ${MAX_HEARTBEAT_SECONDS}.`, 'heartbeat_seconds');
  return seconds * 1000;
}

export interface EventHandlerDependencies {
  feed: EventFeed;
  registry: SchemaRegistry;
  receivers: ReceiverService;
  poll: PollService;
  audit: AuditTrail;
}

export function eventHandlers(deps: EventHandlerDependencies, unary: Unary, serverStream: ServerStream): EventServiceServer {
  const { feed, registry, receivers, poll, audit } = deps;
  return {
    watchEvents: serverStream(async (req, ctx, send, signal) => {
      const options = {
        tenant: ctx.tenant,
        start: req.startAtNow ? ('now' as const) : (req.afterPosition ?? 0),
        filter: filterOf(req),
        includeSnapshot: req.includeSnapshot ?? false,
        heartbeatMs: heartbeatMs(req.heartbeatSeconds),
      };
      await watchEvents(feed, registry, options, send, signal);
    }),
    createEventReceiver: unary(async (req, ctx) => {
      const entry = { tenantId: ctx.tenant, action: 'create', resourceType: 'EventReceiver', resourceId: '' };
      const receiver = await audit.around(ctx.audit, entry, () => receivers.create(ctx.tenant, req), (created) => ({ resourceId: created.id }));
      return { receiver };
    }),
    listEventReceivers: unary(async (_req, ctx) => ({ receivers: await receivers.list(ctx.tenant) })),
    deleteEventReceiver: unary(async (req, ctx) => {
      const id = req.id ?? '';
      await audit.around(ctx.audit, { tenantId: ctx.tenant, action: 'delete', resourceType: 'EventReceiver', resourceId: id }, () => receivers.delete(ctx.tenant, id));
      return {};
    }),
    pollSecurityEvents: unary(async (req, ctx) => poll.poll(ctx.tenant, req)),
  };
}
