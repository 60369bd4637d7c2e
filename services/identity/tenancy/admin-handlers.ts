/**
 * AdminService: tenants, tokens, service credentials and the audit trail, for
 * operators. Every change is audited; the tenant scope of the caller's credential
 * is checked here, since these calls name their tenant in the request.
 */
import type { AdminServiceServer } from '../../../proto/gen/openscim/identity/v1/admin_service';
import type { AuditTrail } from '../audit/audit-trail';
import { PermissionDeniedError } from '../errors/scim-errors';
import type { CallerContext } from '../grpc/call-context';
import type { OperatorUnary } from '../grpc/unary';
import { PageTokens, queryKey } from '../scim/page-tokens';
import type { CredentialService } from './credentials';
import { accessFromProto, auditEventToProto, credentialToProto, durationMs, tenantToProto, tokenToProto } from './tenancy-proto';
import type { TenantService } from './tenants';
import type { TokenService } from './tokens';

export interface AdminDependencies {
  tenants: TenantService;
  tokens: TokenService;
  credentials: CredentialService;
  audit: AuditTrail;
  pageTokens: PageTokens;
  clock: () => Date;
}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

const pageSize = (requested: number | undefined) => Math.min(MAX_PAGE_SIZE, requested && requested > 0 ? requested : DEFAULT_PAGE_SIZE);

function requireTenant(ctx: CallerContext, tenantId: string): void {
  if (!ctx.principal.holdsTenant(tenantId)) throw new PermissionDeniedError(`The service credential does not hold tenant ${JSON.stringify(tenantId)}.`);
}

function requireAllTenants(ctx: CallerContext): void {
  if (!ctx.principal.holdsAllTenants()) throw new PermissionDeniedError('This call spans every tenant: it needs a service credential with "*" among its tenants.');
}

