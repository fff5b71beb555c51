// An Ed25519 check that is not the product's: the machine's `openssl pkeyutl -verify -rawin`.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './test-app.ts';

/** Whether openssl accepts `signature` as the Ed25519 signature of `data` under the SPKI PEM key. */
export function opensslVerifies(publicKeyPem: string, data: Uint8Array, signature: Uint8Array): boolean {
  const dir = makeTempDir('prizewheel-openssl-');
  try {
    writeFileSync(join(dir, 'key.pem'), publicKeyPem);
    writeFileSync(join(dir, 'data'), data);
    writeFileSync(join(dir, 'signature'), signature);
    const run = spawnSync(
      'openssl',
      ['pkeyutl', '-verify', '-pubin', '-inkey', 'key.pem', '-rawin', '-in', 'data', '-sigfile', 'signature'],
      { cwd: dir, encoding: 'utf8' },
    );
    if (run.error) throw run.error;
    return run.status === 0 && /Signature Verified Successfully/i.test(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
