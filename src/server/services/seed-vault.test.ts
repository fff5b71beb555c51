import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedCommitment } from '../../core/index.ts';
import { makeTempDir } from '../test-support/test-app.ts';
import { createSeedVault, loadOrCreateVerificationKey } from './seed-vault.ts';

const SEED = '0123456789abcdef'.repeat(4);
const COMMITMENT = seedCommitment(SEED);
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function keyFile(): string {
  const dir = makeTempDir('prizewheel-key-');
  dirs.push(dir);
  return join(dir, 'nested', 'verification.key');
}

describe('loadOrCreateVerificationKey', () => {
  it('creates the key file once, readable by its owner only, and reads the same key afterwards', () => {
    const file = keyFile();
    const key = loadOrCreateVerificationKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateVerificationKey(file).equals(key)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(key.toString('hex'));
  });
});

describe('createSeedVault', () => {
  it('seals a seed so that the stored form does not contain it, and opens it again with the same key', () => {
    const vault = createSeedVault(loadOrCreateVerificationKey(keyFile()));
    const stored = vault.seal(SEED, COMMITMENT);
    expect(stored).toMatch(/^aes256gcm:/);
    expect(stored).not.toContain(SEED);
    expect(vault.open(stored, COMMITMENT)).toBe(SEED);
  });

  it('refuses another key (verification_key_mismatch) and a sealed seed moved to another commitment', () => {
    const stored = createSeedVault(loadOrCreateVerificationKey(keyFile())).seal(SEED, COMMITMENT);
    const other = createSeedVault(loadOrCreateVerificationKey(keyFile()));
    expect(() => other.open(stored, COMMITMENT)).toThrow(
      expect.objectContaining({ code: 'verification_key_mismatch' }),
    );
    const same = createSeedVault(loadOrCreateVerificationKey(keyFile()));
    expect(() => same.open(same.seal(SEED, COMMITMENT), 'f'.repeat(64))).toThrow();
  });

  it('still reads a seed stored in clear by an older release', () => {
    const vault = createSeedVault(loadOrCreateVerificationKey(keyFile()));
    expect(vault.open(SEED, COMMITMENT)).toBe(SEED);
    expect(() => vault.open(SEED, 'f'.repeat(64))).toThrow();
  });
});
