import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// The browser tests run against the built pages. `npm test` builds before vitest starts;
// this covers `npx vitest run --project e2e` on its own.
export default function setup(): void {
  const root = resolve(import.meta.dirname, '..');
  if (process.env.PRIZEWHEEL_SKIP_BUILD === '1' && existsSync(resolve(root, 'dist/web/display/index.html')))
    return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
