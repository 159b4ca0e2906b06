/**
 * Soak, bounded for CI: three minutes of a full café (test/reliability/harness/soak.ts).
 * The long run (an hour):
 *   node --import tsx test/reliability/cli.ts soak --seconds 3600
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './harness/serve-process';
import { runSoak, soakProblems } from './harness/soak';

const seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);

describe('soak (hundreds of customers for minutes)', () => {
  beforeAll(() => buildApp(), 120_000);

  it('keeps memory, file descriptors and the WAL flat, and answers every usage report', async () => {
    const r = await runSoak({ seconds: SECONDS, seed, customers: 300, log: (l) => console.log(l) });
    console.log(`soak (RELIABILITY_SEED=${seed}):`, JSON.stringify({ ...r, samples: r.samples.length }));
    expect(soakProblems(r)).toEqual([]);
    rmSync(r.dataDir, { recursive: true, force: true }); // kept when it failed
  });
});
