#!/usr/bin/env node
// The `prizewheel` command. It runs the build that `npm run build` writes to dist/node/.
// PRIZEWHEEL_FROM_SOURCE=1 runs the TypeScript sources through tsx instead (a development
// dependency): `npm run dev` and the unit tests, which then need no build and never run a stale one.
import { existsSync } from 'node:fs';
import module from 'node:module';

let main;
if (process.env.PRIZEWHEEL_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  const built = new URL('../dist/node/main.js', import.meta.url);
  if (!existsSync(built)) {
    process.stderr.write('prizewheel: the built program (dist/node/) is missing; run npm run build\n');
    process.exit(1);
  }
  // Node 22.1+ keeps V8's compiled code of the build on disk (under the temp folder), which starts a
  // command several times faster on Node 24; Node 20 has no such cache.
  module.enableCompileCache?.();
  // Stack traces in the server's log point into src/. Short commands print messages, not stacks, and
  // start faster without reading the maps.
  if (process.argv[2] === 'serve') process.setSourceMapsEnabled(true);
  ({ main } = await import(built.href));
}
process.exitCode = await main(process.argv.slice(2));
