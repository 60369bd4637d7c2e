/**
 * A tiny onboarding hook: follows one tenant's provisioning events over gRPC and prints
 * `welcome <id>` when a user is created and `offboard <id>` when one is deactivated or
 * deleted — where a real hook would create a mailbox or revoke access.
 *
 * It keeps the last position it has handled in a file and resumes after it, after a
 * disconnect or a restart, so it misses nothing. An event it handled just before a crash
 * (before the position was saved) is handled again: make the work idempotent. SIGTERM and
 * SIGINT stop it between two events, never between handling one and saving its position.
 *
 *   IDENTITY_API_KEY=sk_… TENANT=acme node dist/examples/onboarding-hook/onboarding-hook.js
 *
 * IDENTITY_GRPC_ADDR (default 127.0.0.1:50051) names the identity service; the key needs
 * read access to the tenant (`scimctl credentials create --access read --tenants acme`).
 */
import fs from 'node:fs';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { EventServiceClient, EventType, type ChangeEvent, type WatchEventsResponse } from '../../proto/gen/openscim/identity/v1/event_service';

const address = process.env.IDENTITY_GRPC_ADDR ?? '127.0.0.1:50051';
const apiKey = process.env.IDENTITY_API_KEY ?? '';
const tenant = process.env.TENANT ?? 'default';
const positionFile = process.env.POSITION_FILE ?? 'onboarding-hook.position';

const WANTED = [EventType.EVENT_TYPE_USER_CREATED, EventType.EVENT_TYPE_USER_DEACTIVATED, EventType.EVENT_TYPE_USER_DELETED];

function handle(event: ChangeEvent): void {
  const types = event.types ?? [];
  if (types.includes(EventType.EVENT_TYPE_USER_CREATED)) console.log(`welcome ${event.resourceId}`);
  if (types.includes(EventType.EVENT_TYPE_USER_DEACTIVATED) || types.includes(EventType.EVENT_TYPE_USER_DELETED)) console.log(`offboard ${event.resourceId}`);
}

/** The last position handled, or undefined on the first run (then it starts from now). */
function savedPosition(): number | undefined {
  if (!fs.existsSync(positionFile)) return undefined;
  const text = fs.readFileSync(positionFile, 'utf8').trim();
  // Never guess: reading a damaged file as 0 would replay the whole feed.
  if (!/^\d+$/.test(text)) throw new Error(`${positionFile} does not hold a position ("${text}"): fix or delete it`);
  return Number(text);
}

/** Write-then-rename, so a crash leaves the old position or the new one, never a torn file. */
function savePosition(position: number): void {
  const partial = `${positionFile}.partial`;
  fs.writeFileSync(partial, String(position));
  fs.renameSync(partial, positionFile);
}

/** One WatchEvents stream, until it breaks. Heartbeats carry positions too: the filter skips most events. */
function follow(client: EventServiceClient, after: number | undefined): Promise<void> {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${apiKey}`);
  metadata.set('x-tenant-id', tenant);
  const request = after === undefined ? { startAtNow: true, eventTypes: WANTED } : { afterPosition: after, eventTypes: WANTED };
  return new Promise((resolve, reject) => {
    const call = client.watchEvents(request, metadata);
    call.on('data', (message: WatchEventsResponse) => {
      if (message.kind?.$case === 'event') handle(message.kind.value);
      const position = message.kind?.value.position;
      if (position !== undefined) savePosition(position);
    });
    call.on('error', reject);
    call.on('end', resolve);
  });
}

async function main(): Promise<void> {
  const client = new EventServiceClient(address, credentials.createInsecure());
  // A signal handler runs between two callbacks, so each event's handle-and-save completes.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      client.close();
      process.exit(0);
    });
  }
  for (;;) {
    try {
      await follow(client, savedPosition());
    } catch (error) {
      const code = (error as ServiceError).code;
      // Expired: the feed no longer has what this hook missed. A real hook resynchronises here.
      if (code !== status.UNAVAILABLE && code !== status.INTERNAL) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
