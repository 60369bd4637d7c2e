/**
 * The discovery endpoints (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes and
 * /Schemas, list and by id, served from what the identity service publishes, with
 * `meta.location` added.
 */
import { Router } from 'express';
import type { ScimJson } from '../../services/identity/scim/resource/scim-json';
import { listResponse, sendScim } from '../scim/render';
import { ScimHttpError } from '../scim/scim-error';
import type { RouteContext } from './route-context';

function located(doc: ScimJson, location: string): ScimJson {
  return { ...doc, meta: { ...(doc.meta as ScimJson), location } };
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
  };

  router.get('/ServiceProviderConfig', async (req, res) => {
    const { serviceProviderConfig } = await context.discovery.get(context.scope(res));
    sendScim(res, 200, located(serviceProviderConfig, `${context.baseUrl(req)}/ServiceProviderConfig`));
  });
  collection('/ResourceTypes', (d) => d.resourceTypes);
  collection('/Schemas', (d) => d.schemas);
  return router;
}
