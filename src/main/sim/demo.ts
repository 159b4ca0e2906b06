/**
 * `iwas demo`: the app with a simulated café around it, for anyone without a MikroTik.
 * Serve mode, plus a simulated Hotspot (RADIUS client, CoA listener), its RouterOS API,
 * a simulated PC manager and a coin slot; then a short story: customers buy vouchers and
 * log in, usage counts up, and each way a session ends happens once — a data cap, a PC
 * logout, a second device, the cashier ending one, time running out — while a customer
 * pays at the coin slot (online without typing anything, topped up by a second coin,
 * cut at what the coins bought) and walk-ins keep arriving.
 */
import { randomBytes } from 'node:crypto';
import type { PackageInput, SessionView } from '../../shared/domain';
import { formatBytes, formatDuration } from '../../shared/format';
import { timeLeftAt } from '../../shared/engine/countdown';
import type { Logger } from '../log';
import { startServe, type Serving } from '../serve/run';
import { SimulatedHotspot, type SimDevice } from './hotspot';
import { SimulatedCoinSlot } from './coin-slot';
import { SimulatedPcManager } from './pc-manager';
import { startRouterOsSim, type RouterOsSim } from './routeros-api';

export const DEMO_ADMIN = { name: 'Admin', pin: '1234' };
/** The cashier someone trying the demo signs in as: her shift holds only what she sells herself. */
export const DEMO_CASHIER = { name: 'Bea', pin: '5678' };
/** The cashier at the café's other till, who sells the story's vouchers (so they are not in Bea's drawer). */
export const DEMO_OTHER_TILL = { name: 'Cora', pin: '2468' };

export interface DemoOptions {
  dataDir: string;
  port: number;
  token?: string | undefined;
  staticDir: string | null;
  log: Logger;
  /** Story lines and the live table. */
  out: (line: string) => void;
  /** Print the live table every this many seconds (0 = never). */
  tableEveryS?: number;
}

export interface Demo {
  serving: Serving;
  hotspot: SimulatedHotspot;
  stop(): Promise<void>;
}

const MB = 1_000_000;

const packages: PackageInput[] = [
  { name: '2 minutes (demo)', pricing: 'fixed', priceMinor: 500, timeLimitS: 120, validityS: null, dataLimitBytes: null, rateDownKbps: 10_000, rateUpKbps: 5_000, deviceLimit: 1, idleTimeoutS: null, sortOrder: 1, unusedExpiryS: null },
  { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600, validityS: null, dataLimitBytes: null, rateDownKbps: 10_000, rateUpKbps: 5_000, deviceLimit: 1, idleTimeoutS: 600, sortOrder: 2, unusedExpiryS: null },
  { name: '3 hours, 2 devices', pricing: 'fixed', priceMinor: 5000, timeLimitS: 3 * 3600, validityS: 86400, dataLimitBytes: null, rateDownKbps: 20_000, rateUpKbps: 5_000, deviceLimit: 2, idleTimeoutS: null, sortOrder: 3, unusedExpiryS: null },
  { name: '100 MB', pricing: 'fixed', priceMinor: 1000, timeLimitS: null, validityS: 86400, dataLimitBytes: 100 * MB, rateDownKbps: 20_000, rateUpKbps: 5_000, deviceLimit: 1, idleTimeoutS: null, sortOrder: 4, unusedExpiryS: null },
  { name: 'Data by amount (₱5 / 100 MB)', pricing: 'per_unit', priceMinor: 500, timeLimitS: null, validityS: 86400, dataLimitBytes: 100 * MB, rateDownKbps: null, rateUpKbps: null, deviceLimit: 1, idleTimeoutS: null, sortOrder: 5, unusedExpiryS: null },
];

function device(n: number, downBps: number, upBps = downBps / 4): SimDevice {
  const mac = `AA:BB:CC:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`.toUpperCase();
  return { mac, ip: `10.5.50.${10 + (n % 240)}`, downBps, upBps };
}

