// Runs the `prizewheel` command the way an operator does (backup, restore), for browser tests that
// need the server's data changed behind its back.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `prizewheel ARGS` on a data folder; rejects with its output when it exits non-zero. */
export function runPrizewheel(args: string[], dataDir: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/prizewheel.js'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'e2e-admin-password' },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`prizewheel ${args.join(' ')}: ${error.message}\n${stdout}${stderr}`));
        else resolvePromise(stdout);
      },
    );
  });
}
