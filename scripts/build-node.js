#!/usr/bin/env node
// Compiles the server and the CLI to dist-node/ (tsconfig.build.json), from scratch so that no file
// of an earlier build lingers, then checks that no test-only module came along: tsc's `exclude`
// only keeps tests and test-support/ folders out as roots, and a production module importing one
// would still pull it into the build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'dist-node');

rmSync(outDir, { recursive: true, force: true });
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
} catch {
  console.error('build: tsc -p tsconfig.build.json failed');
  process.exit(1);
}

const testOnly = readdirSync(outDir, { recursive: true, encoding: 'utf8' })
  .map((file) => file.split('\\').join('/'))
  .filter(
    (file) => file.endsWith('.js') && (/(^|\/)test-support(\/|\.js$)/.test(file) || /\.test\.js$/.test(file)),
  );
if (testOnly.length > 0) {
  console.error(
    `build: production code imports test-only modules (move what it needs out of test-support/):\n  ${testOnly
      .map((file) => relative(root, join(outDir, file)))
      .join('\n  ')}`,
  );
  process.exit(1);
}
if (!existsSync(join(outDir, 'cli/main.js'))) {
  console.error('build: dist-node/cli/main.js is missing');
  process.exit(1);
}
