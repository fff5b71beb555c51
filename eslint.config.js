// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'crypto',
  'http',
  'os',
  'child_process',
  'worker_threads',
  'stream',
];

const coreFiles = ['src/core/**/*.ts'];
const webFiles = [
  'src/display/**/*.ts',
  'src/admin/**/*.{ts,tsx}',
  'src/verify/**/*.ts',
  'src/results/**/*.ts',
];
const routeFiles = ['src/server/routes/**/*.ts'];

const corePatterns = [
  { group: nodeBuiltins, message: 'core must not use Node built-ins' },
  {
    group: ['**/server/**', '**/display/**', '**/admin/**', '**/cli/**'],
    message: 'core imports nothing from the other layers',
  },
];
const webPatterns = [
  { group: nodeBuiltins, message: 'browser code must not use Node built-ins' },
  {
    group: ['**/core/*', '!**/core/index.ts'],
    message: "import core only through its public entry '../core/index.ts'",
  },
  { group: ['**/server/**', '**/cli/**'], message: 'browser code must not import server code' },
];
const routePatterns = [
  {
    group: ['better-sqlite3', 'pg', 'kysely', '**/storage/sqlite/**', '**/storage/postgres/**'],
    message: 'routes use the Store interface (fastify.store)',
  },
];

// Test-only code (contract suites, test servers, manual clocks, statistics helpers) lives in folders
// named test-support/, which production code may not import; the build leaves them out too
// (tsconfig.build.json, scripts/build-node.js).
const testOnlyFiles = ['**/*.test.ts', '**/*.test.tsx', '**/test-support/**', '**/test-support.ts'];
const testSupport = {
  group: ['**/test-support', '**/test-support/**', '**/test-support.ts'],
  message: 'production code must not import test-only code (test-support/)',
};

/** @param {object[]} patterns */
function restrictImports(patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'e2e/fixtures/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // core is pure and isomorphic: no I/O, no DOM, no Node, nothing from the other layers.
    files: coreFiles,
    ignores: ['src/core/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...restrictImports(corePatterns),
      'no-restricted-globals': [
        'error',
        'document',
        'window',
        'process',
        'Buffer',
        'fetch',
        'localStorage',
        'indexedDB',
      ],
    },
  },
  {
    // The web code uses only core's public entry.
    files: webFiles,
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrictImports(webPatterns),
  },
  {
    files: ['src/admin/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The server's routes go through the Store, never the database client.
    files: routeFiles,
    rules: restrictImports(routePatterns),
  },
  // Production files: no test-only imports. NOTE: the last block that matches a file sets its
  // no-restricted-imports whole, so each layer's patterns are repeated here with testSupport added.
  { files: ['src/**/*.{ts,tsx}'], ignores: testOnlyFiles, rules: restrictImports([testSupport]) },
  { files: coreFiles, ignores: testOnlyFiles, rules: restrictImports([...corePatterns, testSupport]) },
  { files: webFiles, ignores: testOnlyFiles, rules: restrictImports([...webPatterns, testSupport]) },
  { files: routeFiles, ignores: testOnlyFiles, rules: restrictImports([...routePatterns, testSupport]) },
  prettier,
);
