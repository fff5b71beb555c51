// Runs `prizewheel ARGS` (the real bin, from the sources in this project) and answers its exit code
// and output, for tests that check a command end to end.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const PRIZEWHEEL_BIN = resolve(import.meta.dirname, '../../../bin/prizewheel.js');

export function runCli(args: string[], dataDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      [PRIZEWHEEL_BIN, ...args],
      { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', PRIZEWHEEL_FROM_SOURCE: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolveRun({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}
