/**
 * A feed event as a SCIM Security Event Token: the claims of RFC 8417 §2.2 with the
 * SCIM subject and event types of RFC 9967. One SET per event, so that its `jti`
 * names one position and a SET re-delivered after a failure is the same SET.
 *
 * The event type URIs are RFC 9967's, as published (lower-case `scim`; drafts up to
 * -07 wrote `SCIM`): §2.4.1 create, §2.4.2 patch, §2.4.3 put, §2.4.4 delete, §2.4.5
 * activate, §2.4.6 deactivate. A `full` event carries `data`, a `notice` event only
 * `attributes` (§2.4: exactly one of the two).
 */
import type { ScimJson } from '../../scim/resource/scim-json';
import { formatVersion } from '../../scim/versions';
import type { FeedEvent } from '../change-event';
import type { JwsSigner } from './jws';

export const SCIM_EVENT_URIS = {
  createFull: 'urn:ietf:params:scim:event:prov:create:full',
  createNotice: 'urn:ietf:params:scim:event:prov:create:notice',
  patchNotice: 'urn:ietf:params:scim:event:prov:patch:notice',
  putFull: 'urn:ietf:params:scim:event:prov:put:full',
  putNotice: 'urn:ietf:params:scim:event:prov:put:notice',
  delete: 'urn:ietf:params:scim:event:prov:delete',
  activate: 'urn:ietf:params:scim:event:prov:activate',
  deactivate: 'urn:ietf:params:scim:event:prov:deactivate',
} as const;

/** RFC 8417 §2.3: the `typ` header of a SET. */
export const SET_TYP = 'secevent+jwt';
/** RFC 8935 §2: the media type of a pushed SET. */
export const SET_MEDIA_TYPE = 'application/secevent+jwt';

export interface SetClaims {
  iss: string;
  iat: number;
  jti: string;
  aud: string;
  /** RFC 8417 §2.2: the transaction the event belongs to, the request id of the change. */
  txn: string;
  /** RFC 8417 §2.2: when the change took effect. */
  toe: number;
  /** RFC 9967 §2.1: the resource, by its path relative to the SCIM base URL. */
  sub_id: { format: 'scim'; uri: string; externalId?: string };
  events: Record<string, Record<string, unknown>>;
}

export interface SetAddress {
  issuer: string;
  audience: string;
  /** Whether create and put events carry the resource (`full`) rather than attribute names (`notice`). */
  full: boolean;
}

/** The `jti` of an event's SET: unique per issuer, and the position it names can be read back (RFC 8936 acks). */
export function jtiOf(event: Pick<FeedEvent, 'tenant' | 'position'>): string {
  return `${event.tenant}:${event.position}`;
}

/** The tenant and position a `jti` of jtiOf names, or undefined if it is no such jti. */
export function parseJti(jti: string): { tenant: string; position: number } | undefined {
  const match = /^([A-Za-z0-9._-]{1,64}):([1-9][0-9]{0,15})$/.exec(jti);
  return match ? { tenant: match[1], position: Number(match[2]) } : undefined;
}

const seconds = (time: Date) => Math.floor(time.getTime() / 1000);

/**
 * The events claim. A PATCH is always a notice: its `full` form carries the PATCH
 * request (RFC 9967 §2.4.2, RFC 7644 §3.7 `data`), which may hold a password that the
 * service never keeps. Activation rides along as a second event of the same change.
 */
function eventsClaim(event: FeedEvent, data: ScimJson | undefined, full: boolean): SetClaims['events'] {
  const version = formatVersion(event.resourceVersion);
  const changed = (fullUri: string | undefined, noticeUri: string) =>
    full && fullUri && data ? { [fullUri]: { data, version } } : { [noticeUri]: { attributes: event.attributes, version } };
  const events: SetClaims['events'] =
    event.operation === 'create'
      ? changed(SCIM_EVENT_URIS.createFull, SCIM_EVENT_URIS.createNotice)
      : event.operation === 'replace'
        ? changed(SCIM_EVENT_URIS.putFull, SCIM_EVENT_URIS.putNotice)
        : event.operation === 'patch'
          ? changed(undefined, SCIM_EVENT_URIS.patchNotice)
          : { [SCIM_EVENT_URIS.delete]: {} };
  if (event.activation === 'activated') events[SCIM_EVENT_URIS.activate] = {};
  if (event.activation === 'deactivated') events[SCIM_EVENT_URIS.deactivate] = {};
  return events;
}

/** `data` of a full event: the resource as a SCIM request body would carry it (no id, no meta). */
function dataOf(snapshot: ScimJson | undefined): ScimJson | undefined {
  if (!snapshot) return undefined;
  const { id: _id, meta: _meta, ...data } = snapshot;
  return data;
}

export function setClaims(event: FeedEvent, snapshot: ScimJson | undefined, address: SetAddress): SetClaims {
  const externalId = typeof event.snapshot?.externalId === 'string' ? event.snapshot.externalId : undefined;
  return {
    iss: address.issuer,
    iat: seconds(event.time),
    jti: jtiOf(event),
    aud: address.audience,
    txn: event.requestId,
    toe: seconds(event.time),
    sub_id: { format: 'scim', uri: `/${event.resourceType === 'User' ? 'Users' : 'Groups'}/${event.resourceId}`, ...(externalId ? { externalId } : {}) },
    events: eventsClaim(event, dataOf(snapshot), address.full),
  };
}

/** The SET in JWS compact serialization. `iat` is the change's time, so a re-delivered SET is the same SET. */
export function encodeSet(signer: JwsSigner, claims: SetClaims): string {
  return signer.sign(claims, { typ: SET_TYP });
}
