import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Builds the cashier UI once for the browser tests (test/e2e).
    globalSetup: ['test/e2e/global-setup.ts'],
    reporters: ['default'],
  },
});
