/**
 * Event loop delay of serve mode at idle, with 5,000 customers online against none, same run.
 *
 * One serve-mode core in this process (`startServe`, as `npm run serve` runs it: RADIUS and the
 * PC-sync webhook on 127.0.0.1, a real SQLite file in a temp directory (WAL flushed off the event loop), its
 * scheduler running every task at its real interval: status 1 s, disconnect outbox 2 s,
 * expiry 3 s, stale sweep 30 s). Backups are off, as in every bench. Two idle windows:
 *
 *   0       a router and a package, no session (the reference)
 *   N       then N first-use voucher cards (`batches.create`), each logged in by a simulated
 *           MikroTik Hotspot over real UDP (PAP: Access-Request → Accept sells and starts the
 *           card; Accounting Start → one open connection), 32 logins at a time; the Hotspot is
 *           closed before the window (it sends nothing while idle anyway)
 *
 * Before each window, each of those tasks is run alone five times (scheduler.runNow) and its
 * median cost printed, to tell which one blocks. Then the window waits SETTLE s and records
 * `monitorEventLoopDelay({ resolution: 10 })` and the event loop utilisation for SECONDS s
 * (30 s always holds 30 status ticks, 10 expiry sweeps and one stale sweep). Node's histogram
 * records the time between its 10 ms timer's runs, so 10 ms is subtracted: the figures are how
 * late the loop was. Prints per window:
 *
 *   eventloop-tasks connections=… status_ms=… outbox_ms=… expiry_ms=… stale_sweep_ms=…
 *   eventloop connections=… live_sessions=… seconds=… samples=… p50_ms=… p99_ms=… max_ms=… busy_ms_per_s=… cpu_ms_per_s=…
 *
 * busy_ms_per_s: the loop's active time per second (event loop utilisation); cpu_ms_per_s: the
 * process's CPU per second, every thread (GC helpers, SQLite in the thread pool included).
 *
 *   node --import tsx bench/event-loop.ts [--connections 5000] [--seconds 30] [--settle 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { MethodInput, MethodName, MethodOutput } from '../src/shared/contract';
import { MAX_BATCH_CARDS } from '../src/shared/domain';
import { createLogger, stderrSink, type LogSink } from '../src/main/log';
import { startServe } from '../src/main/serve/run';
import { SimulatedHotspot } from '../src/main/sim/hotspot';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '30' },
    settle: { type: 'string', default: '5' },
  },
});
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const SETTLE_S = Number(values.settle);
if (!(CONNECTIONS > 0 && SECONDS > 0 && SETTLE_S >= 0)) throw new Error('usage: event-loop.ts [--connections N>0] [--seconds S>0] [--settle S>=0]');
const RESOLUTION_MS = 10;
/** The scheduler's tasks that run within a 30 s window (every 1 s, 2 s, 3 s and 30 s). */
const TASKS = ['status', 'outbox', 'expiry', 'stale-sweep'];
const LOGINS_IN_FLIGHT = 32;
const SECRET = 'testing123';
const ADMIN = { name: 'Ana', pin: '1234' };

