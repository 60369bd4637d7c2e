/**
 * Audit event ids that sort in the order events were recorded: 48 bits of
 * milliseconds and 80 random bits in Crockford base32 (the ULID layout), so that
 * "newest first" and paging are an index walk on the id in every store. Within one
 * millisecond a process increments the random part, so its own events keep their order.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_MAX = (1n << 80n) - 1n;

let lastTime = -1;
let lastRandom = 0n;

function encode(value: bigint, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    text = ALPHABET[Number(value & 31n)] + text;
    value >>= 5n;
  }
  return text;
}

export function newAuditId(time: Date): string {
  let millis = time.getTime();
  if (millis <= lastTime && lastRandom < RANDOM_MAX) {
    millis = lastTime;
    lastRandom += 1n;
  } else {
    lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`);
  }
  lastTime = millis;
  return encode(BigInt(millis), 10) + encode(lastRandom, 16);
}
