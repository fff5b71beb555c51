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
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'core must not use Node built-ins' },
            {
              group: ['**/server/**', '**/display/**', '**/admin/**', '**/cli/**'],
              message: 'core imports nothing from the other layers',
            },
          ],
        },
      ],
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
    files: ['src/display/**/*.ts', 'src/admin/**/*.{ts,tsx}', 'src/verify/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'browser code must not use Node built-ins' },
            {
              group: ['**/core/*', '!**/core/index.ts'],
              message: "import core only through its public entry '../core/index.ts'",
            },
            { group: ['**/server/**', '**/cli/**'], message: 'browser code must not import server code' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/admin/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The server's routes go through the Store, never the database client.
    files: ['src/server/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['better-sqlite3', 'pg', 'kysely', '**/storage/sqlite/**', '**/storage/postgres/**'],
              message: 'routes use the Store interface (fastify.store)',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