const dataDir = mkdtempSync(join(tmpdir(), 'iwas-bench-eventloop-'));
// Measured as the app runs: with the authentication socket on its UDP thread, not on the fallback.
let noThread = '';
const sink: LogSink = (l) => {
  if (l.message.includes('UDP thread')) noThread ||= l.message;
  stderrSink(l);
};
const serving = await startServe({
  dataDir,
  port: 0,
  staticDir: null,
  lanUi: false,
  backups: false,
  firstAdmin: ADMIN,
  radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 },
  webhook: { host: '127.0.0.1', port: 0 },
  log: createLogger(sink, 'warn'),
});
if (noThread) throw new Error(`eventloop: ${noThread}: not the server the app runs`);
const { core } = serving;
let simOpen = false;
const sim = new SimulatedHotspot({ server: { host: '127.0.0.1', authPort: core.radius!.authPort, acctPort: core.radius!.acctPort }, secret: SECRET, login: 'pap' });
let stopping: Promise<void> | null = null;
/** Closes the Hotspot and the core and removes the data directory; once, whoever asks first. */
const shutdown = () =>
  (stopping ??= (async () => {
    if (simOpen) await sim.close();
    await serving.stop();
    rmSync(dataDir, { recursive: true, force: true });
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown().finally(() => process.exit(130)));

try {
  const { token } = (await core.api.call('operators.signIn', { operatorId: 1, pin: ADMIN.pin }, null)) as { token: string };
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>) => (await core.api.call(method, input, token)) as MethodOutput<M>;
  await sim.start();
  simOpen = true;
  await call('routers.create', { name: 'hAP ac²', ip: '127.0.0.1', secret: SECRET, coaPort: sim.coaPort });
  const pkg = await call('packages.create', { name: '3 hours', pricing: 'fixed', priceMinor: 5000, timeLimitS: 3 * 3600, dataLimitBytes: 2_000_000_000, rateDownKbps: 5000, rateUpKbps: 2000 });

  await idle(0);

  const t0 = performance.now();
  const cards: { code: string; password: string }[] = [];
  while (cards.length < CONNECTIONS) {
    const batch = await call('batches.create', { packageId: pkg.id, count: Math.min(MAX_BATCH_CARDS, CONNECTIONS - cards.length) });
    cards.push(...batch.cards);
  }
  // A Start the app did not answer would leave a card sold but offline: stop at the first.
  let unanswered: string | null = null;
  sim.on('accounted', (r) => {
    if (!r.answered) unanswered ??= r.user;
  });
  let next = 0;
  const loginAll = async () => {
    for (let i = next++; i < cards.length && unanswered === null; i = next++) {
      const device = { mac: `AA:BB:CC:${[16, 8, 0].map((s) => ((i >> s) & 255).toString(16).padStart(2, '0')).join(':')}`, ip: `10.5.${i >> 8}.${(i & 255) + 1}`, downBps: 0, upBps: 0 };
      const r = await sim.login(device, cards[i]!.code, cards[i]!.password);
      if (!r.accepted) throw new Error(`eventloop: card ${i} was not accepted: ${r.message}`);
    }
  };
  await Promise.all(Array.from({ length: LOGINS_IN_FLIGHT }, loginAll));
  if (unanswered !== null) throw new Error(`eventloop: the app did not answer the Accounting Start of card ${unanswered}`);
  simOpen = false;
  await sim.close();
  const open = core.store.connections.allOpen().length;
  if (open !== CONNECTIONS) throw new Error(`eventloop: ${open} open connections after ${CONNECTIONS} logins`);
  console.error(`eventloop: ${CONNECTIONS} cards sold and online in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  await idle(CONNECTIONS);
  const still = core.store.connections.allOpen().length;
  if (still !== CONNECTIONS) throw new Error(`eventloop: ${still} of ${CONNECTIONS} connections still open after the window (not idle)`);
} finally {
  await shutdown();
}

/** Prints what each periodic task costs when run alone now (median of 5), waits SETTLE_S, then measures the loop's delay over SECONDS of idle. */
async function idle(connections: number): Promise<void> {
  const costs: string[] = [];
  for (const name of TASKS) {
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await core.scheduler.runNow(name);
      ms.push(performance.now() - t);
    }
    costs.push(`${name.replace('-', '_')}_ms=${ms.sort((a, b) => a - b)[2]!.toFixed(2)}`);
  }
  console.log(`eventloop-tasks connections=${connections} ${costs.join(' ')}`);
  await sleep(SETTLE_S * 1000);
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  h.enable();
  await sleep(SECONDS * 1000);
  h.disable();
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  const late = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS).toFixed(2);
  const live = core.store.sessions.countLive();
  console.log(
    `eventloop connections=${connections} live_sessions=${live} seconds=${SECONDS} samples=${h.count} ` +
      `p50_ms=${late(h.percentile(50))} p99_ms=${late(h.percentile(99))} max_ms=${late(h.max)} busy_ms_per_s=${(elu.utilization * 1000).toFixed(1)} cpu_ms_per_s=${((cpu.user + cpu.system) / 1000 / SECONDS).toFixed(1)}`,
  );
}
