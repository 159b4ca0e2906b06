/**
 * A busy café as the reliability runs need it: a cashier selling (and topping up) with
 * idempotent request ids, customers typing those vouchers on simulated MikroTik
 * Hotspots, and the routers reporting usage every second. Everything acknowledged is
 * written down: a sale when the API answered it, a usage report when an
 * Accounting-Response came back. The runs then hold the app to that ledger.
 *
 * The app underneath may be killed at any moment: calls fail, are remembered and are
 * retried with the same request id once it is back, as the till does.
 */
import { SimulatedHotspot, type SimReport } from '../../../src/main/sim/hotspot';
import { Rng } from '../fuzz/prng';
import { ApiError, type ServeProcess } from './serve-process';

export const SECRET = 'reliability-secret';

/** Uniform in [0, 1) from the fuzzer's seeded generator, so a failing run can be repeated. */
export function prng(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next() / 0x1_0000_0000;
}

/** prng for a run's seed, spread first: nearby seeds (Date.now() a minute apart) would start the generator on similar numbers. */
export function seededRandom(seed: number): () => number {
  return prng(Math.imul(seed ^ (seed >>> 16), 0x45d9f3b) >>> 0);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface TrafficOptions {
  /** One simulated Hotspot per address (127.0.0.0/8). */
  routers: string[];
  hostsPerRouter: number;
  interimEveryS: number;
  /** Cashiers selling at once, and a pause between each one's sales. */
  sellers: number;
  sellPauseMs: number;
  /** A customer arrives at a router this often (when the café is full, the one who came first leaves). */
  loginPauseMs: number;
  /** Every n-th sale is a top-up of an earlier session (sold the same package) instead. */
  topUpEvery: number;
  /** What each customer transfers (bytes per second). */
  downBps: number;
  upBps: number;
  /** Per try and tries of the simulated routers' RADIUS client. */
  radiusTimeoutMs: number;
  radiusAttempts: number;
  random: () => number;
}

/** Packages the runs sell: long ones, and short ones that run out during the run (Disconnects). */
const PACKAGES = [
  { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600 },
  { name: '20 MB', pricing: 'fixed', priceMinor: 1000, dataLimitBytes: 20_000_000 },
  { name: '90 seconds', pricing: 'fixed', priceMinor: 500, timeLimitS: 90 },
] as const;

interface SaleAck {
  saleId: number;
  sessionId: number;
}

/** What the app acknowledged for one connection (router/Acct-Session-Id), and the most ever sent. */
export interface ReportLedger {
  router: number;
  acctSessionId: string;
  user: string;
  acked: Pick<SimReport, 'inBytes' | 'outBytes' | 'sessionTimeS'> | null;
  sent: Pick<SimReport, 'inBytes' | 'outBytes' | 'sessionTimeS'>;
  stopped: boolean;
}

export class CafeTraffic {
  readonly sims: SimulatedHotspot[] = [];
  /** The app the traffic goes to; null while it is down. */
  app: ServeProcess | null = null;
  readonly sales = new Map<string, SaleAck>();
  /** Request ids sent but not (yet) acknowledged, with what was asked. */
  readonly unsettled = new Map<string, { method: string; input: Record<string, unknown> }>();
  readonly reports = new Map<string, ReportLedger>();
  /** Request ids the app refused (4xx): they must not be in the ledger. */
  readonly refused = new Set<string>();
  readonly counts = { reportsAnswered: 0, reportsUnanswered: 0, interimsAnswered: 0, interimsUnanswered: 0, logins: 0, loginRetries: 0, callFailures: 0, salesRefused: 0, topUpsRefused: 0 };
  /** Customers (voucher codes) who never leave on their own: only a Disconnect removes them. */
  readonly stays = new Set<string>();
  /** Why the last call failed (for the run's log). */
  lastFailure = '';
  /** The routers' ids in the app, by simulator index. */
  routerIds: number[] = [];
  private packageIds: number[] = [];
  private readonly toLogin: { code: string; password: string; sessionId: number }[] = [];
  /** Sessions sold the first package (the one top-ups add), which may still be live. */
  private readonly topUpable: number[] = [];
  private readonly sessionByCode = new Map<string, number>();
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private ticker: NodeJS.Timeout | null = null;
  private nextRequest = 0;
  private nextDevice = 1;

  constructor(private readonly o: TrafficOptions, private readonly acctPort: number, private readonly authPort: number) {}

  /** Starts the simulated routers (once) and adds them and the packages to the app (first run only). */
  async setup(app: ServeProcess): Promise<void> {
    this.app = app;
    for (const [i, address] of this.o.routers.entries()) {
      const sim = new SimulatedHotspot({
        server: { host: '127.0.0.1', authPort: this.authPort, acctPort: this.acctPort },
        secret: SECRET,
        address,
        identity: `router-${i}`,
        login: 'pap',
        interimEveryS: this.o.interimEveryS,
        timeoutMs: this.o.radiusTimeoutMs,
        attempts: this.o.radiusAttempts,
      });
      await sim.start();
      sim.on('accounted', (r) => this.record(i, r));
      this.sims.push(sim);
    }
    type Router = { id: number; ip: string };
    const existing = await app.call<Router[]>('routers.list', {});
    this.routerIds = [];
    for (const [i, sim] of this.sims.entries()) {
      const found = existing.find((r) => r.ip === sim.address);
      this.routerIds.push(found?.id ?? (await app.call<Router>('routers.create', { name: `hAP ${i}`, ip: sim.address, secret: SECRET, coaPort: sim.coaPort })).id);
    }
    const packages = await app.call<{ id: number; name: string }[]>('packages.list', {});
    this.packageIds = [];
    for (const p of PACKAGES) this.packageIds.push(packages.find((x) => x.name === p.name)?.id ?? (await app.call<{ id: number }>('packages.create', p)).id);
  }

  /** Selling, logging in and ticking the routers, until `stop()`. */
  start(): void {
    this.running = true;
    for (let i = 0; i < this.o.sellers; i++) this.loops.push(this.sellLoop());
    this.loops.push(this.loginLoop());
    this.ticker = setInterval(() => {
      for (const sim of this.sims) this.track(sim.tick());
    }, 250);
  }

  /** Stops new work and waits for what is on the wire (the routers' retransmissions included). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.ticker) clearInterval(this.ticker);
    await Promise.all(this.loops.splice(0));
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
    // Stops a router sends on its own (after a Disconnect) are not among ours: wait for those too.
    while (this.sims.some((s) => s.busy)) await sleep(20);
  }

  /** Repeats every unacknowledged call with its request id until the app answers (the till's retry). */
  async settle(): Promise<void> {
    for (const [requestId, { method, input }] of [...this.unsettled]) await this.attempt(requestId, method, input, 20);
  }

  /** The session a voucher code (a Hotspot user name) was sold as. */
  sessionOf(code: string): number | undefined {
    return this.sessionByCode.get(code);
  }

  /** Whether the session was sold the hour package (it will not run out during a run). */
  isLong(sessionId: number): boolean {
    return this.topUpable.includes(sessionId);
  }

  async close(): Promise<void> {
    await Promise.all(this.sims.map((s) => s.close()));
  }

  // ---------------------------------------------------------------- internals

  private track<T>(p: Promise<T>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private record(router: number, r: SimReport): void {
    const key = `${router}/${r.acctSessionId}`;
    const entry = this.reports.get(key) ?? { router, acctSessionId: r.acctSessionId, user: r.user, acked: null, sent: { inBytes: 0, outBytes: 0, sessionTimeS: 0 }, stopped: false };
    const max = (a: ReportLedger['sent'] | null) => ({
      inBytes: Math.max(a?.inBytes ?? 0, r.inBytes),
      outBytes: Math.max(a?.outBytes ?? 0, r.outBytes),
      sessionTimeS: Math.max(a?.sessionTimeS ?? 0, r.sessionTimeS),
    });
    entry.sent = max(entry.sent);
    if (r.answered) entry.acked = max(entry.acked);
    if (r.status === 'Stop' && r.answered) entry.stopped = true;
    this.reports.set(key, entry);
    this.counts[r.answered ? 'reportsAnswered' : 'reportsUnanswered']++;
    if (r.status === 'Interim-Update') this.counts[r.answered ? 'interimsAnswered' : 'interimsUnanswered']++;
  }

  /** One call with a request id: true when acknowledged; false (and remembered) when the app did not answer. */
  private async attempt(requestId: string, method: string, input: Record<string, unknown>, tries = 1): Promise<boolean> {
    for (let t = 0; t < tries; t++) {
      const app = this.app;
      if (app) {
        // From here the app may have it: until it answers, it is owed a retry with this id.
        this.unsettled.set(requestId, { method, input });
        try {
          const r = await app.call<{ sale: { id: number }; session: { id: number; voucherCode: string; password: string } }>(method, input);
          this.unsettled.delete(requestId);
          this.sales.set(requestId, { saleId: r.sale.id, sessionId: r.session.id });
          if (method === 'sales.sell') {
            this.toLogin.push({ code: r.session.voucherCode, password: r.session.password, sessionId: r.session.id });
            if (input.packageId === this.packageIds[0]) this.topUpable.push(r.session.id);
            this.sessionByCode.set(r.session.voucherCode, r.session.id);
          }
          return true;
        } catch (err) {
          // A refusal (4xx) is an answer too: for a top-up, the session has ended meanwhile. A sale is never refused.
          if (err instanceof ApiError && err.status < 500) {
            this.unsettled.delete(requestId);
            this.counts[method === 'sales.sell' ? 'salesRefused' : 'topUpsRefused']++;
            this.refused.add(requestId);
            this.lastFailure = `${method}: ${err.message}`;
            return true;
          }
          this.counts.callFailures++;
          this.lastFailure = err instanceof Error ? err.message : String(err);
        }
      }
      if (t + 1 < tries) await sleep(250);
    }
    return false;
  }

  private async sellLoop(): Promise<void> {
    while (this.running) {
      const n = this.nextRequest++;
      const requestId = `request-${String(n).padStart(6, '0')}`;
      const pick = Math.floor(this.o.random() * this.packageIds.length);
      const topUp = n % this.o.topUpEvery === this.o.topUpEvery - 1 && this.topUpable.length > 0;
      const input = topUp
        ? { sessionId: this.topUpable[Math.floor(this.o.random() * this.topUpable.length)], packageId: this.packageIds[0], paidMinor: 2000, requestId }
        : { packageId: this.packageIds[pick], paidMinor: 2000, requestId };
      if (!(await this.attempt(requestId, topUp ? 'sessions.topUp' : 'sales.sell', input))) await sleep(100);
      if (this.o.sellPauseMs) await sleep(this.o.sellPauseMs);
    }
  }

  private async loginLoop(): Promise<void> {
    while (this.running) {
      const voucher = this.toLogin.shift();
      if (!voucher) {
        await sleep(50);
        continue;
      }
      const sim = this.sims[Math.floor(this.o.random() * this.sims.length)]!;
      if (sim.active.length >= this.o.hostsPerRouter) {
        // The café is full: the customer who came first leaves (unless the run is waiting for the router to drop them).
        const first = sim.active.filter((h) => !this.stays.has(h.user)).sort((a, b) => a.loginAt - b.loginAt)[0];
        if (first) this.track(sim.logout(first.mac));
      }
      const d = this.nextDevice++;
      const device = { mac: `02:00:00:${((d >> 16) & 255).toString(16).padStart(2, '0')}:${((d >> 8) & 255).toString(16).padStart(2, '0')}:${(d & 255).toString(16).padStart(2, '0')}`, ip: `10.5.${(d >> 8) & 255}.${d & 255}`, downBps: this.o.downBps, upBps: this.o.upBps };
      const login = sim.login(device, voucher.code, voucher.password);
      this.track(login);
      const r = await login;
      if (r.accepted) this.counts.logins++;
      else if (/not responding/.test(r.message)) {
        this.counts.loginRetries++;
        this.toLogin.unshift(voucher);
      }
      await sleep(this.o.loginPauseMs);
    }
  }
}
