/** Feed events as signed SETs for one receiver: its audience, and full or notice events. */
import type { SchemaRegistry } from '../../scim/schema/registry';
import type { FeedEvent } from '../change-event';
import type { ReceiverSettings } from '../event-store';
import { renderSnapshot } from '../event-proto';
import type { JwsSigner } from './jws';
import { encodeSet, setClaims } from './security-event-token';

export class SetEncoder {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly signer: JwsSigner,
    private readonly issuer: string,
  ) {}

  encode(event: FeedEvent, receiver: Pick<ReceiverSettings, 'audience' | 'full'>): string {
    const snapshot = receiver.full ? renderSnapshot(this.registry, event) : undefined;
    return encodeSet(this.signer, setClaims(event, snapshot, { issuer: this.issuer, audience: receiver.audience, full: receiver.full }));
  }
}
