import { defineConfig } from 'vitest/config';

// Two projects: the server and integration tests (PGlite by default, PostgreSQL when
// DATABASE_URL is set), and the browser tests that drive Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/browser/**', 'node_modules/**'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 90_000,
          pool: 'forks',
          // One Chromium at a time is plenty on a 2-core machine.
          fileParallelism: false,
          // Pages render asynchronously (lazy routes, queries); on a loaded CI machine a
          // second is not always enough for the next state to appear.
          expect: { poll: { timeout: 10_000, interval: 50 } },
        },
      },
    ],
  },
});
