/**
 * The disk lets the app down: full, read-only, or the database held by another program.
 * Each time: no Accounting-Response for what could not be saved (the router keeps it and
 * retransmits), the error is visible (status bar, the cashier's message), and once the
 * fault is fixed the retransmissions are answered and nothing was lost or counted twice.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/db/store';
import { SimulatedHotspot } from '../../src/main/sim/hotspot';
import { startRadiusCore, SECRET } from '../helpers/radius-core';
import { ApiError, buildApp, freeUdpPorts, startServe } from './harness/serve-process';
import { CafeTraffic, prng, sleep } from './harness/traffic';
import { verifyAgainstLedger } from './harness/verify';

type Status = { radius: { lastWriteError: { message: string } | null } };

/** Answered usage reports, with when they were answered. */
function answeredTimes(sims: SimulatedHotspot[]): number[] {
  const at: number[] = [];
  for (const sim of sims) sim.on('accounted', (r) => r.answered && at.push(Date.now()));
  return at;
}

/** A few customers online on one simulated router, reporting every second. */
async function quietCafe(dataDir: string) {
  const [authPort, acctPort] = await freeUdpPorts(2);
  const config = { dataDir, authPort: authPort!, acctPort: acctPort! };
  const app = await startServe(config);
  const traffic = new CafeTraffic(
    { routers: ['127.0.0.1'], hostsPerRouter: 8, interimEveryS: 1, sellers: 1, sellPauseMs: 400, loginPauseMs: 100, topUpEvery: 1000, downBps: 50_000, upBps: 5_000, radiusTimeoutMs: 1100, radiusAttempts: 3, random: prng(1) },
    acctPort!,
    authPort!,
  );
  await traffic.setup(app);
  return { app, traffic, config };
}

const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

describe('faults of the disk', () => {
  beforeAll(() => buildApp(), 120_000);

  describe('disk full (a real, small file system)', () => {
    let mountPoint = '';
    beforeAll(() => {
      if (!canMount) return;
      mountPoint = mkdtempSync(join(tmpdir(), 'iwas-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint]);
    });
    afterAll(() => {
      if (!mountPoint) return;
      spawnSync('umount', ['-l', mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    });

    // Mounting a tmpfs needs root (CI runs as root); elsewhere this case is skipped, loudly.
    it.skipIf(!canMount)('answers nothing it cannot save, says so, and catches up once there is space', async () => {
      const { app, traffic } = await quietCafe(mountPoint);
      const answered = answeredTimes(traffic.sims);
      try {
        traffic.start();
        await expect.poll(() => answered.length, { timeout: 15_000 }).toBeGreaterThan(20);

        // Fill the file system to the last byte.
        const filler = join(mountPoint, 'filler');
        const fd = openSync(filler, 'w');
        const block = Buffer.alloc(1 << 16);
        try {
          for (;;) writeSync(fd, block);
        } catch (err) {
          expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
        } finally {
          closeSync(fd);
        }
        const fullAt = Date.now();
        // Visible: the status bar's RADIUS item turns red with the reason, and a sale says why it failed.
        await expect.poll(async () => (await app.call<Status>('status.get', {})).radius.lastWriteError?.message ?? '', { timeout: 10_000 }).toMatch(/full/i);
        const sale = await app.call('sales.sell', { packageId: 1, paidMinor: 2000, requestId: 'during-disk-full' }).catch((e: unknown) => e);
        expect(sale).toBeInstanceOf(ApiError);
        expect((sale as ApiError).message).toMatch(/database could not complete this .*nothing was saved/i);
        await sleep(2000);
        const fixedAt = Date.now();
        rmSync(filler);

        // While full, nothing was answered (beyond what had committed just before).
        expect(answered.filter((t) => t > fullAt + 300 && t < fixedAt)).toEqual([]);
        // Fixed: the routers' retransmissions are answered and the error clears.
        await expect.poll(() => answered.filter((t) => t > fixedAt).length, { timeout: 10_000 }).toBeGreaterThan(5);
        await expect.poll(async () => (await app.call<Status>('status.get', {})).radius.lastWriteError, { timeout: 10_000 }).toBeNull();
        expect(traffic.counts.reportsUnanswered).toBe(0); // two seconds full: within the routers' retransmissions
        await app.call('sales.sell', { packageId: 1, paidMinor: 2000, requestId: 'during-disk-full' });
        await traffic.stop();
        await traffic.settle();
        expect(await app.stop()).toBe(0);
        expect(verifyAgainstLedger(mountPoint, traffic).problems).toEqual([]);
      } finally {
        await app.kill();
        await traffic.stop();
        await traffic.close();
      }
    });
  });

  it('database held by another program at start: does not answer, says why, starts once it is released', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iwas-locked-'));
    const first = await quietCafe(dataDir);
    await first.traffic.close();
    expect(await first.app.stop()).toBe(0);

    // Another program (a database browser, a second copy of the app) holds the file.
    const other = new Database(join(dataDir, DB_FILE));
    other.exec('BEGIN EXCLUSIVE');
    let refused = '';
    try {
      await startServe({ ...first.config, readyTimeoutMs: 20_000 });
    } catch (err) {
      refused = String(err);
    }
    expect(refused).toMatch(/exited/);
    expect(refused).toMatch(/database is locked/i);
    // While the app is running, the app holds the file the same way: the other program cannot write.
    other.exec('ROLLBACK');
    other.close();

    const app = await startServe(first.config);
    try {
      const holder = new Database(join(dataDir, DB_FILE), { timeout: 200 });
      expect(() => holder.exec("UPDATE settings SET value = value WHERE 0")).toThrow(/locked/i);
      holder.close();
      expect((await app.call<Status>('status.get', {})).radius.lastWriteError).toBeNull();
    } finally {
      expect(await app.stop()).toBe(0);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('read-only database: no Accounting-Response, a visible error, and the retransmission counted once when writable again', async () => {
    // The operating system will not make a file system read-only under a file open for writing,
    // so this one is injected at SQLite's level (query_only gives SQLITE_READONLY, the error a
    // read-only disk gives) in an in-process core with real UDP and the simulated router.
    const t = await startRadiusCore({}, { clock: { now: Date.now } });
    const sim = new SimulatedHotspot({ server: { host: '127.0.0.1', authPort: t.auth, acctPort: t.acct }, secret: SECRET, timeoutMs: 500, attempts: 3, login: 'pap', interimEveryS: 1 });
    await sim.start();
    const answered = answeredTimes([sim]);
    try {
      const v = await t.sell();
      expect((await sim.login({ mac: '02:00:00:00:00:01', ip: '10.5.0.1', downBps: 100_000, upBps: 10_000 }, v.code, v.password)).accepted).toBe(true);
      t.core.store.db.pragma('query_only = ON');
      await sleep(1000);
      const ticking = sim.tick(); // an interim the app cannot save
      await expect.poll(async () => (await t.call('status.get', {})).radius.lastWriteError?.message ?? '').toMatch(/readonly/i);
      const before = answered.length;
      await sleep(600); // at least one retransmission, unanswered
      expect(answered.length).toBe(before);
      t.core.store.db.pragma('query_only = OFF');
      await ticking;
      expect(answered.length).toBe(before + 1);
      const host = sim.active[0]!;
      const session = await t.call('sessions.get', { id: v.id });
      expect(session.bytesIn + session.bytesOut).toBe(Math.floor(host.inBytes) + Math.floor(host.outBytes));
      expect((await t.call('status.get', {})).radius.lastWriteError).toBeNull();
    } finally {
      await sim.close();
    }
  });
});
