/**
 * The rich error details a failed call carries (CONTRACT-SKETCH "How SCIM errors
 * travel"): a google.rpc.Status in the `grpc-status-details-bin` trailer, whose
 * details always include an ErrorInfo. The service encodes, the adapter decodes;
 * both sides use this one module so the format lives in one place.
 */
import { Metadata } from '@grpc/grpc-js';
import { Duration } from '../../../proto/gen/google/protobuf/duration';
import { BadRequest, ErrorInfo, PreconditionFailure, RetryInfo } from '../../../proto/gen/google/rpc/error_details';
import { Status } from '../../../proto/gen/google/rpc/status';

export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
export const ERROR_DOMAIN = 'identity.openscim.dev';

const TYPE_PREFIX = 'type.googleapis.com/google.rpc.';

export interface StatusDetails {
  code: number;
  detail: string;
  reason: string;
  scimType?: string;
  attribute?: string;
  retryAfterSeconds?: number;
  /** For ETAG_MISMATCH: the resource's current version. */
  currentVersion?: string;
}

export function encodeStatusDetails(details: StatusDetails): Metadata {
  const trailer = new Metadata();
  trailer.set(STATUS_DETAILS_KEY, Buffer.from(Status.encode(toRpcStatus(details)).finish()));
  return trailer;
}

/** The google.rpc.Status of a failure: what the trailer carries, and what a failed bulk or import item carries inline. */
export function toRpcStatus(details: StatusDetails): Status {
  const metadata: Record<string, string> = {};
  if (details.scimType) metadata.scimType = details.scimType;
  if (details.attribute) metadata.attribute = details.attribute;
  const any = [pack('ErrorInfo', ErrorInfo.encode({ reason: details.reason, domain: ERROR_DOMAIN, metadata }).finish())];
  if (details.attribute && details.scimType !== 'uniqueness') {
    const violation = { field: details.attribute, description: details.detail };
    any.push(pack('BadRequest', BadRequest.encode({ fieldViolations: [violation] }).finish()));
  }
  if (details.currentVersion) {
    const violation = { type: 'ETAG', subject: details.currentVersion, description: details.detail };
    any.push(pack('PreconditionFailure', PreconditionFailure.encode({ violations: [violation] }).finish()));
  }
  if (details.retryAfterSeconds !== undefined) {
    const retryDelay: Duration = { seconds: details.retryAfterSeconds, nanos: 0 };
    any.push(pack('RetryInfo', RetryInfo.encode({ retryDelay }).finish()));
  }
  return { code: details.code, message: details.detail, details: any };
}

/** Reads the details of a failed call; undefined if it carries none (the failure did not come from our service). */
export function decodeStatusDetails(metadata: Metadata | undefined): StatusDetails | undefined {
  const raw = metadata?.get(STATUS_DETAILS_KEY)[0];
  if (!(raw instanceof Buffer)) return undefined;
  try {
    return fromRpcStatus(Status.decode(raw));
  } catch {
    return undefined;
  }
}

/** Reads a google.rpc.Status; throws if one of its details is malformed. */
export function fromRpcStatus(status: Status): StatusDetails {
  const result: StatusDetails = { code: status.code ?? 0, detail: status.message ?? '', reason: '' };
  for (const detail of status.details ?? []) {
    const value = detail.value ?? Buffer.alloc(0);
    switch (detail.typeUrl) {
      case `${TYPE_PREFIX}ErrorInfo`: {
        const info = ErrorInfo.decode(value);
        result.reason = info.reason ?? '';
        result.scimType = info.metadata?.scimType;
        result.attribute = info.metadata?.attribute;
        break;
      }
      case `${TYPE_PREFIX}RetryInfo`:
        result.retryAfterSeconds = Number(RetryInfo.decode(value).retryDelay?.seconds ?? 0);
        break;
      case `${TYPE_PREFIX}PreconditionFailure`:
        result.currentVersion = PreconditionFailure.decode(value).violations?.[0]?.subject;
        break;
    }
  }
  return result;
}

function pack(type: string, value: Uint8Array) {
  return { typeUrl: TYPE_PREFIX + type, value: Buffer.from(value) };
}
