/**
 * Crash safety, bounded for CI: ten SIGKILLs of the serve process under traffic
 * (test/reliability/harness/crash.ts). The long run:
 *   node --import tsx test/reliability/cli.ts crash --cycles 200
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { crashProblems, runCrashHarness } from './harness/crash';
import { buildApp } from './harness/serve-process';
import { verifyAgainstLedger } from './harness/verify';

const seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);

describe('crash safety (the serve process SIGKILLed under traffic)', () => {
  beforeAll(() => buildApp(), 120_000);

  it('loses nothing it acknowledged, counts nothing twice, resumes connections and Disconnects, stays intact', async () => {
    const report = await runCrashHarness({ cycles: 10, seed, minUpMs: 300, maxUpMs: 2500, log: (l) => console.log(l) });
    console.log(`crash run (RELIABILITY_SEED=${seed}):`, JSON.stringify({ ...report, traffic: report.traffic.counts }));
    expect(crashProblems(report)).toEqual([]);
    expect(report.kills).toBe(10);
    expect(report.verdict.connectionsChecked).toBeGreaterThan(20);

    // The checks can fail: a sale acknowledged but not stored, a report counted beyond what was sent.
    const { traffic } = report;
    traffic.sales.set('request-lost', { saleId: 999_999, sessionId: 1 });
    const [key, entry] = [...traffic.reports.entries()].find(([, r]) => r.acked && r.acked.inBytes > 0)!;
    traffic.reports.set(key, { ...entry, sent: { ...entry.sent, inBytes: entry.acked!.inBytes - 1 } });
    const [refusedId] = [...traffic.sales.keys()];
    traffic.refused.add(refusedId!);
    const [stopKey, open] = [...traffic.reports.entries()].find(([k, r]) => k !== key && r.acked && !r.stopped)!;
    traffic.reports.set(stopKey, { ...open, stopped: true });
    const problems = verifyAgainstLedger(report.dataDir, traffic).problems.join('\n');
    expect(problems).toMatch(/request-lost: acknowledged as #999999, stored as nothing/);
    expect(problems).toMatch(new RegExp(`connection ${entry.acctSessionId}: stored .* > ever sent`));
    expect(problems).toContain(`request ${refusedId} was refused, yet stored`);
    expect(problems).toMatch(/its Stop was acknowledged, yet it is open/);
    rmSync(report.dataDir, { recursive: true, force: true }); // kept when it failed
  });
});
