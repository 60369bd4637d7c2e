import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { CallScope } from '../grpc/identity-clients';
import type { DiscoveryCache } from '../scim/discovery-cache';

/** What every route needs besides its gRPC calls. */
export interface RouteContext {
  discovery: DiscoveryCache;
  log: Logger;
  /** The tenant, request id, deadline, token id and client address of the current request (after authentication). */
  scope(res: Response): CallScope;
  /** The SCIM base URL the client used, such as https://host/scim/v2. */
  baseUrl(req: Request): string;
  /**
   * The most operations one bulk request of the current tenant may hold:
   * `bulk.maxOperations`, lowered to what its write budget admits in one request.
   */
  bulkOperationLimit(res: Response): number;
}
