import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The long runs (fuzz, crash safety, soak) have their own config: npm run test:reliability.
    exclude: ['test/reliability/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // expect.poll waits for something to happen (a pushed update, a packet): long enough for a
    // busy CI machine; a poll that passes returns at once.
    expect: { poll: { timeout: 5_000, interval: 50 } },
    // Builds the cashier UI once for the browser tests (test/e2e).
    globalSetup: ['test/e2e/global-setup.ts'],
    reporters: ['default'],
  },
});
