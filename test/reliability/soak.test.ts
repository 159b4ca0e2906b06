/**
 * Soak, bounded for CI: three minutes of a full café (test/reliability/harness/soak.ts).
 * The long run (an hour):
 *   node --import tsx test/reliability/cli.ts soak --seconds 3600
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './harness/serve-process';
import { runSoak } from './harness/soak';

const seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);

describe('soak (hundreds of customers for minutes)', () => {
  beforeAll(() => buildApp(), 120_000);

  it('keeps memory, file descriptors and the WAL flat, and answers every usage report', async () => {
    const r = await runSoak({ seconds: SECONDS, seed, customers: 300, log: (l) => console.log(l) });
    console.log(`soak (RELIABILITY_SEED=${seed}):`, JSON.stringify({ ...r, samples: r.samples.length }));
    expect(r.verdict.problems).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.peakOnline).toBeGreaterThanOrEqual(250);
    // Every customer reported every 2 s, and not one report was given up by a router.
    expect(r.interimsUnanswered).toBe(0);
    expect(r.reportsUnanswered).toBe(0);
    expect(r.interimsAnswered).toBeGreaterThan(250 * (SECONDS * 0.6) / 2);
    // Flat: the heap after a full collection within 3 MB between the first and last third after warm-up
    // (it saw-tooths by ~3 MB as caches fill and are pruned), resident memory within 24 MB (it also holds
    // SQLite's page cache and the allocator's slack), no leaked descriptors, a bounded WAL.
    expect(r.heapLateKb - r.heapEarlyKb).toBeLessThan(3 * 1024);
    expect(r.rssLateKb - r.rssEarlyKb).toBeLessThan(24 * 1024);
    expect(r.fdsLate).toBeLessThanOrEqual(r.fdsEarly + 2);
    expect(r.walMaxBytes).toBeLessThan(16 * 1024 * 1024);
  });
});
