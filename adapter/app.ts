/**
 * The SCIM HTTP adapter as an Express app. The middleware order is the design:
 * request id → security headers → access log → health (public) → under /scim/v2:
 * authentication (with brute-force protection) → rate limits → JSON body → routes →
 * unknown route; then SCIM error rendering, last. The adapter keeps no state but
 * short-lived caches; every resource lives in the identity service.
 */
import express, { Router, type Express, type Request } from 'express';
import type { Logger } from 'pino';
import type { IdentityClients } from './grpc/identity-clients';
import { accessLog } from './middleware/access-log';
import { authenticate, type BootstrapCredential } from './middleware/authenticate';
import { jsonBody } from './middleware/json-body';
import { rateLimit } from './middleware/rate-limit';
import type { RateLimitConfig } from './rate-limit/rate-limit-config';
import type { Budgets } from './rate-limit/rate-limiters';
import { requestId } from './middleware/request-id';
import { scimErrors, unknownRoute } from './middleware/scim-errors';
import { securityHeaders } from './middleware/security-headers';
import { discoveryRoutes } from './routes/discovery';
import { groupEndpoint, userEndpoint } from './routes/resource-endpoints';
import { resourceRoutes } from './routes/resources';
import { rootSearchRoutes } from './routes/search';
import type { RouteContext } from './routes/route-context';
import { DiscoveryCache } from './scim/discovery-cache';

export const SCIM_BASE_PATH = '/scim/v2';

export interface AppDependencies {
  clients: IdentityClients;
  credential: BootstrapCredential;
  log: Logger;
  maxBodyBytes: number;
  grpcDeadlineMs: number;
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
    scope: (res) => ({ tenant: String(res.locals.tenant), requestId: String(res.locals.requestId), deadlineMs: deps.grpcDeadlineMs }),
    baseUrl: (req: Request) => `${deps.publicBaseUrl ?? `${req.protocol}://${req.get('host')}`}${SCIM_BASE_PATH}`,
  };

  app.use(requestId());
  app.use(securityHeaders(deps.https ?? false));
  app.use(accessLog(deps.log));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const scim = Router();
  scim.use(authenticate(deps.credential, deps.rateLimits?.budgets));
  if (deps.rateLimits) scim.use(rateLimit(deps.rateLimits.budgets, deps.rateLimits.config));
  scim.use(jsonBody(deps.maxBodyBytes));
  const endpoints = [userEndpoint(deps.clients), groupEndpoint(deps.clients)];
  for (const endpoint of endpoints) scim.use(resourceRoutes(endpoint, context));
  scim.use(rootSearchRoutes(endpoints, context));
  scim.use(discoveryRoutes(context));
  scim.use(unknownRoute());
  app.use(SCIM_BASE_PATH, scim);

  app.use(unknownRoute());
  app.use(scimErrors(deps.log));
  return app;
}
