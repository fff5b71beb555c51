import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// The browser tests start the server as production does, from the compiled build (dist/node/).
// `npm test` builds before vitest starts; this covers `npx vitest run --project e2e` on its own.
export default function setup(): void {
  const root = resolve(import.meta.dirname, '..');
  if (process.env.PRIZEWHEEL_SKIP_BUILD === '1' && existsSync(resolve(root, 'dist/node/main.js'))) return;
  execFileSync(process.execPath, [resolve(root, 'scripts/build-node.js')], { cwd: root, stdio: 'inherit' });
}
