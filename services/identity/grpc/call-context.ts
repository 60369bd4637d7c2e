/**
 * What every call carries in its metadata, and what the call guard (call-guard.ts)
 * makes of it. The tenant is named by `x-tenant-id` (DESIGN.md: tenancy travels in
 * call metadata, so ids stay bare SCIM ids); the caller proves who it is with a
 * service API key in `authorization`.
 */
import type { Metadata } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { AuditSource } from '../audit/audit-trail';
import { UnauthenticatedError } from '../errors/scim-errors';
import { TENANT_ID, type Principal } from '../tenancy/access';

export const TENANT_METADATA_KEY = 'x-tenant-id';
export const REQUEST_ID_METADATA_KEY = 'x-request-id';
/** `Bearer sk_<id>_<secret>`: the caller's service API key. */
export const AUTHORIZATION_METADATA_KEY = 'authorization';
/** The id of the SCIM token a call is made for; trusted only from credentials with ACCESS_ADAPTER. */
export const ACTOR_METADATA_KEY = 'x-actor';
/** The address of the IdP a call is made for; trusted only from credentials with ACCESS_ADAPTER. */
export const CLIENT_ADDRESS_METADATA_KEY = 'x-client-address';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Who is calling: the verified credential, and what the audit trail records about the call. */
export interface CallerContext {
  requestId: string;
  principal: Principal;
  audit: AuditSource;
  /** Aborted when the caller cancels the call or its deadline passes: long handlers (bulk/) stop then. */
  signal?: AbortSignal;
}

/** A call of a tenant-scoped service (users, groups, discovery, bulk, events). */
export interface CallContext extends CallerContext {
  tenant: string;
}

export function requestIdOf(metadata: Metadata): string {
  const given = metadata.get(REQUEST_ID_METADATA_KEY)[0];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function tenantOf(metadata: Metadata): string {
  const tenant = metadata.get(TENANT_METADATA_KEY)[0];
  if (typeof tenant !== 'string' || !TENANT_ID.test(tenant)) {
    throw new UnauthenticatedError(`Every call must name its tenant in the ${TENANT_METADATA_KEY} metadata.`);
  }
  return tenant;
}

/** The first value of a text metadata key. */
export function metadataText(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}
