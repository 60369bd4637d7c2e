/**
 * GET /readyz: whether this adapter can serve SCIM now, which is whether the identity
 * service answers its grpc.health.v1 Check with SERVING. No token: orchestrators
 * call it. The answer names what is not ready, never an address or an error message.
 */
import type { RequestHandler } from 'express';
import type { IdentityClients } from '../grpc/identity-clients';

/** Well inside the 1 s a Kubernetes probe waits by default. */
const CHECK_DEADLINE_MS = 500;

export function readiness(clients: Pick<IdentityClients, 'health'>): RequestHandler {
  return async (_req, res) => {
    const identity = await clients.health(CHECK_DEADLINE_MS);
    res.set('Cache-Control', 'no-store');
    if (identity === 'SERVING') res.json({ status: 'ready' });
    else res.status(503).json({ status: 'not ready', checks: { identity } });
  };
}
