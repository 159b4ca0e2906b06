/**
 * The crash-safety run: the serve process is SIGKILLed at random moments while a
 * cashier sells and tops up and two simulated routers log customers in and report
 * their usage every second; it is restarted at once each time. Router B ignores
 * Disconnect-Requests until the end, so the Disconnects queued for it in the last
 * cycles have to survive the kills. Then:
 *
 *   - every acknowledged sale is stored exactly once, with the id the till was given,
 *     and every unanswered one, retried with its request id, is stored exactly once;
 *   - every acknowledged usage report is stored, none counted twice;
 *   - connections open before the last kill are still open and keep being updated;
 *   - the Disconnects queued before a kill reach router B once it answers;
 *   - PRAGMA integrity_check is ok.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpPorts, startServe, type ServeConfig, type ServeProcess } from './serve-process';
import { CafeTraffic, prng, sleep } from './traffic';
import { verifyAgainstLedger, type Verdict } from './verify';

export interface CrashOptions {
  cycles: number;
  seed: number;
  /** How long the app runs between kills: uniformly in [minUpMs, maxUpMs]. */
  minUpMs: number;
  maxUpMs: number;
  dataDir?: string;
  log?: (line: string) => void;
}

export interface CrashReport {
  seed: number;
  dataDir: string;
  kills: number;
  sales: number;
  retriedAfterKill: number;
  reportsAnswered: number;
  reportsUnanswered: number;
  /** Connections open before the last kill that the restarted app kept updating. */
  resumedConnections: number;
  notResumed: string[];
  /** Disconnects queued before a kill and delivered after it. */
  disconnectsQueued: number;
  disconnectsDelivered: number;
  exitCode: number | null;
  verdict: Verdict;
  /** The ledger the verdict was reached on. */
  traffic: CafeTraffic;
}

export async function runCrashHarness(o: CrashOptions): Promise<CrashReport> {
  const log = o.log ?? (() => {});
  const random = prng(o.seed);
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'iwas-crash-'));
  const [authPort, acctPort] = await freeUdpPorts(2);
  const config: ServeConfig = { dataDir, authPort: authPort!, acctPort: acctPort! };
  const traffic = new CafeTraffic(
    { routers: ['127.0.0.1', '127.0.0.2'], hostsPerRouter: 12, interimEveryS: 1, sellers: 2, sellPauseMs: 20, loginPauseMs: 300, topUpEvery: 5, downBps: 150_000, upBps: 20_000, radiusTimeoutMs: 400, radiusAttempts: 3, random },
    acctPort!,
    authPort!,
  );
  let app: ServeProcess = await startServe(config);
  const endedOnB = new Set<string>();
  try {
    await traffic.setup(app);
    const routerB = traffic.sims[1]!;
    routerB.answersCoa = false;
    traffic.start();

    for (let cycle = 0; cycle < o.cycles; cycle++) {
      if (cycle >= o.cycles - 3) await endOneOn(routerB);
      const up = o.minUpMs + random() * (o.maxUpMs - o.minUpMs);
      await sleep(up);
      traffic.app = null;
      await app.kill();
      log(`cycle ${cycle + 1}/${o.cycles}: killed after ${Math.round(up)} ms; ${traffic.sales.size} sales acknowledged, ${traffic.unsettled.size} calls unanswered so far, ${traffic.counts.reportsAnswered} reports answered${traffic.lastFailure ? `; last failure: ${traffic.lastFailure}` : ''}`);
      app = await startServe(config);
      traffic.app = app;
    }

    const lastStart = Date.now();
    await sleep(2500); // interim updates flow again for the connections that were open
    // The connections that lived through the last kill: still open, and updated by the restarted app.
    const notResumed: string[] = [];
    let resumedConnections = 0;
    type Detail = { connections: { routerId: number; acctSessionId: string; endedAt: number | null; lastUpdateAt: number }[] };
    for (const [router, sim] of traffic.sims.entries()) {
      for (const h of sim.active.filter((x) => x.loginAt < lastStart && !endedOnB.has(x.user))) {
        const detail = await app.call<Detail>('sessions.get', { id: traffic.sessionOf(h.user) });
        const c = detail.connections.find((x) => x.routerId === traffic.routerIds[router] && x.acctSessionId === h.acctSessionId);
        if (c && c.endedAt === null && c.lastUpdateAt >= lastStart) resumedConnections++;
        else notResumed.push(`${router}/${h.acctSessionId}: ${c ? (c.endedAt !== null ? 'closed' : 'not updated since the restart') : 'missing'}`);
      }
    }

    // Router B answers again: what was queued for it before the kills goes out (after the backoff in force).
    routerB.answersCoa = true;
    const deadline = Date.now() + 120_000;
    const stillOn = () => routerB.active.filter((h) => endedOnB.has(h.user));
    const pending = async () => (await app.call<{ disconnects: { pending: number } }>('status.get', {})).disconnects.pending;
    while ((stillOn().length || (await pending())) && Date.now() < deadline) await sleep(250);
    const disconnectsDelivered = endedOnB.size - stillOn().length;
    log(`router B answers again: ${disconnectsDelivered}/${endedOnB.size} ended customers disconnected after ${Math.round((Date.now() - lastStart) / 1000)} s`);

    await traffic.stop();
    const retriedAfterKill = traffic.unsettled.size;
    await traffic.settle();
    const exitCode = await app.stop();

    return {
      seed: o.seed,
      dataDir,
      kills: o.cycles,
      sales: traffic.sales.size,
      retriedAfterKill,
      reportsAnswered: traffic.counts.reportsAnswered,
      reportsUnanswered: traffic.counts.reportsUnanswered,
      resumedConnections,
      notResumed,
      disconnectsQueued: endedOnB.size,
      disconnectsDelivered,
      exitCode,
      verdict: verifyAgainstLedger(dataDir, traffic),
      traffic,
    };
  } finally {
    await app.kill();
    await traffic.stop();
    await traffic.close();
  }

  /** The cashier ends the session of a customer on router B: a Disconnect that B will not answer yet. */
  async function endOneOn(router: CafeTraffic['sims'][number]): Promise<void> {
    const host = router.active.find((h) => !endedOnB.has(h.user) && traffic.sessionOf(h.user) !== undefined);
    if (!host) return;
    try {
      traffic.stays.add(host.user);
      await app.call('sessions.end', { id: traffic.sessionOf(host.user), reason: 'crash run: ended by the cashier' });
      endedOnB.add(host.user);
    } catch (err) {
      log(`could not end a session on router B: ${String(err)}`);
    }
  }
}
