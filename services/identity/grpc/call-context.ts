/**
 * What every call carries in its metadata. The tenant is named by `x-tenant-id`
 * (DESIGN.md: tenancy travels in call metadata, so ids stay bare SCIM ids).
 */
import type { Metadata } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { UnauthenticatedError } from '../errors/scim-errors';

export const TENANT_METADATA_KEY = 'x-tenant-id';
export const REQUEST_ID_METADATA_KEY = 'x-request-id';

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export interface CallContext {
  tenant: string;
  requestId: string;
}

export function requestIdOf(metadata: Metadata): string {
  const given = metadata.get(REQUEST_ID_METADATA_KEY)[0];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function callContext(metadata: Metadata, requestId: string): CallContext {
  const tenant = metadata.get(TENANT_METADATA_KEY)[0];
  if (typeof tenant !== 'string' || !TENANT_ID.test(tenant)) {
    throw new UnauthenticatedError(`Every call must name its tenant in the ${TENANT_METADATA_KEY} metadata.`);
  }
  return { tenant, requestId };
}
