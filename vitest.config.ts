import { defineConfig } from 'vitest/config';

// `npm test` runs the two projects one after the other: `unit` with two workers (vitest's default
// on a 2-core machine is one), then `e2e` one file at a time, alone on the machine, because browser
// frames and page clocks are what those files look at.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
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
          globalSetup: ['e2e/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
