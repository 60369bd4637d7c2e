/** BulkService over gRPC: each RPC hands its request to the executor or the importer. */
import type { BulkServiceServer } from '../../../proto/gen/openscim/identity/v1/bulk_service';
import type { ClientStream } from '../grpc/client-stream';
import type { Unary } from '../grpc/unary';
import type { BulkExecutor } from './bulk-executor';
import type { ResourceImporter } from './resource-import';

export function bulkHandlers(executor: BulkExecutor, importer: ResourceImporter, unary: Unary, clientStream: ClientStream): BulkServiceServer {
  return {
    executeBulk: unary((req, ctx) => executor.execute(req, ctx)),
    importResources: clientStream((requests, ctx) => importer.import(requests, ctx)),
  };
}
