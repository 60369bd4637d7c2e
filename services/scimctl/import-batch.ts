/**
 * One batch of `scimctl import`: a BulkService.ImportResources call that streams the
 * batch's resources, respecting the stream's back-pressure, and resolves with the
 * service's summary once it has applied them all.
 */
import type { ImportResourcesRequest, ImportResourcesResponse } from '../../proto/gen/openscim/identity/v1/bulk_service';
import type { IdentityConnection } from './identity-connection';

/** A batch of 1,000 users with passwords takes about a minute (a slow hash each): room to spare. */
const BATCH_DEADLINE_MS = 10 * 60_000;

export async function importBatch(connection: IdentityConnection, tenant: string, batch: ImportResourcesRequest[]): Promise<ImportResourcesResponse> {
  let stream: ReturnType<IdentityConnection['bulk']['importResources']> | undefined;
  const answered = new Promise<ImportResourcesResponse>((resolve, reject) => {
    stream = connection.bulk.importResources(connection.metadata(tenant), { deadline: Date.now() + BATCH_DEADLINE_MS }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
  const call = stream!;
  // A call may end before the batch is written (refused credentials, a lost connection): stop writing then.
  let ended = false;
  const settled = answered.then(
    () => (ended = true),
    () => (ended = true),
  );
  for (const request of batch) {
    if (ended) break;
    if (!call.write(request)) await Promise.race([new Promise((resolve) => call.once('drain', resolve)), settled]);
  }
  call.end();
  return answered;
}
