import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from '../../server/services/signing-key.ts';
import { makeTempDir } from '../../server/test-support/test-app.ts';
import { backupSigningKey, restoreSigningKey, signingKeySidecarOf } from './signing-key-backup.ts';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the signing key in backup and restore', () => {
  it('travels next to the backup (0600) and is installed by restore, keeping the key it replaces', () => {
    const signingKeyFile = join(dir, 'signing-key.pem');
    const original = loadOrCreateSigningKey(signingKeyFile);
    const backupFile = join(dir, 'night.db');
    expect(backupSigningKey({ signingKeyFile }, backupFile)).toBe(signingKeySidecarOf(backupFile));
    expect(statSync(signingKeySidecarOf(backupFile)).mode & 0o777).toBe(0o600);

    // A new machine made its own key on first start; the restore brings the event's key back.
    rmSync(signingKeyFile);
    loadOrCreateSigningKey(signingKeyFile);
    const restored = restoreSigningKey({ signingKeyFile }, backupFile, new Date('2026-12-07T10:00:00.000Z'));
    expect(restored).toEqual({
      outcome: 'installed',
      replacedCopy: `${signingKeyFile}.replaced-2026-12-07T10-00-00-000Z`,
    });
    expect(loadOrCreateSigningKey(signingKeyFile).fingerprint).toBe(original.fingerprint);
    expect(statSync(signingKeyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(`${signingKeyFile}.replaced-2026-12-07T10-00-00-000Z`)).toBe(true);
    expect(restoreSigningKey({ signingKeyFile }, backupFile)).toEqual({ outcome: 'unchanged' });
  });

  it('says so when there is no key to copy, or no sidecar to restore, and changes nothing', () => {
    const signingKeyFile = join(dir, 'signing-key.pem');
    expect(backupSigningKey({ signingKeyFile }, join(dir, 'night.db'))).toBeNull();
    writeFileSync(signingKeyFile, 'kept');
    expect(restoreSigningKey({ signingKeyFile }, join(dir, 'other.db'))).toEqual({ outcome: 'no-sidecar' });
    expect(readFileSync(signingKeyFile, 'utf8')).toBe('kept');
  });
});
