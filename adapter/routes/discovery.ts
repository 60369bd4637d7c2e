/**
 * The discovery endpoints (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes and
 * /Schemas, list and by id, served from what the identity service publishes, with
 * `meta.location` added and `bulk.maxOperations` lowered to what the tenant's write
 * budget admits.
 */
import { Router } from 'express';
import { isPlainObject, type ScimJson } from '../../services/identity/scim/resource/scim-json';
import { listResponse, sendScim } from '../scim/render';
import { methodNotAllowed, ScimHttpError } from '../scim/scim-error';
import type { RouteContext } from './route-context';

function located(doc: ScimJson, location: string): ScimJson {
  return { ...doc, meta: { ...(doc.meta as ScimJson), location } };
}

/** RFC 7644 §4 defines only GET on these endpoints. */
const getOnly = methodNotAllowed('GET');

/** `bulk.maxOperations` as this tenant may use it: its write budget may admit fewer (routes/bulk.ts). */
function withBulkLimit(config: ScimJson, limit: number): ScimJson {
  const bulk = config.bulk;
  if (!isPlainObject(bulk) || typeof bulk.maxOperations !== 'number') return config;
  return { ...config, bulk: { ...bulk, maxOperations: Math.min(bulk.maxOperations, limit) } };
}

export function discoveryRoutes(context: RouteContext): Router {
  const router = Router();

  const collection = (path: string, pick: (d: Awaited<ReturnType<RouteContext['discovery']['get']>>) => ScimJson[]) => {
    router.get(path, async (req, res) => {
      const docs = pick(await context.discovery.get(context.scope(res)));
      const base = context.baseUrl(req) + path;
      const rendered = docs.map((doc) => located(doc, `${base}/${String(doc.id)}`));
      sendScim(res, 200, listResponse(rendered, { totalResults: rendered.length, startIndex: 1 }));
    });
    router.get(`${path}/:id`, async (req, res) => {
      const docs = pick(await context.discovery.get(context.scope(res)));
      const wanted = String(req.params.id).toLowerCase();
      const doc = docs.find((d) => String(d.id).toLowerCase() === wanted);
      if (!doc) throw new ScimHttpError(404, `No ${path.slice(1)} entry with id ${JSON.stringify(String(req.params.id).slice(0, 200))}.`);
      sendScim(res, 200, located(doc, `${context.baseUrl(req)}${path}/${String(doc.id)}`));
    });
    router.all(path, getOnly);
    router.all(`${path}/:id`, getOnly);
  };

  router.get('/ServiceProviderConfig', async (req, res) => {
    const { serviceProviderConfig } = await context.discovery.get(context.scope(res));
    const config = withBulkLimit(serviceProviderConfig, context.bulkOperationLimit(res));
    sendScim(res, 200, located(config, `${context.baseUrl(req)}/ServiceProviderConfig`));
  });
  router.all('/ServiceProviderConfig', getOnly);
  collection('/ResourceTypes', (d) => d.resourceTypes);
  collection('/Schemas', (d) => d.schemas);
  return router;
}
