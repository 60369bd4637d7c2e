/**
 * POST /.search at the root (RFC 7644 §3.4.3): one query over users and groups.
 * The result is the users' matches followed by the groups' matches, paged across
 * both with startIndex and count. A resource type whose schema the filter does not
 * fit (it names an attribute the type lacks) is left out; a filter that fits no type
 * is the error it is. Sorting applies within each type.
 */
import { status, type Metadata } from '@grpc/grpc-js';
import { Router } from 'express';
import { decodeStatusDetails } from '../../services/identity/errors/status-details';
import type { ScimJson } from '../../services/identity/scim/resource/scim-json';
import { searchParams } from '../scim/query-params';
import { listResponse, renderResource, sendScim } from '../scim/render';
import { methodNotAllowed, ScimHttpError } from '../scim/scim-error';
import type { ListPage, ResourceEndpoint } from './resource-endpoints';
import type { RouteContext } from './route-context';

const DEFAULT_COUNT = 100;

function isFilterRefusal(error: unknown): boolean {
  const { code, metadata } = error as { code?: number; metadata?: Metadata };
  return code === status.INVALID_ARGUMENT && decodeStatusDetails(metadata)?.reason === 'INVALID_FILTER';
}

export function rootSearchRoutes(endpoints: ResourceEndpoint[], context: RouteContext): Router {
  const router = Router();
  router.post('/.search', async (req, res) => {
    const query = searchParams(req.body);
    if (query.cursor !== undefined) {
      throw new ScimHttpError(400, 'Cursor paging is per resource type: use /Users/.search or /Groups/.search.', 'invalidValue');
    }
    const scope = context.scope(res);
    // Count each type first, so the page can be cut across them.
    const counted = await Promise.all(
      endpoints.map((endpoint) =>
        endpoint.list({ ...query, startIndex: 1, count: 0 }, scope).then(
          (page): ListPage | Error => page,
          (error: unknown) => {
            if (isFilterRefusal(error)) return error as Error;
            throw error;
          },
        ),
      ),
    );
    if (counted.every((page) => page instanceof Error)) throw counted[0];
    const startIndex = Math.max(1, query.startIndex ?? 1);
    let remaining = Math.max(0, query.count ?? DEFAULT_COUNT);
    let skip = startIndex - 1;
    let totalResults = 0;
    const resources: ScimJson[] = [];
    for (const [index, endpoint] of endpoints.entries()) {
      const totals = counted[index];
      const matches = totals instanceof Error ? 0 : (totals.totalResults ?? 0);
      totalResults += matches;
      if (remaining > 0 && skip < matches) {
        const page = await endpoint.list({ ...query, startIndex: skip + 1, count: remaining }, scope);
        resources.push(...page.resources.map((resource) => renderResource(resource, context.baseUrl(req))));
        remaining -= page.resources.length;
      }
      skip = Math.max(0, skip - matches);
    }
    sendScim(res, 200, listResponse(resources, { totalResults, startIndex }));
  });
  router.all('/.search', methodNotAllowed('POST'));
  return router;
}
