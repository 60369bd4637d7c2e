import { createHash } from 'node:crypto';
import { BOOTSTRAP_TOKEN_ID, hashSecret, newId, newSecret, parseBearerToken, parseSecret, secretMatches, secretPrefix } from './secrets';

describe('tokens and service keys', () => {
  it('have a greppable prefix, a 12-character id and 32 random bytes, and are stored as the SHA-256 of the secret', () => {
    const token = newSecret('token');
    expect(token.presented).toMatch(/^scim_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(token.presented.startsWith(secretPrefix('token', token.id))).toBe(true);
    const secret = token.presented.slice(secretPrefix('token', token.id).length);
    expect(token.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(token.secretHash).not.toContain(secret);
    expect(newSecret('key').presented).toMatch(/^sk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
  });

  it('parse back into the id and the hash of the secret, and only in their own form', () => {
    const key = newSecret('key');
    expect(parseSecret('key', key.presented)).toEqual({ id: key.id, secretHash: key.secretHash });
    expect(parseSecret('token', key.presented)).toBeUndefined();
    expect(parseSecret('key', `${key.presented}x`)).toBeUndefined();
    expect(parseSecret('key', `sk_short_${'a'.repeat(43)}`)).toBeUndefined();
  });

  it('read any other bearer token of 16 characters or more as the bootstrap token', () => {
    expect(parseBearerToken('a-bootstrap-token-of-some-length')).toEqual({ id: BOOTSTRAP_TOKEN_ID, secretHash: hashSecret('a-bootstrap-token-of-some-length') });
    expect(parseBearerToken('too-short')).toBeUndefined();
    expect(parseBearerToken('scim_malformed')).toBeUndefined();
  });

  it('compare only equal hashes as matching, and never an absent one', () => {
    const token = newSecret('token');
    const presented = parseSecret('token', token.presented);
    expect(secretMatches(presented, token.secretHash)).toBe(true);
    expect(secretMatches(presented, newSecret('token').secretHash)).toBe(false);
    expect(secretMatches(presented, undefined)).toBe(false);
    expect(secretMatches(undefined, token.secretHash)).toBe(false);
    expect(secretMatches(presented, 'not hex')).toBe(false);
  });

  it('draw ids from all 62 characters', () => {
    const seen = new Set([...Array.from({ length: 200 }, () => newId()).join('')]);
    expect(seen.size).toBe(62);
  });
});
