/**
 * /Users and /Groups (RFC 7644 §3.2-3.6): each route parses, makes one gRPC call,
 * and renders. Bodies are read with the schemas the identity service publishes.
 */
import { Router, type Request, type Response } from 'express';
import { normalizeResource } from '../../services/identity/scim/resource/normalize';
import { toProto } from '../../services/identity/scim/resource/proto-codec';
import { parsePatchRequest } from '../../services/identity/scim/patch/apply-patch';
import { protoPatchOperations } from '../../services/identity/resources/patch-operations';
import { etagMatches } from '../../services/identity/scim/versions';
import { projectionParams, queryParams, searchParams, type QueryParams } from '../scim/query-params';
import { listResponse, renderResource, sendResource, sendScim, versionOf } from '../scim/render';
import { methodNotAllowed, ScimHttpError } from '../scim/scim-error';
import type { ResourceEndpoint } from './resource-endpoints';
import type { RouteContext } from './route-context';

export function resourceRoutes(endpoint: ResourceEndpoint, context: RouteContext): Router {
  const router = Router();
  const collection = endpoint.path;
  const member = `${endpoint.path}/:id`;

  /** The request body as a proto message, read with the published schemas. */
  const bodyOf = async (req: Request, scope: ReturnType<RouteContext['scope']>) => {
    const { registry } = await context.discovery.get(scope);
    if (req.body === undefined) throw new ScimHttpError(400, 'The request needs a JSON body.', 'invalidSyntax');
    return toProto(normalizeResource(registry.resource(endpoint.resourceType), req.body).doc);
  };

  const list = async (req: Request, res: Response, query: QueryParams) => {
    const page = await endpoint.list(query, context.scope(res));
    const base = context.baseUrl(req);
    // RFC 9865: a cursor page has nextCursor instead of startIndex.
    const startIndex = query.cursor === undefined ? page.startIndex : undefined;
    sendScim(res, 200, listResponse(page.resources.map((r) => renderResource(r, base)), { ...page, startIndex }));
  };
  router.get(collection, (req, res) => list(req, res, queryParams(req)));
  // RFC 7644 §3.4.3: the same query as a POST body, so that filters stay out of URLs and logs.
  router.post(`${collection}/.search`, (req, res) => list(req, res, searchParams(req.body)));
  router.all(`${collection}/.search`, methodNotAllowed('POST'));

  router.post(collection, async (req, res) => {
    const scope = context.scope(res);
    const created = await endpoint.create(await bodyOf(req, scope), projectionParams(req), scope);
    sendResource(res, 201, renderResource(created, context.baseUrl(req)));
  });

  router.get(member, async (req, res) => {
    const found = renderResource(await endpoint.get(req.params.id as string, projectionParams(req), context.scope(res)), context.baseUrl(req));
    // RFC 7644 §3.14: If-None-Match that matches the current version answers 304 without a body.
    const ifNoneMatch = req.get('if-none-match');
    const version = /^W\/"(\d+)"$/.exec(String((found.meta as { version?: string } | undefined)?.version ?? ''));
    if (ifNoneMatch && version && etagMatches(ifNoneMatch, Number(version[1]))) {
      res.status(304).set('ETag', version[0]).end();
      return;
    }
    sendResource(res, 200, found);
  });

  router.put(member, async (req, res) => {
    const scope = context.scope(res);
    const etag = req.get('if-match') ?? '';
    const replaced = await endpoint.replace(req.params.id as string, await bodyOf(req, scope), etag, projectionParams(req), scope);
    sendResource(res, 200, renderResource(replaced, context.baseUrl(req)));
  });

  router.patch(member, async (req, res) => {
    const parsed = parsePatchRequest(req.body);
    // Rewrites of the request body itself (op-case, empty-path) are seen only here; the service logs the rest.
    parsed.forEach((operation, index) =>
      operation.rewrites?.forEach((reason) => context.log.info({ requestId: res.locals.requestId, operation: index + 1, reason }, 'PATCH dialect rewritten')),
    );
    const operations = protoPatchOperations(parsed);
    const projection = projectionParams(req);
    // A group PATCH that asks for no attributes answers 204 and never reads the members: cheap for huge groups.
    const quiet = endpoint.resourceType === 'Group' && projection.attributes.length === 0 && projection.excludedAttributes.length === 0;
    const asked = quiet ? { attributes: ['id', 'meta'], excludedAttributes: [] } : projection;
    const patched = renderResource(
      await endpoint.patch(req.params.id as string, operations, req.get('if-match') ?? '', asked, context.scope(res)),
      context.baseUrl(req),
    );
    if (!quiet) return sendResource(res, 200, patched);
    const version = versionOf(patched);
    if (version) res.set('ETag', version);
    res.status(204).end();
  });

  router.delete(member, async (req, res) => {
    await endpoint.delete(req.params.id as string, req.get('if-match') ?? '', context.scope(res));
    res.status(204).end();
  });

  router.all(collection, methodNotAllowed('GET, POST'));
  router.all(member, methodNotAllowed('GET, PUT, PATCH, DELETE'));
  return router;
}
