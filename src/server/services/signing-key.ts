// The Ed25519 key that signs draw certificates (issue #19). Created on first start as a PKCS#8 PEM
// file with mode 0600 (DATA_DIR/signing-key.pem, or SIGNING_KEY_FILE); the public half is served at
// GET /api/signing-key. Anyone can check a certificate with the public key alone.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { PublicSigningKey } from '../../core/index.ts';
import { readOrCreateKeyFile } from './key-file.ts';

export const SIGNING_ALGORITHM = 'Ed25519';

export interface SigningKey extends PublicSigningKey {
  /** Base64 Ed25519 signature over the UTF-8 bytes of `text`. */
  sign(text: string): string;
  /** Base64 Ed25519 signature over `bytes` as they are (the certificate PDF). */
  signBytes(bytes: Uint8Array): string;
}

/** Reads the key file, or creates it (0600) when it does not exist. Throws naming the file when it cannot, or is not an Ed25519 key. */
export function loadOrCreateSigningKey(file: string): SigningKey {
  const pem = readOrCreateKeyFile({ file, what: 'the signing key', setting: 'SIGNING_KEY_FILE' }, () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  return signingKeyOf(pem, file);
}

function signingKeyOf(pem: string, file: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${file}: not a PEM private key`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `${file}: the signing key must be Ed25519, not ${privateKey.asymmetricKeyType ?? 'unknown'}`,
    );
  const publicKey = createPublicKey(privateKey);
  return {
    ...describePublicKey(publicKey),
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
    signBytes: (bytes) => sign(null, bytes, privateKey).toString('base64'),
  };
}

/** What GET /api/signing-key answers for a public key: algorithm, SPKI PEM, `sha256:` of the DER SPKI. */
export function describePublicKey(publicKey: KeyObject): PublicSigningKey {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    algorithm: SIGNING_ALGORITHM,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: `sha256:${createHash('sha256').update(der).digest('hex')}`,
  };
}

/** A well-formed key of another type than Ed25519. */
export class KeyTypeError extends Error {}

/** Reads a public key given as SPKI PEM (or a private key's PEM, whose public half is taken). */
export function parsePublicKey(pem: string): KeyObject {
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new KeyTypeError(`the key must be Ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/** Whether `signature` (base64) is the key's Ed25519 signature of the UTF-8 bytes of `text`. Never throws. */
export function verifySignature(publicKey: KeyObject, text: string, signature: string): boolean {
  return verifyBytesSignature(publicKey, Buffer.from(text, 'utf8'), signature);
}

/** Whether `signature` (base64) is the key's Ed25519 signature of `bytes`. Never throws. */
export function verifyBytesSignature(publicKey: KeyObject, bytes: Uint8Array, signature: string): boolean {
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
    return verify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
