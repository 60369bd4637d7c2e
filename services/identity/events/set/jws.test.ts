import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jwkThumbprint, privateKeySigner, secretSigner, unsecuredSigner, verifyJws } from './jws';
import { loadSigner } from './signing-key';

const payload = { iss: 'https://issuer.example', jti: 'acme:1' };

describe('RFC 7515 JWS compact serialization', () => {
  it.each([
    ['RS256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['ES384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' })],
  ])('signs with %s, the algorithm the key is for, and verifies with its public key', (alg, keys) => {
    const { privateKey, publicKey } = keys();
    const signer = privateKeySigner(privateKey);
    const token = signer.sign(payload, { typ: 'secevent+jwt' });
    expect(verifyJws(token, publicKey)).toEqual({ header: { alg, kid: jwkThumbprint(publicKey), typ: 'secevent+jwt' }, payload });
    const [header, body] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...payload, jti: 'acme:2' })).toString('base64url')}.${token.split('.')[2]}`;
    expect(() => verifyJws(forged, publicKey)).toThrow();
    expect(body).toBe(Buffer.from(JSON.stringify(payload)).toString('base64url'));
  });

  it('RFC 7518 §3.4: an ES256 signature is r || s (64 bytes), not DER', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(Buffer.from(privateKeySigner(privateKey).sign(payload).split('.')[2], 'base64url')).toHaveLength(64);
  });

  it('RFC 7518 §3.2: HS256 needs a secret of 32 bytes or more, and a verifier with the same secret', () => {
    expect(() => secretSigner(randomBytes(16))).toThrow();
    const secret = randomBytes(32);
    const token = secretSigner(secret, 'shared-1').sign(payload);
    expect(verifyJws(token, secret).header).toEqual({ alg: 'HS256', kid: 'shared-1' });
    expect(() => verifyJws(token, randomBytes(32))).toThrow();
  });

  it('RFC 7519 §6: an unsecured JWT has alg none and an empty signature', () => {
    const [header, body, signature] = unsecuredSigner.sign(payload, { typ: 'secevent+jwt' }).split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'none', typ: 'secevent+jwt' });
    expect(JSON.parse(Buffer.from(body, 'base64url').toString())).toEqual(payload);
    expect(signature).toBe('');
  });

  it('refuses a key of another kind, and a verifier whose key does not match the algorithm', () => {
    expect(() => privateKeySigner(generateKeyPairSync('ed25519').privateKey)).toThrow(/RSA key, or an EC key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => verifyJws(privateKeySigner(rsa.privateKey).sign(payload), ec.publicKey)).toThrow();
  });
});

describe('EVENTS_SIGNING_KEY_FILE', () => {
  const file = (content: string | Buffer) => {
    const at = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openscim-key-')), 'key');
    fs.writeFileSync(at, content);
    return at;
  };

  it('reads a PEM private key as RS256 or ES256, anything else as an HS256 secret, and nothing as unsecured', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect(loadSigner(file(rsa), undefined).alg).toBe('RS256');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' });
    expect(loadSigner(file(ec), 'key-2026')).toMatchObject({ alg: 'ES256', kid: 'key-2026' });
    expect(loadSigner(file(randomBytes(48)), undefined).alg).toBe('HS256');
    expect(loadSigner(undefined, undefined).alg).toBe('none');
  });
});
