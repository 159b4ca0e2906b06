/**
 * A coin dropped → the device's gate open, measured from outside the app. Against a running
 * `serve` (admin PIN 1234): a simulated MikroTik (RouterOS API sim + SimulatedHotspot) whose
 * router entry has API settings, one payment source (a coin slot). For each of N devices (after
 * 20 for warm-up), one at a time (latency, not throughput): the device arrives on the WiFi (listed in
 * /ip/hotspot/host), the coin slot posts a signed payment event for it, and the time is taken
 *
 *   - from just before the POST until its 200 (HTTP, signature, the sale and the event
 *     committed and flushed to disk), and
 *   - from just before the POST until the Access-Accept for that MAC reaches the Hotspot
 *     (the above, then the app logs the device in over the RouterOS API: connect, login,
 *     /ip/hotspot/host/print, /ip/hotspot/active/login; the router's Access-Request; the
 *     app's decision; the Accept).
 *
 * The Hotspot's authentication traffic passes through a UDP relay in this process (one
 * loopback hop each way), which notes when the Access-Request leaves and the Access-Accept
 * comes back, so the time also splits at the Access-Request. Between devices it waits until
 * the app has recorded the gate as opened (outside the timing), so events do not overlap.
 *
 *   node --import tsx bench/payments.ts --api http://127.0.0.1:PORT/ --token T --lan 18270 --auth 18260 --acct 18261 --count 1000
 */
import { createSocket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { decodeAttributes, parseFrame, str } from '../src/main/radius/codec';
import { Code } from '../src/main/radius/dictionary';
import { SimulatedCoinSlot } from '../src/main/sim/coin-slot';
import { SimulatedHotspot, type SimDevice } from '../src/main/sim/hotspot';
import { startRouterOsSim } from '../src/main/sim/routeros-api';

const { values } = parseArgs({
  options: {
    api: { type: 'string' },
    token: { type: 'string' },
    lan: { type: 'string' },
    auth: { type: 'string' },
    acct: { type: 'string' },
    count: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '20' },
  },
});
const api = values.api!;
const count = Number(values.count);
const warmup = Number(values.warmup);
const total = count + warmup;
const authPort = Number(values.auth);
const SECRET = 'bench-router-secret';
const API_USER = 'iwas';
const API_PASSWORD = 'pw-bench-123';
const SOURCE = 'coin-bench';

