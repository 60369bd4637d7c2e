/**
 * The tenancy area, composed: tenants, tokens, service credentials, the audit trail,
 * the call guard every gRPC call passes, and the AdminService and AuthService
 * handlers. server.ts wires it in; this keeps the pieces' construction in one place.
 */
import type { Server } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { AdminServiceService } from '../../../proto/gen/openscim/identity/v1/admin_service';
import { AuthServiceService } from '../../../proto/gen/openscim/identity/v1/auth_service';
import { AuditTrail } from '../audit/audit-trail';
import { CallGuard } from '../grpc/call-guard';
import { RPC_REQUIREMENTS } from '../grpc/rpc-access';
import { operatorUnaryFactory } from '../grpc/unary';
import type { PageTokens } from '../scim/page-tokens';
import { adminHandlers } from './admin-handlers';
import { authHandlers } from './auth-handlers';
import { CredentialService } from './credentials';
import { DAY_MS, HOUR_MS } from './lifetimes';
import type { TenancyStore } from './tenancy-store';
import { TenantService } from './tenants';
import { TokenService } from './tokens';

export interface TenancyOptions {
  /** BOOTSTRAP_SERVICE_KEY: an admin credential on every tenant; unset removes the one an earlier start installed. */
  bootstrapServiceKey?: string;
  /** SCIM_BOOTSTRAP_TOKEN: a token of `bootstrapTenant` that does not expire; unset removes it. */
  bootstrapToken?: string;
  bootstrapTenant: string;
  tokenTtlDays: number;
  rotationOverlapHours: number;
  auditRetentionDays: number;
  /** How long verified credentials and known tenants are believed without reading the store. */
  cacheMs: number;
}

export const DEFAULT_TENANCY_OPTIONS: TenancyOptions = {
  bootstrapTenant: 'default',
  tokenTtlDays: 90,
  rotationOverlapHours: 24,
  auditRetentionDays: 365,
  cacheMs: 5000,
};

/** How often events past retention are deleted. */
const RETENTION_INTERVAL_MS = HOUR_MS;

export class Tenancy {
  readonly guard: CallGuard;
  readonly audit: AuditTrail;
  private readonly tenants: TenantService;
  private readonly tokens: TokenService;
  private readonly credentials: CredentialService;

  constructor(
    store: TenancyStore,
    private readonly options: TenancyOptions,
    private readonly log: Logger,
    private readonly clock: () => Date,
    private readonly pageTokens: PageTokens,
  ) {
    this.tenants = new TenantService({ store, clock, cacheMs: options.cacheMs });
    this.credentials = new CredentialService({ store, clock, cacheMs: options.cacheMs });
    this.tokens = new TokenService({
      store,
      tenants: this.tenants,
      clock,
      defaultTtlMs: options.tokenTtlDays * DAY_MS,
      defaultOverlapMs: options.rotationOverlapHours * HOUR_MS,
    });
    this.audit = new AuditTrail(store, log, clock);
    this.guard = new CallGuard(this.credentials, this.tenants, RPC_REQUIREMENTS);
  }

  /** Installs (or removes) the bootstrap credential and token from the environment. */
  async bootstrap(): Promise<void> {
    await this.credentials.installBootstrap(this.options.bootstrapServiceKey);
    await this.tokens.installBootstrap(this.options.bootstrapToken, this.options.bootstrapTenant);
  }

  addServices(server: Server): void {
    const unary = operatorUnaryFactory(this.log, this.guard);
    const admin = { tenants: this.tenants, tokens: this.tokens, credentials: this.credentials, audit: this.audit, pageTokens: this.pageTokens, clock: this.clock };
    server.addService(AdminServiceService, adminHandlers(admin, unary));
    server.addService(AuthServiceService, authHandlers(this.tokens, unary));
  }

  /** Deletes audit events past retention now and every hour; returns the function that stops it. */
  keepAuditTrail(): () => void {
    return this.audit.keepFor(this.options.auditRetentionDays, RETENTION_INTERVAL_MS);
  }
}
