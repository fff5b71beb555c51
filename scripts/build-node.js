#!/usr/bin/env node
// Builds the server and the CLI into dist/node/ with esbuild: src/cli/main.ts (which bin/prizewheel.js
// runs; each command a chunk loaded on demand) and the import worker, with source maps. The
// type-check is `npm run typecheck` (tsconfig.build.json is the production one).
//
// NOTE: the output is flat and two folders below the checkout, like the sources of src/server/*, so
// that the server's relative path to dist/web and the pool's to ./worker.js hold in both.
// A few pure-JS libraries that are many files or large are bundled in, since resolving and reading
// them file by file is most of a command's start-up; every other package stays external as
// installed (native addons, pino's worker transports, Fastify's plugins).
import { existsSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const BUNDLED_PACKAGES = new Set([
  'zod',
  '@e965/xlsx',
  'papaparse',
  'fflate',
  '@noble/hashes',
  'canonicalize',
]);

const root = resolve(import.meta.dirname, '..');
const outdir = join(root, 'dist/node');

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const externalPackages = {
  name: 'external-packages',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED_PACKAGES.has(packageNameOf(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

// zod re-exports its messages in every language as `z.locales`, half of its size; the server keeps
// zod's default, English, which zod registers by itself, so the other languages stay out.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-english-only', namespace: 'zod-locales', pluginData: args.resolveDir }
        : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.pluginData,
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/server/import/worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [zodEnglishOnly, externalPackages],
  // Bundled CommonJS (papaparse) may require() Node built-ins, which ESM output has no require for.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
}).catch(() => null);
if (!result) {
  console.error('build: esbuild failed');
  process.exit(1);
}

// Tests and test-support/ folders are never entry points: one in the bundle means production code
// imports it.
const testOnly = Object.keys(result.metafile.inputs).filter(
  (input) => /(^|\/)test-support(\/|\.ts$)/.test(input) || /\.test\.tsx?$/.test(input),
);
if (testOnly.length > 0) {
  console.error(
    `build: production code imports test-only modules (move what it needs out of test-support/):\n  ${testOnly.join('\n  ')}`,
  );
  process.exit(1);
}
for (const file of ['main.js', 'worker.js']) {
  if (!existsSync(join(outdir, file))) {
    console.error(`build: ${relative(root, join(outdir, file))} is missing`);
    process.exit(1);
  }
}
