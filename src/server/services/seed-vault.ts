// Unrevealed verifiable seeds are stored sealed (AES-256-GCM) with a key kept outside the database,
// so a database copy or a `prizewheel backup` file alone does not tell an open epoch's seed.
// The key is a file (VERIFICATION_KEY_FILE, default DATA_DIR/verification.key) made on first start;
// instances sharing one PostgreSQL database must share it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { isSeedHex, seedCommitment } from '../../core/index.ts';
import { AppError } from '../errors.ts';
import { readOrCreateKeyFile } from './key-file.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_PREFIX = 'aes256gcm:';

export interface SeedVault {
  /** The stored form of a fresh seed, bound to its commitment. */
  seal(seedHex: string, commitment: string): string;
  /** The seed of a stored form (sealed, or plain hex from before sealing); checked against the commitment. */
  open(stored: string, commitment: string): string;
}

/** Reads the key file, or creates it (0600, 32 random bytes as hex) when it does not exist. */
export function loadOrCreateVerificationKey(file: string): Buffer {
  const text = readOrCreateKeyFile(
    { file, what: 'the verification key', setting: 'VERIFICATION_KEY_FILE' },
    () => `${randomBytes(KEY_BYTES).toString('hex')}\n`,
  );
  return parseKey(text, file);
}

function parseKey(text: string, file: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new Error(`${file}: a verification key is 64 hex digits (32 bytes)`);
  return Buffer.from(hex, 'hex');
}

export function createSeedVault(key: Buffer): SeedVault {
  if (key.length !== KEY_BYTES) throw new RangeError('a verification key is 32 bytes');
  return {
    seal(seedHex, commitment) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(commitment, 'utf8'));
      const sealed = Buffer.concat([cipher.update(Buffer.from(seedHex, 'hex')), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
    },
    open(stored, commitment) {
      const seed = stored.startsWith(SEALED_PREFIX) ? unseal(key, stored, commitment) : stored;
      if (!isSeedHex(seed) || seedCommitment(seed) !== commitment)
        throw new AppError('internal_error', 'The stored seed does not match its commitment');
      return seed;
    },
  };
}

function unseal(key: Buffer, stored: string, commitment: string): string {
  const bytes = Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES))
      .setAAD(Buffer.from(commitment, 'utf8'))
      .setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'hex',
    );
  } catch {
    // NOTE: most likely another instance's key file: instances sharing a database share the key.
    throw new AppError(
      'verification_key_mismatch',
      "This server cannot open the open epoch's seed: its verification key file differs from the one that sealed it",
    );
  }
}