const call = async <T>(method: string, body: unknown, operator?: string): Promise<T> => {
  const res = await fetch(`${api}api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${values.token}`, 'Content-Type': 'application/json', ...(operator ? { 'X-Operator-Token': operator } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`payments bench: ${method}: ${JSON.stringify(json)}`);
  return json;
};

// The relay between the Hotspot and the app's authentication port: notes when each MAC's
// Access-Request leaves the router and its Access-Accept comes back.
const relay = createSocket('udp4');
const requestAt = new Map<string, bigint>();
const acceptAt = new Map<string, bigint>();
const macOfIdentifier = new Map<number, string>();
const waiting = new Map<string, () => void>();
let routerPort = 0;
relay.on('message', (msg, from) => {
  const at = process.hrtime.bigint();
  if (from.port === authPort) {
    if (msg[0] === Code.AccessAccept) {
      const mac = macOfIdentifier.get(msg[1]!);
      if (mac !== undefined && !acceptAt.has(mac)) {
        acceptAt.set(mac, at);
        waiting.get(mac)?.();
      }
    }
    relay.send(msg, routerPort, '127.0.0.1');
    return;
  }
  routerPort = from.port;
  const f = parseFrame(msg);
  const d = f.ok ? decodeAttributes(f.frame) : null;
  const user = d?.ok ? str(d.attributes, 'User-Name') : null;
  if (f.ok && user !== null && !requestAt.has(user)) {
    requestAt.set(user, at);
    macOfIdentifier.set(f.frame.identifier, user);
  }
  relay.send(msg, authPort, '127.0.0.1');
});
await new Promise<void>((r) => relay.bind(0, '127.0.0.1', () => r()));

const hotspot = new SimulatedHotspot({ server: { host: '127.0.0.1', authPort: relay.address().port, acctPort: Number(values.acct) }, secret: SECRET, identity: 'bench-hap' });
await hotspot.start();
const ros = await startRouterOsSim({ user: API_USER, password: API_PASSWORD, hotspot });

const { token: op } = await call<{ token: string }>('operators.signIn', { operatorId: 1, pin: '1234' });
const router = await call<{ id: number }>(
  'routers.create',
  { name: 'bench hAP', ip: '127.0.0.1', secret: SECRET, coaPort: hotspot.coaPort, api: { host: '127.0.0.1', port: ros.port, user: API_USER, password: API_PASSWORD, tls: false } },
  op,
);
const pkg = await call<{ id: number }>('packages.create', { name: 'Data by amount', pricing: 'per_unit', priceMinor: 500, dataLimitBytes: 100_000_000, validityS: 86_400 }, op);
const { secret } = await call<{ secret: string }>('paymentSources.create', { key: SOURCE, name: 'Bench coin slot', kind: 'coin', packageIds: [pkg.id], defaultPackageId: pkg.id, routerId: router.id }, op);
const coins = new SimulatedCoinSlot({ url: `http://127.0.0.1:${values.lan}/payments/events`, source: SOURCE, secret: () => secret });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const accepted = (mac: string) =>
  new Promise<void>((resolve, reject) => {
    if (acceptAt.has(mac)) return resolve();
    const timer = setTimeout(() => reject(new Error(`payments bench: no Access-Accept for ${mac} within 5 s`)), 5000);
    waiting.set(mac, () => {
      clearTimeout(timer);
      waiting.delete(mac);
      resolve();
    });
  });
/** Until the app has recorded this event's gate as opened over the API (its last write for the event). */
const gateRecorded = async (eventId: string) => {
  for (let tries = 0; ; tries++) {
    const { events } = await call<{ events: { eventId: string; gate: string | null; gateAt: number | null; gateError: string | null }[] }>('paymentSources.events', { limit: 1 }, op);
    const e = events[0];
    if (e?.eventId === eventId && e.gateAt !== null) {
      if (e.gate !== 'router-api' || e.gateError !== null) throw new Error(`payments bench: the gate for ${eventId} took ${e.gate} (${e.gateError})`);
      return;
    }
    if (tries > 500) throw new Error(`payments bench: the gate for ${eventId} was not recorded`);
    await sleep(1);
  }
};

const gate: number[] = [];
const post: number[] = [];
const toRequest: number[] = [];
const radius: number[] = [];
for (let i = 0; i < total; i++) {
  const mac = `02:BE:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`.toUpperCase();
  const device: SimDevice = { mac, ip: `10.6.${Math.floor(i / 250)}.${(i % 250) + 2}`, downBps: 0, upBps: 0 };
  hotspot.arrive(device);
  const eventId = `evt_bench_${Date.now()}_${i}`;
  const t0 = process.hrtime.bigint();
  const r = await coins.insert({ mac, ip: device.ip }, 1000, { eventId });
  const t200 = process.hrtime.bigint();
  if (r.status !== 200 || (r.body as { gate?: string }).gate !== 'router-api') throw new Error(`payments bench: the event answered ${r.status}: ${JSON.stringify(r.body)}`);
  await accepted(mac);
  await gateRecorded(eventId);
  while (hotspot.busy) await sleep(1);
  if (i < warmup) continue;
  const us = (b: bigint) => Number(b - t0) / 1000;
  post.push(us(t200));
  gate.push(us(acceptAt.get(mac)!));
  toRequest.push(us(requestAt.get(mac)!));
  radius.push(Number(acceptAt.get(mac)! - requestAt.get(mac)!) / 1000);
}
const logins = ros.writes.filter((w) => w.startsWith('/ip/hotspot/active/login')).length;
await ros.close();
await hotspot.close();
relay.close();
if (logins !== total) throw new Error(`payments bench: ${logins} API logins for ${total} events`);

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const line = (name: string, xs: number[]) => `${name}_p50_us=${q(xs, 50).toFixed(0)} ${name}_p90_us=${q(xs, 90).toFixed(0)} ${name}_p99_us=${q(xs, 99).toFixed(0)} ${name}_max_us=${q(xs, 100).toFixed(0)}`;
console.log(
  `payment->accept count=${gate.length} ${line('gate', gate)} ${line('post', post)} ${line('request', toRequest)} ${line('radius', radius)}` +
    ` ratio_p50=${(q(gate, 50) / q(post, 50)).toFixed(2)} ratio_p99=${(q(gate, 99) / q(post, 99)).toFixed(2)}`,
);
