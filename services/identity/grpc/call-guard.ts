/**
 * Authentication and authorization of every gRPC call, before its handler runs:
 * the service API key in `authorization` must be active (INVALID_CREDENTIAL
 * otherwise), its access level must include what the RPC needs (rpc-access.ts), and
 * a tenant-scoped call must name, in `x-tenant-id`, a tenant the credential holds
 * (PERMISSION_DENIED otherwise) and that exists (NOT_FOUND). With mutual TLS the key
 * is still required: the certificate says which machine calls, the key what it may do.
 *
 * It also settles what the audit trail records: the SCIM adapter may say which token
 * and which client address a call is made for (`x-actor`, `x-client-address`);
 * anyone else is recorded as its own credential and gRPC peer.
 */
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { AuditSource } from '../audit/audit-trail';
import { NotFoundError, PermissionDeniedError } from '../errors/scim-errors';
import type { Principal } from '../tenancy/access';
import type { CredentialService } from '../tenancy/credentials';
import { BOOTSTRAP_TOKEN_ID, ID_PATTERN } from '../tenancy/secrets';
import type { TenantService } from '../tenancy/tenants';
import {
  ACTOR_METADATA_KEY,
  AUTHORIZATION_METADATA_KEY,
  CLIENT_ADDRESS_METADATA_KEY,
  metadataText,
  tenantOf,
  type CallContext,
  type CallerContext,
} from './call-context';
import type { RpcRequirement } from './rpc-access';

type Call = Pick<ServerUnaryCall<unknown, unknown>, 'getPath' | 'getPeer' | 'metadata'>;

/** An IPv4 or IPv6 address as text: all `x-client-address` may hold. */
const ADDRESS = /^[0-9A-Fa-f:.]{2,45}$/;
/** W3C trace context: version-traceid-spanid-flags. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

export class CallGuard {
  constructor(
    private readonly credentials: CredentialService,
    private readonly tenants: TenantService,
    private readonly requirements: ReadonlyMap<string, RpcRequirement>,
  ) {}

  /** For the tenant-scoped services: UserService, GroupService, DiscoveryService, BulkService and EventService. */
  async admitTenantCall(call: Call, requestId: string): Promise<CallContext> {
    const caller = await this.admit(call, requestId, true);
    const tenant = tenantOf(call.metadata);
    if (!caller.principal.holdsTenant(tenant)) throw new PermissionDeniedError(`The service credential does not hold tenant ${JSON.stringify(tenant)}.`);
    if (!(await this.tenants.exists(tenant))) throw new NotFoundError('Tenant', tenant);
    return { ...caller, tenant };
  }

  /** For AdminService and AuthService, whose calls name no tenant in their metadata. */
  admitOperatorCall(call: Call, requestId: string): Promise<CallerContext> {
    return this.admit(call, requestId, false);
  }

  private async admit(call: Call, requestId: string, tenantScoped: boolean): Promise<CallerContext> {
    const principal = await this.credentials.verify(metadataText(call.metadata, AUTHORIZATION_METADATA_KEY));
    const requirement = this.requirements.get(call.getPath());
    // A method missing from the table, or served by the other kind of wrapper, is refused rather than guessed at.
    if (!requirement || requirement.tenantScoped !== tenantScoped) throw new PermissionDeniedError('This method is not open to any credential.');
    if (!principal.can(requirement.access)) {
      throw new PermissionDeniedError(`This method needs a service credential with ${requirement.access} access or more.`);
    }
    return { requestId, principal, audit: auditSource(call, principal, requestId) };
  }
}

function auditSource(call: Call, principal: Principal, requestId: string): AuditSource {
  const adapter = principal.can('adapter');
  const token = adapter ? metadataText(call.metadata, ACTOR_METADATA_KEY) : undefined;
  const client = adapter ? metadataText(call.metadata, CLIENT_ADDRESS_METADATA_KEY) : undefined;
  return {
    actor: token && (ID_PATTERN.test(token) || token === BOOTSTRAP_TOKEN_ID) ? `token:${token}` : `credential:${principal.credentialId}`,
    credentialId: principal.credentialId,
    requestId,
    traceId: traceIdOf(call.metadata),
    sourceAddress: client && ADDRESS.test(client) ? client : call.getPeer(),
  };
}

/** The active span's trace id (the SERVER span of this call), else the caller's traceparent when tracing is off here. */
function traceIdOf(metadata: Metadata): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && isSpanContextValid(spanContext)) return spanContext.traceId;
  const traceId = TRACEPARENT.exec(metadataText(metadata, 'traceparent') ?? '')?.[1];
  return traceId && !/^0+$/.test(traceId) ? traceId : undefined;
}
