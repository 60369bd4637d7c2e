/**
 * The SCIM HTTP adapter as an Express app. The middleware order is the design:
 * doubled slashes collapsed → request id → security headers → probes (/healthz, /readyz: public, untraced and
 * unlogged, since orchestrators call them every few seconds) → HTTP span and metrics
 * → access log → under /scim/v2 and /tenants/{tenant}/scim/v2 (the same routes; the
 * second names the tenant in the URL, which must be the token's):
 * authentication (with brute-force protection) → rate limits → /Bulk (with a body
 * limit of its own) → JSON body → routes → unknown route; then SCIM error rendering, last. The adapter keeps no state but
 * short-lived caches; every resource lives in the identity service.
 */
import express, { Router, type Express, type Request } from 'express';
import type { Logger } from 'pino';
import type { IdentityClients } from './grpc/identity-clients';
import { accessLog } from './middleware/access-log';
import { collapseSlashes } from './middleware/collapse-slashes';
import { httpTelemetry } from './middleware/http-telemetry';
import { TokenCache } from './auth/token-cache';
import { identityTokenLookup } from './auth/token-lookup';
import { authenticate } from './middleware/authenticate';
import { jsonBody } from './middleware/json-body';
import { rateLimit, writeCapacity } from './middleware/rate-limit';
import type { RateLimitConfig } from './rate-limit/rate-limit-config';
import type { Budgets } from './rate-limit/rate-limiters';
import { requestId } from './middleware/request-id';
import { routePrefix } from './middleware/route-template';
import { scimErrors, unknownRoute } from './middleware/scim-errors';
import { securityHeaders } from './middleware/security-headers';
import { BULK_MAX_OPERATIONS } from '../services/identity/bulk/bulk-limits';
import { bulkRoutes } from './routes/bulk';
import { discoveryRoutes } from './routes/discovery';
import { eventRoutes } from './routes/events';
import { readiness } from './routes/readiness';
import { groupEndpoint, userEndpoint } from './routes/resource-endpoints';
import { resourceRoutes } from './routes/resources';
import { rootSearchRoutes } from './routes/search';
import type { RouteContext } from './routes/route-context';
import { DiscoveryCache } from './scim/discovery-cache';

export const SCIM_BASE_PATH = '/scim/v2';
/** The same SCIM endpoints, for clients that name their tenant in the URL. */
export const TENANT_SCIM_BASE_PATH = `/tenants/:tenant${SCIM_BASE_PATH}`;
export const DEFAULT_BULK_DEADLINE_MS = 60_000;

export interface AppDependencies {
  clients: IdentityClients;
  /** How long a valid bearer token is believed without asking the identity service (AUTH_CACHE_MS): the revocation bound. */
  authCacheMs: number;
  log: Logger;
  maxBodyBytes: number;
  grpcDeadlineMs: number;
  /** The deadline of a /Bulk request's one gRPC call (BULK_DEADLINE_MS); 60 s unless given. */
  bulkDeadlineMs?: number;
  discoveryTtlMs: number;
  /** Rate limits; absent means none (RATE_LIMIT_ENABLED=false). */
  rateLimits?: { budgets: Budgets; config: RateLimitConfig };
  /** The externally visible origin, when a proxy rewrites it; else taken from the request. */
  publicBaseUrl?: string;
  trustProxy?: boolean;
  /** Whether clients reach the adapter over HTTPS (adds Strict-Transport-Security). */
  https?: boolean;
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);

  const context: RouteContext = {
    discovery: new DiscoveryCache(deps.clients, deps.discoveryTtlMs),
    log: deps.log,
    scope: (res) => ({
      tenant: String(res.locals.tenant),
      requestId: String(res.locals.requestId),
      deadlineMs: deps.grpcDeadlineMs,
      tokenId: String(res.locals.tokenId),
      clientAddress: res.req.ip,
    }),
    // req.baseUrl is where the SCIM router answering the request is mounted: links follow the form the client used.
    baseUrl: (req: Request) => `${deps.publicBaseUrl ?? `${req.protocol}://${req.get('host')}`}${req.baseUrl}`,
    bulkOperationLimit: (res) =>
      deps.rateLimits ? Math.min(BULK_MAX_OPERATIONS, writeCapacity(deps.rateLimits.config, String(res.locals.tenant))) : BULK_MAX_OPERATIONS,
  };
  const bulk = { clients: deps.clients, deadlineMs: deps.bulkDeadlineMs ?? DEFAULT_BULK_DEADLINE_MS, rateLimits: deps.rateLimits };
  const tokens = new TokenCache({ lookup: identityTokenLookup(deps.clients, deps.grpcDeadlineMs), ttlMs: deps.authCacheMs });

  app.use(collapseSlashes());
  app.use(requestId());
  app.use(securityHeaders(deps.https ?? false));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', readiness(deps.clients));
  app.use(httpTelemetry());
  app.use(accessLog(deps.log));

  const endpoints = [userEndpoint(deps.clients), groupEndpoint(deps.clients)];
  for (const prefix of [SCIM_BASE_PATH, TENANT_SCIM_BASE_PATH]) {
    // mergeParams: authentication reads the tenant named in the URL.
    const scim = Router({ mergeParams: true });
    scim.use(routePrefix(prefix));
    scim.use(authenticate(tokens, deps.rateLimits?.budgets));
    if (deps.rateLimits) scim.use(rateLimit(deps.rateLimits.budgets, deps.rateLimits.config));
    scim.use(bulkRoutes(context, bulk));
    scim.use(jsonBody(deps.maxBodyBytes));
    for (const endpoint of endpoints) scim.use(resourceRoutes(endpoint, context));
    scim.use(rootSearchRoutes(endpoints, context));
    scim.use(discoveryRoutes(context));
    scim.use(eventRoutes(deps.clients, context));
    scim.use(unknownRoute());
    app.use(prefix, scim);
  }

  app.use(unknownRoute());
  app.use(scimErrors(deps.log));
  return app;
}
