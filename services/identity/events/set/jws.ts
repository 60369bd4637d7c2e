/**
 * JWS compact serialization (RFC 7515 §7.1) with node:crypto: RS256, ES256 and ES384
 * with a private key, HS256 with a shared secret (RFC 7518 §3), or an unsecured JWS
 * (`alg: none`, RFC 7515 Appendix A.5, RFC 7519 §6) when no key is configured. The
 * algorithm follows from the key, never from configuration, so a key cannot be used
 * with an algorithm it was not made for.
 */
import { createHash, createHmac, createPublicKey, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

export type JwsAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'HS256' | 'none';

export interface JwsSigner {
  readonly alg: JwsAlgorithm;
  /** The key id sent in the header (RFC 7515 §4.1.4), if any. */
  readonly kid?: string;
  /** The compact serialization of `payload` with these extra header parameters. */
  sign(payload: object, header?: Record<string, string>): string;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** What an EC key's curve signs with; RFC 7518 §3.4 ties each curve to one algorithm. */
const EC_ALGORITHMS: Record<string, { alg: JwsAlgorithm; hash: string }> = {
  prime256v1: { alg: 'ES256', hash: 'sha256' },
  secp384r1: { alg: 'ES384', hash: 'sha384' },
};

function signingInput(alg: JwsAlgorithm, kid: string | undefined, payload: object, header: Record<string, string>): string {
  const protectedHeader = { alg, ...(kid ? { kid } : {}), ...header };
  return `${base64url(JSON.stringify(protectedHeader))}.${base64url(JSON.stringify(payload))}`;
}

/** RFC 7638: the SHA-256 thumbprint of a public key's required JWK members, a stable key id. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/** A signer for an RSA or EC private key; an Error for any other kind of key. */
export function privateKeySigner(key: KeyObject, kid: string = jwkThumbprint(createPublicKey(key))): JwsSigner {
  if (key.asymmetricKeyType === 'rsa') {
    return { alg: 'RS256', kid, sign: (payload, header = {}) => withSignature(signingInput('RS256', kid, payload, header), (input) => sign('sha256', input, key)) };
  }
  const curve = key.asymmetricKeyType === 'ec' ? EC_ALGORITHMS[String(key.asymmetricKeyDetails?.namedCurve)] : undefined;
  if (!curve) throw new Error('The signing key must be an RSA key, or an EC key on P-256 or P-384.');
  // JWS wants ECDSA signatures as r || s (RFC 7518 §3.4), not DER.
  return {
    alg: curve.alg,
    kid,
    sign: (payload, header = {}) => withSignature(signingInput(curve.alg, kid, payload, header), (input) => sign(curve.hash, input, { key, dsaEncoding: 'ieee-p1363' })),
  };
}

/** HS256 with a shared secret; RFC 7518 §3.2 wants a key at least as long as the hash (32 bytes). */
export function secretSigner(secret: Buffer, kid?: string): JwsSigner {
  if (secret.length < 32) throw new Error('An HS256 signing secret must be at least 32 bytes long.');
  return { alg: 'HS256', kid, sign: (payload, header = {}) => withSignature(signingInput('HS256', kid, payload, header), (input) => createHmac('sha256', secret).update(input).digest()) };
}

/** An unsecured JWS: no signature, for when no key is configured (README). */
export const unsecuredSigner: JwsSigner = { alg: 'none', sign: (payload, header = {}) => `${signingInput('none', undefined, payload, header)}.` };

function withSignature(input: string, signature: (input: Buffer) => Buffer): string {
  return `${input}.${signature(Buffer.from(input)).toString('base64url')}`;
}

export interface VerifiedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/**
 * Verifies a compact JWS with a public key (RS256, ES256, ES384) or a shared secret
 * (HS256) and returns its header and payload; throws if the signature does not verify
 * or the algorithm does not match the key. For receivers and tests: the service only signs.
 */
export function verifyJws(token: string, key: KeyObject | Buffer): VerifiedJws {
  const [encodedHeader, encodedPayload, encodedSignature] = token.split('.');
  if (encodedHeader === undefined || encodedPayload === undefined || encodedSignature === undefined) throw new Error('Not a JWS in compact serialization.');
  const header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as Record<string, unknown>;
  const input = Buffer.from(`${encodedHeader}.${encodedPayload}`);
  const signature = Buffer.from(encodedSignature, 'base64url');
  let valid: boolean;
  if (Buffer.isBuffer(key)) {
    const expected = createHmac('sha256', key).update(input).digest();
    valid = header.alg === 'HS256' && expected.length === signature.length && timingSafeEqual(expected, signature);
  } else if (key.asymmetricKeyType === 'rsa') {
    valid = header.alg === 'RS256' && verify('sha256', input, key, signature);
  } else {
    const curve = EC_ALGORITHMS[String(key.asymmetricKeyDetails?.namedCurve)];
    valid = curve !== undefined && header.alg === curve.alg && verify(curve.hash, input, { key, dsaEncoding: 'ieee-p1363' }, signature);
  }
  if (!valid) throw new Error('The JWS signature does not verify with this key.');
  return { header, payload: JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as Record<string, unknown> };
}
