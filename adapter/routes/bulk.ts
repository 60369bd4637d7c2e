/**
 * POST /Bulk (RFC 7644 §3.7): reads the BulkRequest, enforces the limits, makes one
 * BulkService.ExecuteBulk call, and renders the BulkResponse. The bulk semantics
 * (references, order, failOnErrors, retries) live in the identity service
 * (services/identity/bulk/); the adapter keeps nothing between requests.
 *
 * - Its own body limit, maxPayloadSize, whatever MAX_BODY_BYTES says for single
 *   requests: this router runs before the shared body parser (app.ts).
 * - 413 beyond maxPayloadSize or maxOperations, naming the limit (§3.7.4). With rate
 *   limits on, maxOperations is lowered to what the tenant's write budget admits in
 *   one request, and ServiceProviderConfig says so (routes/discovery.ts).
 * - A bulk request spends one write point per operation: the rate-limit middleware
 *   took one, the rest are taken here before anything runs.
 * - If the identity service goes away during the call, some operations may have been
 *   applied: 503 (504 past the deadline) says so, and that sending the same request
 *   again is safe (the retry guarantee of services/identity/bulk/bulk-executor.ts).
 */
import { status } from '@grpc/grpc-js';
import { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { BULK_MAX_PAYLOAD_BYTES } from '../../services/identity/bulk/bulk-limits';
import type { IdentityClients } from '../grpc/identity-clients';
import { jsonBody } from '../middleware/json-body';
import { charge } from '../middleware/rate-limit';
import type { RateLimitConfig } from '../rate-limit/rate-limit-config';
import type { Budgets } from '../rate-limit/rate-limiters';
import { bulkOperationsOf, executeBulkRequest } from '../scim/bulk-request';
import { bulkResponse } from '../scim/bulk-response';
import { sendScim } from '../scim/render';
import { methodNotAllowed, ScimHttpError } from '../scim/scim-error';
import type { RouteContext } from './route-context';

export interface BulkRouteOptions {
  clients: IdentityClients;
  /** The deadline of the ExecuteBulk call (BULK_DEADLINE_MS): longer than a single request's. */
  deadlineMs: number;
  rateLimits?: { budgets: Budgets; config: RateLimitConfig };
}

const RETRY_AFTER_SECONDS = 5;

/** gRPC failures after which the service may have applied part of the request. */
const INTERRUPTED: ReadonlySet<number> = new Set([status.UNAVAILABLE, status.CANCELLED, status.DEADLINE_EXCEEDED]);

function interruption(error: unknown): ScimHttpError | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'number' || !INTERRUPTED.has(code)) return undefined;
  const what = code === status.DEADLINE_EXCEEDED ? 'did not finish the bulk request in time' : 'became unavailable during the bulk request';
  const detail = `The identity service ${what}: some operations may have been applied. Send the same request again: an operation already applied is not applied twice.`;
  return code === status.DEADLINE_EXCEEDED
    ? new ScimHttpError(504, detail)
    : new ScimHttpError(503, detail, undefined, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

export function bulkRoutes(context: RouteContext, options: BulkRouteOptions): Router {
  const router = Router();
  const [parse, translate, bounded] = jsonBody(BULK_MAX_PAYLOAD_BYTES);
  // RFC 7644 §3.7.4: "The returned response MUST specify the limit exceeded in the body of the error response."
  const payloadLimit: ErrorRequestHandler = (error: { type?: string }, _req, _res, next) => {
    next(error.type === 'entity.too.large' ? new ScimHttpError(413, `The size of the bulk operation exceeds the maxPayloadSize (${BULK_MAX_PAYLOAD_BYTES}).`) : error);
  };

  const execute: RequestHandler = async (req, res) => {
    const operations = bulkOperationsOf(req.body);
    const maxOperations = context.bulkOperationLimit(res);
    if (operations.length > maxOperations) throw new ScimHttpError(413, `The number of operations exceeds the maxOperations (${maxOperations}).`);
    const request = executeBulkRequest(req.body as Record<string, unknown>, operations);
    if (options.rateLimits && operations.length > 1) await charge(options.rateLimits.budgets, options.rateLimits.config, res, 'writes', operations.length - 1);
    const bulk = options.clients.bulk;
    const scope = { ...context.scope(res), deadlineMs: options.deadlineMs };
    const response = await options.clients.call(bulk.executeBulk.bind(bulk), request, scope).catch((error: unknown) => {
      throw interruption(error) ?? error;
    });
    sendScim(res, 200, bulkResponse(response.results ?? [], context.baseUrl(req), String(res.locals.requestId)));
  };
  router.post('/Bulk', parse, payloadLimit, translate, bounded, execute);
  router.all('/Bulk', methodNotAllowed('POST'));
  return router;
}