/** Starts the demo café; `stop` ends it cleanly. */
export async function startDemo(o: DemoOptions): Promise<Demo> {
  const serving = await startServe({
    lanUi: false,
    dataDir: o.dataDir,
    port: o.port,
    token: o.token,
    staticDir: o.staticDir,
    log: o.log,
    firstAdmin: DEMO_ADMIN,
    radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 },
    webhook: { host: '127.0.0.1', port: 0 },
  });
  const { core } = serving;
  const started = Date.now();
  const stamp = () => {
    const s = Math.floor((Date.now() - started) / 1000);
    return `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}]`;
  };
  const say = (line: string) => o.out(`${stamp()} ${line}`);
  const timers: NodeJS.Timeout[] = [];
  let hotspot: SimulatedHotspot | null = null;
  let routeros: RouterOsSim | null = null;

  try {
    const call = <T>(method: string, input: unknown, token: string | null) => core.api.call(method, input, token) as Promise<T>;
    const admin = (await call<{ token: string }>('operators.signIn', { operatorId: 1, pin: DEMO_ADMIN.pin }, null)).token;

    // First run: the café's packages, settings that make the story quick; the two cashiers whenever one is missing.
    if ((await call<unknown[]>('packages.list', { includeRetired: true }, admin)).length === 0) {
      for (const p of packages) await call('packages.create', p, admin);
      await call('settings.update', { cafe: { name: 'Netopia Café (demo)', receiptHeader: 'Free WiFi with every game hour', receiptFooter: 'Thank you!' }, radius: { interimIntervalS: 30, staleAfterIntervals: 3 }, hotspot: { loginUrl: 'http://10.5.50.1/login' } }, admin);
    }
    const roster = await call<{ id: number; name: string }[]>('operators.roster', {}, null);
    for (const c of [DEMO_CASHIER, DEMO_OTHER_TILL]) {
      if (!roster.some((x) => x.name === c.name)) roster.push(await call<{ id: number; name: string }>('operators.create', { name: c.name, role: 'cashier', pin: c.pin }, admin));
    }
    // The story's sales and its ended session are the other till's: Bea's drawer and shift stay the user's own.
    const cashierId = roster.find((x) => x.name === DEMO_OTHER_TILL.name)!.id;
    const cashier = (await call<{ token: string }>('operators.signIn', { operatorId: cashierId, pin: DEMO_OTHER_TILL.pin }, null)).token;
    const byName = new Map((await call<{ id: number; name: string }[]>('packages.list', {}, admin)).map((p) => [p.name, p.id]));

    // The simulated router, its API, and the app's router entry pointing at them.
    const secret = randomBytes(12).toString('base64url');
    hotspot = new SimulatedHotspot({
      server: { host: '127.0.0.1', authPort: core.radius!.authPort, acctPort: core.radius!.acctPort },
      secret,
      identity: 'front-desk-hap',
      interimEveryS: 3,
    });
    await hotspot.start();
    routeros = await startRouterOsSim({ user: 'admin', password: 'demo-router', identity: 'front-desk-hap', hotspot });
    const existing = (await call<{ id: number; ip: string }[]>('routers.list', {}, admin)).find((r) => r.ip === '127.0.0.1');
    const router = {
      name: 'Front desk hAP (simulated)',
      ip: '127.0.0.1',
      secret,
      coaPort: hotspot.coaPort,
      requireMessageAuthenticator: 'auto',
      api: { host: '127.0.0.1', port: routeros.port, user: 'admin', password: 'demo-router', tls: false },
    };
    // The coin slot by the door (piso WiFi): ₱5 per 100 MB; made before Provision, so the login page offers its MAC login. Its secret is shown once: each run gives it a new one.
    const coinPackage = byName.get('Data by amount (₱5 / 100 MB)')!;
    const sources = await call<{ sources: { id: number; key: string }[] }>('paymentSources.list', {}, admin);
    const coinSource = sources.sources.find((x) => x.key === 'coin-door');
    const coinSecret = coinSource
      ? (await call<{ secret: string }>('paymentSources.rotateSecret', { id: coinSource.id }, admin)).secret
      : (await call<{ secret: string }>('paymentSources.create', { key: 'coin-door', name: 'Coin slot by the door', kind: 'coin', packageIds: [coinPackage], defaultPackageId: coinPackage }, admin)).secret;
    const coins = new SimulatedCoinSlot({ url: `http://127.0.0.1:${core.webhook!.port}/payments/events`, source: 'coin-door', secret: () => coinSecret });
    const routerId = existing ? (await call<{ id: number }>('routers.update', { id: existing.id, ...router }, admin)).id : (await call<{ id: number }>('routers.create', router, admin)).id;
    const provisioned = await call<{ ok: boolean; steps: { what: string; changed: boolean }[]; error: string | null }>('routers.provision', { id: routerId }, admin);
    say(provisioned.ok ? `router provisioned over its API: ${provisioned.steps.filter((s) => s.changed).length} settings changed` : `router provisioning failed: ${provisioned.error}`);

    const pcs = new SimulatedPcManager({ url: `http://127.0.0.1:${core.webhook!.port}/webhooks/pc`, secret: () => core.pcsync.secret() ?? '' });
    const sim = hotspot;
    const names = new Map<string, string>();
    const why: Record<string, string> = {
      'Session-Timeout': 'time used up',
      'NAS-Request': 'data used up',
      'Admin-Reset': 'disconnected by the app',
      'Idle-Timeout': 'idle',
      'User-Request': 'logged out',
    };
    sim.on('logout', (h, cause) => say(`${names.get(h.user) ?? h.user}'s device ${h.mac} is off the WiFi (${why[cause] ?? cause}) after ${formatBytes(h.inBytes + h.outBytes)}`));

    let customers = 0;
    const sell = async (name: string, packageName: string, extra: Record<string, unknown> = {}) => {
      const { session } = await call<{ session: SessionView }>('sales.sell', { packageId: byName.get(packageName), paidMinor: 10_000, ...extra }, cashier);
      names.set(session.voucherCode, name);
      say(`${name} bought "${packageName}": voucher ${session.voucherCode}`);
      return session;
    };
    const login = async (name: string, s: SessionView, d: SimDevice) => {
      const r = await sim.login(d, s.voucherCode, s.password);
      say(r.accepted ? `${name} logged in on ${d.mac}` : `${name} could not log in: ${r.message}`);
    };
    const at = (seconds: number, fn: () => Promise<void>) => {
      const timer = setTimeout(() => fn().catch((err: unknown) => o.log.error('demo step failed', { err })), seconds * 1000);
      timers.push(timer);
    };

    // The story, once the banner is out.
    const opening = { ana: null as SessionView | null, eli: null as SessionView | null };
    at(0.5, async () => {
      opening.ana = await sell('Ana', '1 hour');
      const ben = await sell('Ben', '100 MB');
      const chen = await sell('Chen', '1 hour', { pcUser: 'chen', pcStation: 'PC-04' });
      const dina = await sell('Dina', '2 minutes (demo)');
      opening.eli = await sell('Eli', '3 hours, 2 devices');
      await login('Ana', opening.ana, device(1, 0.4 * MB));
      await login('Ben', ben, device(2, 1.5 * MB)); // 100 MB at ~1.9 MB/s: the cap in about a minute
      await login('Chen', chen, device(3, 0.8 * MB));
      await login('Dina', dina, device(4, 0.3 * MB)); // "2 minutes": the router's Session-Timeout cuts her
      await login('Eli', opening.eli, device(5, 0.6 * MB));
    });
    const paolo = device(7, 1.2 * MB);
    const insertCoin = async (amountMinor: number) => {
      const sent = Date.now();
      const r = await coins.insert(paolo, amountMinor);
      if (r.status !== 200) return say(`the coin slot's payment was refused (${r.status}): ${JSON.stringify(r.body)}`);
      const b = r.body as { voucherCode: string; outcome: string; granted: { dataBytes: number | null } };
      names.set(paolo.mac, 'Paolo');
      say(`Paolo drops ₱${amountMinor / 100} in the coin slot: ${b.outcome === 'new' ? 'a new session for his phone' : 'his session is topped up'} (+${formatBytes(b.granted.dataBytes ?? 0)})`);
      if (b.outcome === 'new') {
        while (!sim.host(paolo.mac) && Date.now() - sent < 10_000) await new Promise((r) => setTimeout(r, 20));
        say(sim.host(paolo.mac) ? `Paolo is online ${((Date.now() - sent) / 1000).toFixed(1)} s after the coin, without typing anything (the app logged his phone in over the router's API)` : 'Paolo is not online yet');
      }
    };
    at(8, async () => {
      sim.arrive(paolo);
      await insertCoin(500);
    });
    at(50, () => insertCoin(500));

    at(30, async () => {
      say('Chen logs out of PC-04: the PC manager tells the app');
      await pcs.logout('chen', 'PC-04');
    });
    at(45, async () => {
      say('Ana logs in on her laptop too (a one-device package): the phone is disconnected first');
      await login('Ana', opening.ana!, device(6, 1 * MB));
    });
    at(75, async () => {
      say('Eli asks to stop: the cashier ends the session');
      await call('sessions.end', { id: opening.eli!.id, reason: 'Customer asked to stop' }, cashier);
    });
    const walkIns = ['Faye', 'Gio', 'Hana', 'Ivan', 'Jun', 'Kai', 'Lea', 'Migs', 'Nina', 'Oli'];
    const walkIn = setInterval(() => {
      const live = sim.active.length;
      if (live >= 10) return;
      const name = walkIns[customers++ % walkIns.length]!;
      const pick = ['1 hour', '100 MB', '2 minutes (demo)', '3 hours, 2 devices'][customers % 4]!;
      void (async () => {
        const s = await sell(name, pick);
        await login(name, s, device(100 + customers, (0.2 + Math.random()) * MB));
      })().catch((err: unknown) => o.log.error('demo walk-in failed', { err }));
    }, 20_000);
    timers.push(walkIn);

    const tick = setInterval(() => void sim.tick(), 1000);
    timers.push(tick);
    if ((o.tableEveryS ?? 10) > 0) {
      const table = setInterval(() => {
        void call<{ sessions: SessionView[] }>('sessions.list', {}, admin).then(({ sessions }) => o.out(liveTable(sessions)));
      }, (o.tableEveryS ?? 10) * 1000);
      timers.push(table);
    }
  } catch (err) {
    for (const t of timers) clearTimeout(t);
    await hotspot?.close();
    await routeros?.close();
    await serving.stop();
    throw err;
  }

  return {
    serving,
    hotspot,
    async stop() {
      for (const t of timers) clearTimeout(t);
      await serving.stop();
      await hotspot!.close();
      await routeros!.close();
    },
  };
}

/** The live sessions as a small text table. */
export function liveTable(sessions: SessionView[]): string {
  const now = Date.now();
  const rows = sessions.map((s) => {
    const used = s.bytesIn + s.bytesOut;
    const data = s.dataLimitBytes === null ? formatBytes(used) : `${formatBytes(used)} / ${formatBytes(s.dataLimitBytes)}`;
    const left = timeLeftAt(s, now);
    const time = left === null ? '–' : formatDuration(left);
    return `  ${s.voucherCode.padEnd(8)} ${s.state.padEnd(10)} ${s.packageName.padEnd(28)} ${String(s.devices.length).padStart(2)} dev  ${data.padEnd(20)} ${time} left`;
  });
  return [`  live sessions: ${sessions.length}`, ...rows].join('\n');
}
