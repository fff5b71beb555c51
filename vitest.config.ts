import { defineConfig } from 'vitest/config';

// `npm test` runs the two projects one after the other: `unit` with two workers (vitest's default
// on a 2-core machine is one), then `e2e` one file at a time, alone on the machine, because browser
// frames and page clocks are what those files look at.
// The commands that tests start (`node bin/prizewheel.js …`) run the TypeScript sources in `unit`
// (no build needed, never a stale one) and the compiled build in `e2e`, as production does.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
          env: { PRIZEWHEEL_FROM_SOURCE: '1' },
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          globalSetup: ['e2e/global-setup.ts', 'scripts/e2e-build-node.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
