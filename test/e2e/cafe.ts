/**
 * A café for browser tests: serve mode (real core, real SQLite file, HTTP API, the built
 * UI) with a simulated MikroTik Hotspot on loopback talking real RADIUS to it, its
 * RouterOS API, packages, a cashier, and a router entry pointing at the simulator.
 */
import { randomBytes } from 'node:crypto';
import { inject, onTestFinished } from 'vitest';
import type { z } from 'zod';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import type { PackageView, PaymentEventBody, SessionView } from '../../src/shared/domain';
import { silentLogger } from '../../src/main/log';
import { sign } from '../../src/main/pcsync/signature';
import { startServe, type ServeOptions, type Serving } from '../../src/main/serve/run';
import { SimulatedHotspot, type SimDevice } from '../../src/main/sim/hotspot';
import { startRouterOsSim } from '../../src/main/sim/routeros-api';
import { tempDir } from '../helpers/temp';

export const ADMIN = { name: 'Ana', pin: '1234' };
export const CASHIER = { name: 'Bea', pin: '5678' };
export const MB = 1_000_000;

export interface Cafe {
  serving: Serving;
  hotspot: SimulatedHotspot;
  /** The UI link with the API token, as `iwas serve` prints it. */
  url: string;
  packages: Map<string, PackageView>;
  call<M extends MethodName>(method: M, input: MethodInput<M>, as?: 'admin' | 'cashier'): Promise<MethodOutput<M>>;
  /** Sells a package over the API as the cashier. */
  sell(packageName: string, extra?: Partial<MethodInput<'sales.sell'>>): Promise<SessionView>;
  /** A customer's device logs in on the simulated Hotspot with the voucher. */
  login(s: SessionView, device: SimDevice): Promise<void>;
  /** Changes the app's entry for the router (as an admin would in Settings). */
  updateRouter(change: Partial<MethodInput<'routers.create'>>): Promise<void>;
}

let macs = 0;
/** A phone or laptop downloading at `downMBps` MB/s (a quarter of that up). */
export function device(downMBps: number): SimDevice {
  const n = ++macs;
  return { mac: `AA:BB:CC:00:${String(Math.floor(n / 256)).padStart(2, '0')}:${(n % 256).toString(16).padStart(2, '0').toUpperCase()}`, ip: `10.5.50.${10 + (n % 240)}`, downBps: downMBps * MB, upBps: (downMBps * MB) / 4 };
}

export async function startCafe(options: Pick<ServeOptions, 'coaTiming'> = {}): Promise<Cafe> {
  const serving = await startServe({
    dataDir: tempDir(),
    port: 0,
    staticDir: inject('uiDir'),
    log: silentLogger,
    firstAdmin: ADMIN,
    radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 },
    webhook: { host: '127.0.0.1', port: 0 },
    ...options,
  });
  onTestFinished(() => serving.stop());
  const { core } = serving;
  const tokens = {
    admin: (await core.api.call('operators.signIn', { operatorId: 1, pin: ADMIN.pin }, null)) as { token: string },
    cashier: { token: '' },
  };
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>, as: 'admin' | 'cashier' = 'admin') => (await core.api.call(method, input, tokens[as].token)) as MethodOutput<M>;

  const cashier = await call('operators.create', { name: CASHIER.name, role: 'cashier', pin: CASHIER.pin });
  tokens.cashier = await call('operators.signIn', { operatorId: cashier.id, pin: CASHIER.pin });
  const packages = new Map<string, PackageView>();
  for (const p of [
    { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600, dataLimitBytes: 500 * MB, rateDownKbps: 10_000, rateUpKbps: 5_000, sortOrder: 1 },
    { name: '3 hours, 2 devices', pricing: 'fixed', priceMinor: 5000, timeLimitS: 3 * 3600, validityS: 86_400, deviceLimit: 2, sortOrder: 2 },
    { name: '50 MB', pricing: 'fixed', priceMinor: 1000, dataLimitBytes: 50 * MB, validityS: 86_400, sortOrder: 3 },
    { name: 'Data by amount', pricing: 'per_unit', priceMinor: 500, dataLimitBytes: 100 * MB, validityS: 86_400, sortOrder: 4 },
  ] as const) {
    const created = await call('packages.create', p);
    packages.set(created.name, created);
  }
  await call('settings.update', { cafe: { name: 'Netopia Café', receiptHeader: 'WiFi: Netopia-Guest', receiptFooter: 'Thank you!', receiptWidthMm: 58 }, hotspot: { loginUrl: 'http://10.5.50.1/login' } });

  const secret = randomBytes(12).toString('base64url');
  const hotspot = new SimulatedHotspot({ server: { host: '127.0.0.1', authPort: core.radius!.authPort, acctPort: core.radius!.acctPort }, secret, identity: 'front-hap', interimEveryS: 1, timeoutMs: 500 });
  await hotspot.start();
  onTestFinished(() => hotspot.close());
  const routeros = await startRouterOsSim({ user: 'iwas', password: 'router-pw-1', identity: 'front-hap', hotspot });
  onTestFinished(() => routeros.close());
  const routerInput: MethodInput<'routers.create'> = {
    name: 'Front hAP',
    ip: '127.0.0.1',
    secret,
    coaPort: hotspot.coaPort,
    requireMessageAuthenticator: 'auto',
    api: { host: '127.0.0.1', port: routeros.port, user: 'iwas', password: 'router-pw-1', tls: false },
  };
  const router = await call('routers.create', routerInput);
  // The router's clock: usage and interims move on their own, as on a real Hotspot.
  const tick = setInterval(() => void hotspot.tick(), 250);
  onTestFinished(() => clearInterval(tick));

  return {
    serving,
    hotspot,
    url: `${serving.url}#token=${serving.token}`,
    packages,
    call,
    async sell(packageName, extra = {}) {
      const { session } = await call('sales.sell', { packageId: packages.get(packageName)!.id, paidMinor: 100_00, ...extra }, 'cashier');
      return session;
    },
    async login(s, d) {
      const r = await hotspot.login(d, s.voucherCode, s.password);
      if (!r.accepted) throw new Error(`login of ${s.voucherCode} refused: ${r.message}`);
    },
    async updateRouter(change) {
      await call('routers.update', { id: router.id, ...routerInput, ...change });
    },
  };
}

/**
 * A coin slot's or e-wallet gateway's payment event as its box sends it: signed (Standard
 * Webhooks) with the source's `secret` and POSTed over HTTP to the core's LAN port. Resolves
 * the HTTP status and the answer's JSON.
 */
export async function payAtSource(cafe: Cafe, secret: string, event: z.input<typeof PaymentEventBody>, id = `evt_${randomBytes(8).toString('hex')}`): Promise<{ status: number; body: Record<string, unknown> }> {
  const port = cafe.serving.core.webhook?.port;
  if (!port) throw new Error('the café has no LAN port (startCafe starts one)');
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/payments/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, id, timestamp, body) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
