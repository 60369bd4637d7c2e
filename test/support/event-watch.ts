/**
 * WatchEvents as a consumer calls it, for the event tests and the bench: a client on
 * an address, and a stream of one tenant's feed read as an async iterator that can be
 * cancelled at any point, as a consumer that disconnects would.
 */
import { credentials, Metadata, type ClientReadableStream } from '@grpc/grpc-js';
import { EventServiceClient, type WatchEventsRequest, type WatchEventsResponse } from '../../proto/gen/openscim/identity/v1/event_service';

export function eventClient(address: string): EventServiceClient {
  return new EventServiceClient(address, credentials.createInsecure());
}

export function tenantMetadata(apiKey: string, tenant: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${apiKey}`);
  metadata.set('x-tenant-id', tenant);
  return metadata;
}

export interface Watch {
  stream: ClientReadableStream<WatchEventsResponse>;
  messages: AsyncIterator<WatchEventsResponse>;
  /** Cancels the call, as a consumer that goes away. */
  close(): void;
}

export function watch(client: EventServiceClient, apiKey: string, tenant: string, request: WatchEventsRequest): Watch {
  const stream = client.watchEvents(request, tenantMetadata(apiKey, tenant));
  // A cancelled call ends the stream with a CANCELLED error; the consumer who cancelled it expects that.
  stream.on('error', () => undefined);
  return { stream, messages: stream[Symbol.asyncIterator](), close: () => stream.cancel() };
}

/** The next message, or the call's error. */
export async function nextMessage(watched: Watch): Promise<WatchEventsResponse> {
  const next = await watched.messages.next();
  if (next.done) throw new Error('the stream ended');
  return next.value as WatchEventsResponse;
}
