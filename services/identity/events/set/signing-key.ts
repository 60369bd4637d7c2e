/**
 * The SET signing key from EVENTS_SIGNING_KEY_FILE: a PEM private key (RSA → RS256, EC
 * P-256 → ES256, P-384 → ES384), or any other content as an HS256 shared secret of at
 * least 32 bytes. No file: SETs are unsecured JWTs (`alg: none`).
 */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import { privateKeySigner, secretSigner, unsecuredSigner, type JwsSigner } from './jws';

export function loadSigner(keyFile: string | undefined, keyId: string | undefined): JwsSigner {
  if (!keyFile) return unsecuredSigner;
  const content = fs.readFileSync(keyFile);
  if (content.includes('-----BEGIN')) return privateKeySigner(createPrivateKey(content), keyId);
  return secretSigner(content, keyId);
}
