import type { FeedEvent } from '../change-event';
import { jtiOf, parseJti, SCIM_EVENT_URIS, setClaims } from './security-event-token';

const event = (extra: Partial<FeedEvent> = {}): FeedEvent => ({
  tenant: 'acme',
  position: 42,
  resourceType: 'User',
  resourceId: '2819c223',
  resourceVersion: 3,
  operation: 'create',
  attributes: ['userName', 'active'],
  actor: 'token:Ab12Cd34Ef56',
  requestId: 'req-7',
  time: new Date('2026-03-04T05:06:07.890Z'),
  snapshot: { userName: 'bjensen', externalId: 'bj', active: true },
  ...extra,
});
const address = { issuer: 'https://scim.example.com', audience: 'https://receiver.example.com/events', full: false };
const snapshot = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '2819c223', userName: 'bjensen', meta: { version: 'W/"3"' } };

describe('RFC 8417 §2.2 SET claims', () => {
  it('names the issuer, audience, time, transaction and a jti per position', () => {
    const claims = setClaims(event(), undefined, address);
    expect(claims).toMatchObject({ iss: address.issuer, aud: address.audience, iat: 1772600767, toe: 1772600767, txn: 'req-7', jti: 'acme:42' });
    expect(parseJti(jtiOf(event()))).toEqual({ tenant: 'acme', position: 42 });
    expect(parseJti('acme:0')).toBeUndefined();
    expect(parseJti('not a jti')).toBeUndefined();
  });
});

describe('RFC 9967 SCIM events', () => {
  it('§2.1: the subject is the resource path, with its externalId', () => {
    expect(setClaims(event(), undefined, address).sub_id).toEqual({ format: 'scim', uri: '/Users/2819c223', externalId: 'bj' });
    expect(setClaims(event({ resourceType: 'Group', snapshot: undefined }), undefined, address).sub_id).toEqual({ format: 'scim', uri: '/Groups/2819c223' });
  });

  it('§2.4.1: a create is a notice with attribute names, or full with the resource as data (no id, no meta)', () => {
    expect(setClaims(event(), undefined, address).events).toEqual({ [SCIM_EVENT_URIS.createNotice]: { attributes: ['userName', 'active'], version: 'W/"3"' } });
    expect(setClaims(event(), snapshot, { ...address, full: true }).events).toEqual({
      'urn:ietf:params:scim:event:prov:create:full': { data: { schemas: snapshot.schemas, userName: 'bjensen' }, version: 'W/"3"' },
    });
  });

  it('§2.4.2, §2.4.3, §2.4.5, §2.4.6: a patch is always a notice; a put may be full; activation rides along', () => {
    const patched = setClaims(event({ operation: 'patch', activation: 'deactivated', attributes: ['active'] }), snapshot, { ...address, full: true });
    expect(patched.events).toEqual({
      'urn:ietf:params:scim:event:prov:patch:notice': { attributes: ['active'], version: 'W/"3"' },
      'urn:ietf:params:scim:event:prov:deactivate': {},
    });
    const put = setClaims(event({ operation: 'replace', activation: 'activated' }), snapshot, { ...address, full: true });
    expect(Object.keys(put.events)).toEqual(['urn:ietf:params:scim:event:prov:put:full', 'urn:ietf:params:scim:event:prov:activate']);
  });

  it('§2.4.4: a delete', () => {
    expect(setClaims(event({ operation: 'delete', snapshot: undefined }), undefined, address).events).toEqual({ 'urn:ietf:params:scim:event:prov:delete': {} });
  });
});
