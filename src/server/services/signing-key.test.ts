import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { opensslVerifies } from '../test-support/openssl-ed25519.ts';
import { makeTempDir } from '../test-support/test-app.ts';
import { loadOrCreateVerificationKey } from './seed-vault.ts';
import { describePublicKey, loadOrCreateSigningKey, parsePublicKey, verifySignature } from './signing-key.ts';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateSigningKey', () => {
  it('creates an Ed25519 key file with mode 0600 on first use, and reads the same key afterwards', () => {
    const file = join(dir, 'keys', 'signing-key.pem');
    const first = loadOrCreateSigningKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(first.algorithm).toBe('Ed25519');
    expect(first.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(loadOrCreateSigningKey(file).fingerprint).toBe(first.fingerprint);
  });

  it('signs so that openssl, not only node:crypto, accepts it', () => {
    const key = loadOrCreateSigningKey(join(dir, 'signing-key.pem'));
    const signature = Buffer.from(key.sign('Gala night: ticket T-0001 wins'), 'base64');
    expect(opensslVerifies(key.publicKey, Buffer.from('Gala night: ticket T-0001 wins'), signature)).toBe(
      true,
    );
    expect(opensslVerifies(key.publicKey, Buffer.from('Gala night: ticket T-0002 wins'), signature)).toBe(
      false,
    );
    const publicKey = parsePublicKey(key.publicKey);
    expect(verifySignature(publicKey, 'Gala night: ticket T-0001 wins', signature.toString('base64'))).toBe(
      true,
    );
    expect(verifySignature(publicKey, 'Gala night: ticket T-0001 wins', 'not base64!')).toBe(false);
  });

  it('refuses a key file that is not an Ed25519 key, naming the file', () => {
    const file = join(dir, 'rsa.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadOrCreateSigningKey(file)).toThrow(`${file}: the signing key must be Ed25519, not rsa`);
    writeFileSync(file, 'garbage');
    expect(() => loadOrCreateSigningKey(file)).toThrow(`${file}: not a PEM private key`);
  });

  it('says in words why a key file cannot be read or made, naming the file and its setting', () => {
    // A folder where the file should be (EISDIR: Node's message names no file).
    expect(() => loadOrCreateSigningKey(dir)).toThrow(
      `${dir}: cannot read it: it is a folder (EISDIR). It is the signing key: set SIGNING_KEY_FILE`,
    );
    // A file where its folder should be.
    const notAFolder = join(dir, 'data');
    writeFileSync(notAFolder, '');
    const file = join(notAFolder, 'signing-key.pem');
    expect(() => loadOrCreateSigningKey(file)).toThrow(
      `${file}: cannot read it: a part of its path is a file, not a folder (ENOTDIR)`,
    );
    expect(() => loadOrCreateVerificationKey(join(notAFolder, 'keys', 'verification.key'))).toThrow(
      /a part of its path is a file, not a folder \(ENOTDIR\)\. It is the verification key: set VERIFICATION_KEY_FILE/,
    );
  });

  it('fingerprints the DER SPKI, as anyone can recompute it', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const described = describePublicKey(publicKey);
    const der = Buffer.from(
      described.publicKey.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
      'base64',
    );
    expect(described.fingerprint).toBe(`sha256:${createHash('sha256').update(der).digest('hex')}`);
  });
});