export function adminHandlers(deps: AdminDependencies, unary: OperatorUnary): AdminServiceServer {
  const { tenants, tokens, credentials, audit, pageTokens, clock } = deps;

  /** A page read with one item more than `limit`: the items to show, and a token for the next page if that extra one came. */
  const keysetPage = <T extends { id: string }>(items: T[], limit: number, query: string) => {
    const shown = items.slice(0, limit);
    const last = shown[shown.length - 1];
    return { shown, nextPageToken: items.length > limit && last ? pageTokens.issue({ value: null, id: last.id }, query) : '' };
  };

  return {
    createTenant: unary(async (req, ctx) => {
      const id = req.tenantId ?? '';
      requireTenant(ctx, id);
      const entry = { tenantId: id, action: 'create', resourceType: 'Tenant', resourceId: id };
      return { tenant: tenantToProto(await audit.around(ctx.audit, entry, () => tenants.create(id, req.displayName ?? ''))) };
    }),

    getTenant: unary(async (req, ctx) => {
      requireTenant(ctx, req.tenantId ?? '');
      return { tenant: tenantToProto(await tenants.get(req.tenantId ?? '')) };
    }),

    listTenants: unary(async (req, ctx) => {
      const scope = ctx.principal.tenantIds();
      const query = queryKey(['tenants', ...(scope ?? ['*'])]);
      const after = req.pageToken ? pageTokens.read(req.pageToken, query).id : undefined;
      const limit = pageSize(req.pageSize);
      const { shown, nextPageToken } = keysetPage(await tenants.list(after, limit + 1, scope), limit, query);
      return { tenants: shown.map(tenantToProto), nextPageToken };
    }),

    updateTenant: unary(async (req, ctx) => {
      const id = req.tenantId ?? '';
      requireTenant(ctx, id);
      const attributes = [...(req.displayName !== undefined ? ['display_name'] : []), ...(req.disabled !== undefined ? ['disabled'] : [])];
      const action = req.disabled === true ? 'disable' : req.disabled === false ? 'enable' : 'update';
      const change = { displayName: req.displayName, disabled: req.disabled };
      const tenant = await audit.around(ctx.audit, { tenantId: id, action, resourceType: 'Tenant', resourceId: id, attributes }, () => tenants.update(id, change));
      return { tenant: tenantToProto(tenant) };
    }),

    deleteTenant: unary(async (req, ctx) => {
      const id = req.tenantId ?? '';
      requireTenant(ctx, id);
      const entry = { tenantId: id, action: 'delete', resourceType: 'Tenant', resourceId: id };
      const deleted = await audit.around(ctx.audit, entry, () => tenants.delete(id, req.confirmTenantId ?? ''));
      return { deletedUsers: deleted.users, deletedGroups: deleted.groups, deletedTokens: deleted.tokens };
    }),

    createToken: unary(async (req, ctx) => {
      const tenantId = req.tenantId ?? '';
      requireTenant(ctx, tenantId);
      const entry = { tenantId, action: 'create', resourceType: 'Token', resourceId: '' };
      const issued = await audit.around(
        ctx.audit,
        entry,
        () => tokens.issue(tenantId, req.description ?? '', durationMs(req.ttl)),
        (result) => ({ resourceId: result.token.id }),
      );
      return { token: tokenToProto(issued.token, clock()), secret: issued.presented };
    }),

    listTokens: unary(async (req, ctx) => {
      requireTenant(ctx, req.tenantId ?? '');
      const now = clock();
      return { tokens: (await tokens.list(req.tenantId ?? '')).map((token) => tokenToProto(token, now)) };
    }),

    revokeToken: unary(async (req, ctx) => {
      const tenantId = req.tenantId || undefined;
      const tokenId = req.tokenId ?? '';
      if (tenantId) requireTenant(ctx, tenantId);
      else requireAllTenants(ctx);
      const entry = { tenantId: tenantId ?? '', action: 'revoke', resourceType: 'Token', resourceId: tokenId };
      const revoked = await audit.around(ctx.audit, entry, () => tokens.revoke(tenantId, tokenId), (token) => ({ tenantId: token.tenantId }));
      return { token: tokenToProto(revoked, clock()) };
    }),

    rotateToken: unary(async (req, ctx) => {
      const tenantId = req.tenantId ?? '';
      const tokenId = req.tokenId ?? '';
      requireTenant(ctx, tenantId);
      const entry = { tenantId, action: 'rotate', resourceType: 'Token', resourceId: tokenId };
      const rotated = await audit.around(ctx.audit, entry, () => tokens.rotate(tenantId, tokenId, durationMs(req.overlap), durationMs(req.ttl)));
      const now = clock();
      return { token: tokenToProto(rotated.token, now), secret: rotated.presented, previousToken: tokenToProto(rotated.previous, now) };
    }),

    createServiceCredential: unary(async (req, ctx) => {
      requireAllTenants(ctx);
      const input = { description: req.description ?? '', access: accessFromProto(req.access), tenants: req.tenantIds ?? [], ttlMs: durationMs(req.ttl) };
      const issued = await audit.around(
        ctx.audit,
        { tenantId: '', action: 'create', resourceType: 'ServiceCredential', resourceId: '' },
        () => credentials.create(input),
        (result) => ({ resourceId: result.credential.id }),
      );
      return { credential: credentialToProto(issued.credential, clock()), secret: issued.presented };
    }),

    listServiceCredentials: unary(async (_req, ctx) => {
      requireAllTenants(ctx);
      const now = clock();
      return { credentials: (await credentials.list()).map((credential) => credentialToProto(credential, now)) };
    }),

    revokeServiceCredential: unary(async (req, ctx) => {
      requireAllTenants(ctx);
      const id = req.credentialId ?? '';
      const entry = { tenantId: '', action: 'revoke', resourceType: 'ServiceCredential', resourceId: id };
      return { credential: credentialToProto(await audit.around(ctx.audit, entry, () => credentials.revoke(id)), clock()) };
    }),

    listAuditEvents: unary(async (req, ctx) => {
      if (req.tenantId) requireTenant(ctx, req.tenantId);
      else requireAllTenants(ctx);
      const filters = {
        tenantId: req.tenantId || undefined,
        resourceType: req.resourceType || undefined,
        resourceId: req.resourceId || undefined,
        actor: req.actor || undefined,
        since: req.startTime,
        until: req.endTime,
      };
      const query = queryKey(['audit', JSON.stringify(filters)]);
      const beforeId = req.pageToken ? pageTokens.read(req.pageToken, query).id : undefined;
      const limit = pageSize(req.pageSize);
      const { shown, nextPageToken } = keysetPage(await audit.list({ ...filters, beforeId, limit: limit + 1 }), limit, query);
      return { events: shown.map(auditEventToProto), nextPageToken };
    }),
  };
}
