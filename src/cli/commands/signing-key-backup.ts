// The signing key travels with a backup as a sidecar file next to it (FILE.signing-key.pem, 0600):
// a restored server must sign with the key its earlier certificates name. The database dump never
// holds it, so a database copy alone cannot sign anything.
import { copyFileSync, existsSync, readFileSync, renameSync, chmodSync } from 'node:fs';
import type { Config } from '../../server/config.ts';
import { KEY_FILE_MODE } from '../../server/services/key-file.ts';

export const SIGNING_KEY_SIDECAR_SUFFIX = '.signing-key.pem';

export function signingKeySidecarOf(backupFile: string): string {
  return `${backupFile}${SIGNING_KEY_SIDECAR_SUFFIX}`;
}

/** Copies the signing key next to the backup; returns the sidecar's path, or null when there is no key yet. */
export function backupSigningKey(config: Pick<Config, 'signingKeyFile'>, backupFile: string): string | null {
  if (!existsSync(config.signingKeyFile)) return null;
  const sidecar = signingKeySidecarOf(backupFile);
  copyFileSync(config.signingKeyFile, sidecar);
  chmodSync(sidecar, KEY_FILE_MODE);
  return sidecar;
}

export type SigningKeyRestore =
  | { outcome: 'no-sidecar' }
  | { outcome: 'unchanged' }
  | { outcome: 'installed'; replacedCopy: string | null };

/**
 * Installs the backup's sidecar key as the configured signing key. A different key already there is
 * kept as `<key file>.replaced-<time>`, never deleted.
 */
export function restoreSigningKey(
  config: Pick<Config, 'signingKeyFile'>,
  backupFile: string,
  now: Date = new Date(),
): SigningKeyRestore {
  const sidecar = signingKeySidecarOf(backupFile);
  if (!existsSync(sidecar)) return { outcome: 'no-sidecar' };
  const incoming = readFileSync(sidecar, 'utf8');
  let replacedCopy: string | null = null;
  if (existsSync(config.signingKeyFile)) {
    if (readFileSync(config.signingKeyFile, 'utf8') === incoming) return { outcome: 'unchanged' };
    replacedCopy = `${config.signingKeyFile}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(config.signingKeyFile, replacedCopy);
  }
  copyFileSync(sidecar, config.signingKeyFile);
  chmodSync(config.signingKeyFile, KEY_FILE_MODE);
  return { outcome: 'installed', replacedCopy };
}
