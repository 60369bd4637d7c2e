/**
 * Index paging (RFC 7644 §3.4.2.4): `startIndex` is 1-based and values below 1 are
 * read as 1; `count` below 0 is read as 0, and 0 asks for totals only; a `count`
 * above the maximum is capped, not refused (SCIM-NOTES). Both limits are advertised
 * in ServiceProviderConfig (`filter.maxResults`).
 */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  startIndex?: number;
  count?: number;
}

export interface ResolvedPage {
  startIndex: number;
  offset: number;
  limit: number;
}

export function resolvePage(request: PageRequest): ResolvedPage {
  const startIndex = Math.max(1, Math.trunc(request.startIndex ?? 1) || 1);
  const count = request.count === undefined ? DEFAULT_PAGE_SIZE : Math.trunc(request.count);
  const limit = Math.min(Math.max(0, count), MAX_PAGE_SIZE);
  return { startIndex, offset: startIndex - 1, limit };
}
