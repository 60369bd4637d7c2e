/** Between the tenancy records and their proto messages (tenancy.proto). Secrets never pass through here. */
import type { Duration } from '../../../proto/gen/google/protobuf/duration';
import {
  Access,
  AuditOutcome,
  CredentialState,
  type AuditEvent,
  type ServiceCredential,
  type Tenant,
  type Token,
} from '../../../proto/gen/openscim/identity/v1/tenancy';
import { InvalidValueError } from '../errors/scim-errors';
import type { AccessLevel } from './access';
import { isActive } from './lifetimes';
import { secretPrefix } from './secrets';
import type { AuditRecord, CredentialRecord, TenantRecord, TokenRecord } from './tenancy-store';

const ACCESS_TO_PROTO = {
  read: Access.ACCESS_READ,
  read_write: Access.ACCESS_READ_WRITE,
  adapter: Access.ACCESS_ADAPTER,
  admin: Access.ACCESS_ADMIN,
} satisfies Record<AccessLevel, Access>;

export function accessFromProto(access: Access | undefined): AccessLevel {
  const level = (Object.keys(ACCESS_TO_PROTO) as AccessLevel[]).find((name) => ACCESS_TO_PROTO[name] === access);
  if (!level) throw new InvalidValueError('access must be ACCESS_READ, ACCESS_READ_WRITE, ACCESS_ADAPTER or ACCESS_ADMIN.', 'access');
  return level;
}

/** A Duration in milliseconds; undefined when unset. */
export function durationMs(duration: Duration | undefined): number | undefined {
  return duration === undefined ? undefined : (duration.seconds ?? 0) * 1000 + Math.floor((duration.nanos ?? 0) / 1e6);
}

function state(record: { revoked?: Date; expires?: Date }, now: Date): CredentialState {
  if (record.revoked) return CredentialState.CREDENTIAL_STATE_REVOKED;
  return isActive(record, now) ? CredentialState.CREDENTIAL_STATE_ACTIVE : CredentialState.CREDENTIAL_STATE_EXPIRED;
}

export function tenantToProto(tenant: TenantRecord): Tenant {
  return { id: tenant.id, displayName: tenant.displayName, disabled: tenant.disabled, createTime: tenant.created, updateTime: tenant.updated };
}

export function tokenToProto(token: TokenRecord, now: Date): Token {
  return {
    id: token.id,
    tenantId: token.tenantId,
    // The bootstrap token is whatever string the operator chose: it has no prefix to search for.
    prefix: token.bootstrap ? '' : secretPrefix('token', token.id),
    description: token.description,
    createTime: token.created,
    expireTime: token.expires,
    lastUseTime: token.lastUsed,
    revokeTime: token.revoked,
    replacedByTokenId: token.replacedBy ?? '',
    bootstrap: token.bootstrap,
    state: state(token, now),
  };
}

export function credentialToProto(credential: CredentialRecord, now: Date): ServiceCredential {
  return {
    id: credential.id,
    prefix: secretPrefix('key', credential.id),
    description: credential.description,
    access: ACCESS_TO_PROTO[credential.access],
    tenantIds: credential.tenants,
    createTime: credential.created,
    expireTime: credential.expires,
    lastUseTime: credential.lastUsed,
    revokeTime: credential.revoked,
    bootstrap: credential.bootstrap,
    state: state(credential, now),
  };
}

export function auditEventToProto(event: AuditRecord): AuditEvent {
  return {
    id: event.id,
    tenantId: event.tenantId,
    time: event.time,
    actor: event.actor,
    credentialId: event.credentialId,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    attributes: event.attributes,
    outcome: event.outcome === 'success' ? AuditOutcome.AUDIT_OUTCOME_SUCCESS : AuditOutcome.AUDIT_OUTCOME_FAILURE,
    failureReason: event.failureReason ?? '',
    requestId: event.requestId,
    traceId: event.traceId ?? '',
    sourceAddress: event.sourceAddress ?? '',
  };
}
