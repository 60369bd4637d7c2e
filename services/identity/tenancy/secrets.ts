/**
 * SCIM bearer tokens (`scim_<id>_<secret>`) and service API keys (`sk_<id>_<secret>`).
 *
 * The id (12 base62 characters, about 71 bits) names the record, so a token is found
 * by a key lookup rather than by trying hashes, and a leaked token found in a log or
 * a repository names the record to revoke; the fixed prefix makes leaks greppable
 * (and recognisable to secret scanners). The secret is 32 random bytes (base64url),
 * so a single fast SHA-256 is the right hash: slow password hashes exist to stretch
 * guessable secrets, and 256 random bits cannot be guessed, however fast the hash.
 * Only the hash is stored; comparisons are constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type SecretKind = 'token' | 'key';

const PREFIX: Record<SecretKind, string> = { token: 'scim', key: 'sk' };
const ID_LENGTH = 12;
const SECRET_BYTES = 32;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** base64url of 32 bytes, unpadded. */
const SECRET_PATTERN = '[A-Za-z0-9_-]{43}';
const FORMAT: Record<SecretKind, RegExp> = {
  token: new RegExp(`^scim_([A-Za-z0-9]{${ID_LENGTH}})_(${SECRET_PATTERN})$`),
  key: new RegExp(`^sk_([A-Za-z0-9]{${ID_LENGTH}})_(${SECRET_PATTERN})$`),
};

export const ID_PATTERN = new RegExp(`^[A-Za-z0-9]{${ID_LENGTH}}$`);

/**
 * The id under which SCIM_BOOTSTRAP_TOKEN is stored. That token is any string the
 * operator chose, with no id inside it, so a token that is not in the `scim_` form is
 * looked up under this id; there is only ever one such token.
 */
export const BOOTSTRAP_TOKEN_ID = 'bootstrap';

/** The shortest SCIM_BOOTSTRAP_TOKEN accepted: shorter ones would be guessable. */
export const MIN_BOOTSTRAP_TOKEN_LENGTH = 16;

export interface NewSecret {
  id: string;
  /** The whole string to hand over once: `<prefix>_<id>_<secret>`. */
  presented: string;
  /** What is stored. */
  secretHash: string;
}

/** A presented secret, split: the id to look up and the hash to compare. */
export interface PresentedSecret {
  id: string;
  secretHash: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A random base62 id, without modulo bias (bytes from 248 up are drawn again). */
export function newId(length = ID_LENGTH): string {
  let id = '';
  while (id.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && id.length < length) id += BASE62[byte % 62];
    }
  }
  return id;
}

export function newSecret(kind: SecretKind): NewSecret {
  const id = newId();
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { id, presented: `${PREFIX[kind]}_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** What every use of the secret with this id starts with, e.g. `scim_Ab12Cd34Ef56_`. */
export function secretPrefix(kind: SecretKind, id: string): string {
  return `${PREFIX[kind]}_${id}_`;
}

/** Splits a string in the `kind`'s form; undefined if it is not in that form. */
export function parseSecret(kind: SecretKind, presented: string): PresentedSecret | undefined {
  const match = FORMAT[kind].exec(presented);
  return match ? { id: match[1], secretHash: hashSecret(match[2]) } : undefined;
}

/**
 * A SCIM bearer token as presented: an issued one by its id, anything else as the
 * bootstrap token; undefined for what can be neither.
 */
export function parseBearerToken(presented: string): PresentedSecret | undefined {
  if (presented.startsWith('scim_')) return parseSecret('token', presented);
  if (presented.length < MIN_BOOTSTRAP_TOKEN_LENGTH || presented.length > 1024) return undefined;
  return { id: BOOTSTRAP_TOKEN_ID, secretHash: hashSecret(presented) };
}

/** A hash that matches no secret, compared when there is nothing to compare, so that a miss costs what a hit costs. */
const NO_MATCH = hashSecret(randomBytes(SECRET_BYTES).toString('base64url'));

/** Constant-time comparison of a presented hash with a stored one; false when either is absent. */
export function secretMatches(presented: PresentedSecret | undefined, storedHash: string | undefined): boolean {
  const given = Buffer.from(presented?.secretHash ?? NO_MATCH, 'hex');
  const stored = Buffer.from(storedHash ?? NO_MATCH, 'hex');
  const equal = given.length === stored.length && timingSafeEqual(given, stored);
  return equal && presented !== undefined && storedHash !== undefined;
}
