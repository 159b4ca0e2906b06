import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the bounded fuzz, crash-safety, fault and soak runs
 * (test/reliability). Minutes long and CPU-heavy, so one file at a time and outside `npm test`.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    expect: { poll: { timeout: 10_000, interval: 50 } },
    reporters: ['default'],
  },
});
