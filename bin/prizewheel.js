#!/usr/bin/env node
// The `prizewheel` command. It runs the compiled JavaScript that `npm run build` writes to
// dist-node/. PRIZEWHEEL_FROM_SOURCE=1 runs the TypeScript sources through tsx instead (a
// development dependency): `npm run dev` and the unit tests, which then need no build and never
// run a stale one.
import { existsSync } from 'node:fs';

let main;
if (process.env.PRIZEWHEEL_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  const compiled = new URL('../dist-node/cli/main.js', import.meta.url);
  if (!existsSync(compiled)) {
    process.stderr.write('prizewheel: the compiled program (dist-node/) is missing; run npm run build\n');
    process.exit(1);
  }
  process.setSourceMapsEnabled(true);
  ({ main } = await import(compiled.href));
}
process.exitCode = await main(process.argv.slice(2));
