/**
 * The soak run: the serve process under a full café for a long time — hundreds of
 * customers on four simulated routers reporting usage every two seconds, a cashier
 * selling and topping up, packages running out (Disconnects), customers leaving and
 * arriving. Sampled every few seconds from /proc and the data directory:
 *
 *   - the app's JS heap after a full collection (through its inspector), its resident
 *     memory and open file descriptors: flat after warm-up;
 *   - the WAL file: bounded (checkpoints keep up);
 *   - usage reports: every one answered (the routers never gave one up), and the
 *     ledger check of the crash run holds at the end.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_FILE } from '../../../src/main/db/store';
import { heapAfterGc } from './heap-probe';
import { freeUdpPorts, startServe } from './serve-process';
import { CafeTraffic, prng, sleep } from './traffic';
import { verifyAgainstLedger, type Verdict } from './verify';

export interface SoakOptions {
  seconds: number;
  seed: number;
  customers: number;
  sampleEveryS?: number;
  log?: (line: string) => void;
}

export interface SoakSample {
  atS: number;
  /** JS heap in use after a full collection. */
  heapKb: number;
  rssKb: number;
  fds: number;
  walBytes: number;
  online: number;
  interimsAnswered: number;
}

export interface SoakReport {
  /** The app's data directory (left for inspection; remove it when the run passed). */
  dataDir: string;
  seconds: number;
  seed: number;
  customers: number;
  samples: SoakSample[];
  /** Medians (descriptors: maxima) over the first and last third after warm-up (the first 20 % of the run). */
  heapEarlyKb: number;
  heapLateKb: number;
  rssEarlyKb: number;
  rssLateKb: number;
  fdsEarly: number;
  fdsLate: number;
  walMaxBytes: number;
  peakOnline: number;
  sales: number;
  interimsAnswered: number;
  interimsUnanswered: number;
  reportsUnanswered: number;
  /** Least-squares slopes over the samples after warm-up, per hour of run. */
  heapSlopeMBPerHour: number;
  rssSlopeMBPerHour: number;
  /** What the app logged at error level, uncaught exceptions included. */
  appErrors: string[];
  exitCode: number | null;
  verdict: Verdict;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The least-squares slope of y over x. */
function slope(points: [x: number, y: number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx ? sxy / sxx : 0;
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => {});
  const routers = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
  const dataDir = mkdtempSync(join(tmpdir(), 'iwas-soak-'));
  const [authPort, acctPort] = await freeUdpPorts(2);
  const traffic = new CafeTraffic(
    {
      routers,
      hostsPerRouter: Math.ceil(o.customers / routers.length),
      interimEveryS: 2,
      // An accelerated café: ~30 sales a second, so the café is full within seconds and
      // customers keep arriving and leaving (a long run sells a busy year's worth).
      sellers: 2,
      sellPauseMs: 50,
      loginPauseMs: 15,
      topUpEvery: 7,
      downBps: 100_000,
      upBps: 15_000,
      // RouterOS's own RADIUS client timing: 1.1 s per try, 3 tries (6 for accounting).
      radiusTimeoutMs: 1100,
      radiusAttempts: 3,
      random: prng(o.seed),
    },
    acctPort!,
    authPort!,
  );
  const app = await startServe({ dataDir, authPort: authPort!, acctPort: acctPort!, inspect: true });
  const samples: SoakSample[] = [];
  try {
    await traffic.setup(app);
    traffic.start();
    const started = Date.now();
    const every = (o.sampleEveryS ?? 5) * 1000;
    while (Date.now() - started < o.seconds * 1000) {
      await sleep(Math.min(every, started + o.seconds * 1000 - Date.now()));
      let walBytes = 0;
      try {
        walBytes = statSync(join(dataDir, `${DB_FILE}-wal`)).size;
      } catch {
        // no WAL file at this instant
      }
      const heapKb = Math.round((await heapAfterGc(app.inspectorUrl!)) / 1024);
      const s: SoakSample = { atS: Math.round((Date.now() - started) / 1000), heapKb, ...app.resources(), walBytes, online: traffic.sims.reduce((n, sim) => n + sim.active.length, 0), interimsAnswered: traffic.counts.interimsAnswered };
      samples.push(s);
      log(`${s.atS} s: ${s.online} online, heap ${(s.heapKb / 1024).toFixed(1)} MB, RSS ${(s.rssKb / 1024).toFixed(1)} MB, ${s.fds} fds, WAL ${(s.walBytes / 1048576).toFixed(1)} MB, ${traffic.sales.size} sales, ${s.interimsAnswered} interims answered, ${traffic.counts.interimsUnanswered} unanswered`);
    }
    await traffic.stop();
    await traffic.settle();
    const exitCode = await app.stop();

    const settled = samples.filter((s) => s.atS >= o.seconds * 0.2);
    const perHour = (kb: (s: SoakSample) => number) => slope(settled.map((x) => [x.atS / 3600, kb(x) / 1024]));
    const third = Math.max(1, Math.floor(settled.length / 3));
    const early = settled.slice(0, third);
    const late = settled.slice(-third);
    return {
      dataDir,
      seconds: o.seconds,
      seed: o.seed,
      customers: o.customers,
      samples,
      heapEarlyKb: median(early.map((s) => s.heapKb)),
      heapLateKb: median(late.map((s) => s.heapKb)),
      rssEarlyKb: median(early.map((s) => s.rssKb)),
      rssLateKb: median(late.map((s) => s.rssKb)),
      fdsEarly: Math.max(...early.map((s) => s.fds)),
      fdsLate: Math.max(...late.map((s) => s.fds)),
      walMaxBytes: Math.max(...samples.map((s) => s.walBytes)),
      peakOnline: Math.max(...samples.map((s) => s.online)),
      sales: traffic.sales.size,
      interimsAnswered: traffic.counts.interimsAnswered,
      interimsUnanswered: traffic.counts.interimsUnanswered,
      reportsUnanswered: traffic.counts.reportsUnanswered,
      heapSlopeMBPerHour: perHour((x) => x.heapKb),
      rssSlopeMBPerHour: perHour((x) => x.rssKb),
      appErrors: app.errors(),
      exitCode,
      verdict: verifyAgainstLedger(dataDir, traffic),
    };
  } finally {
    await app.kill();
    await traffic.stop();
    await traffic.close();
  }
}

/**
 * Every promise the soak checks, as the list of those broken (empty: passed). Flat memory:
 * the JS heap after a full collection within 3 MB between the first and last third after
 * warm-up (it saw-tooths by ~3 MB as caches fill and are pruned), and over a run of 20
 * minutes or more a trend under 4 MB an hour; resident memory (which also holds SQLite's
 * page cache and the allocator's slack) within 24 MB between the thirds.
 */
export function soakProblems(r: SoakReport): string[] {
  const p = [...r.verdict.problems];
  if (r.exitCode !== 0) p.push(`exited ${r.exitCode} on SIGTERM`);
  if (r.appErrors.length) p.push(`the app logged errors: ${r.appErrors.slice(0, 3).join(' | ')}`);
  if (r.peakOnline < r.customers * 0.8) p.push(`only ${r.peakOnline} customers online at the peak`);
  if (r.interimsUnanswered || r.reportsUnanswered) p.push(`${r.reportsUnanswered} usage reports given up by the routers (${r.interimsUnanswered} interims)`);
  // Every customer reports every 2 s: at least 60 % of that over the run.
  if (r.interimsAnswered < r.customers * 0.8 * ((r.seconds * 0.6) / 2)) p.push(`only ${r.interimsAnswered} interims answered`);
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  if (r.heapLateKb - r.heapEarlyKb >= 3 * 1024) p.push(`heap after GC grew from ${mb(r.heapEarlyKb)} to ${mb(r.heapLateKb)} MB`);
  if (r.seconds >= 1200 && r.heapSlopeMBPerHour >= 4) p.push(`heap after GC trends up ${r.heapSlopeMBPerHour.toFixed(1)} MB an hour`);
  if (r.rssLateKb - r.rssEarlyKb >= 24 * 1024) p.push(`resident memory grew from ${mb(r.rssEarlyKb)} to ${mb(r.rssLateKb)} MB`);
  if (r.fdsLate > r.fdsEarly + 2) p.push(`file descriptors grew from ${r.fdsEarly} to ${r.fdsLate}`);
  if (r.walMaxBytes >= 16 * 1024 * 1024) p.push(`the WAL reached ${mb(r.walMaxBytes / 1024)} MB`);
  return p;
}
