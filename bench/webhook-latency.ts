/**
 * Webhook received → Disconnect-Request on the wire, measured from outside the app.
 * Against a running `serve` (admin PIN 1234): sets up a router whose CoA port is this
 * process, sells N sessions linked to PC users, brings each online (Accounting
 * Start), then for each posts a signed pc.logout and times it until that session's
 * Disconnect-Request arrives here. One event at a time (latency, not throughput).
 *
 *   node --import tsx bench/webhook-latency.ts --api http://127.0.0.1:PORT/ --token T --webhook 18250 --acct 18241 --count 1000
 */
import { createSocket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { decodeAttributes, encodePacket, parseFrame, str } from '../src/main/radius/codec';
import { sign } from '../src/main/pcsync/signature';

const { values } = parseArgs({
  options: { api: { type: 'string' }, token: { type: 'string' }, webhook: { type: 'string' }, acct: { type: 'string' }, count: { type: 'string', default: '1000' }, warmup: { type: 'string', default: '50' } },
});
const api = values.api!;
const count = Number(values.count);
const warmup = Number(values.warmup);
const total = count + warmup;
const secret = 'testing123';

const call = async (method: string, body: unknown, operator?: string) => {
  const res = await fetch(`${api}api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${values.token}`, 'Content-Type': 'application/json', ...(operator ? { 'X-Operator-Token': operator } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(json)}`);
  return json;
};

// The router's CoA port: ACKs every Disconnect and notes when it arrived.
const coa = createSocket('udp4');
const arrivals = new Map<string, bigint>();
coa.on('message', (msg, from) => {
  const at = process.hrtime.bigint();
  const f = parseFrame(msg);
  if (!f.ok) return;
  const d = decodeAttributes(f.frame);
  const user = d.ok ? str(d.attributes, 'User-Name') : null;
  if (user) arrivals.set(user, at);
  coa.send(encodePacket({ code: 41, identifier: f.frame.identifier, authenticator: f.frame.authenticator, secret, messageAuthenticator: true, attributes: [] }), from.port, from.address);
});
await new Promise<void>((r) => coa.bind(0, '127.0.0.1', () => r()));

const { token: op } = (await call('operators.signIn', { operatorId: 1, pin: '1234' })) as { token: string };
await call('routers.create', { name: 'bench', ip: '127.0.0.1', secret, coaPort: coa.address().port, requireMessageAuthenticator: 'no' }, op);
const pkg = (await call('packages.create', { name: 'Bench', pricing: 'fixed', priceMinor: 100, timeLimitS: 86400 }, op)) as { id: number };
const { secret: hookSecret } = (await call('pcsync.status', {}, op)) as { secret: string };

const acct = createSocket('udp4');
await new Promise<void>((r) => acct.bind(0, '127.0.0.1', () => r()));
const codes: string[] = [];
for (let i = 0; i < total; i++) {
  const sold = (await call('sales.sell', { packageId: pkg.id, paidMinor: 100, pcUser: `pc${i}` }, op)) as { session: { voucherCode: string } };
  codes.push(sold.session.voucherCode);
  const start = encodePacket({
    code: 4,
    identifier: i % 256,
    secret,
    messageAuthenticator: false,
    attributes: [['Acct-Status-Type', 'Start'], ['Acct-Session-Id', `wh-${i}`], ['User-Name', sold.session.voucherCode], ['Calling-Station-Id', 'AA:BB:CC:00:00:01']],
  });
  await new Promise<void>((r) => {
    acct.once('message', () => r());
    acct.send(start, Number(values.acct), '127.0.0.1');
  });
}

const latencies: number[] = [];
for (let i = 0; i < total; i++) {
  const id = `msg_bench_${Date.now()}_${i}`;
  const ts = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ type: 'pc.logout', data: { pcUser: `pc${i}`, occurredAt: Date.now() } });
  const t0 = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${values.webhook}/webhooks/pc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sign(hookSecret, id, ts, body) },
    body,
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  const deadline = Date.now() + 2000;
  while (!arrivals.has(codes[i]!) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  const at = arrivals.get(codes[i]!);
  if (at === undefined) throw new Error(`no Disconnect for pc${i}`);
  if (i >= warmup) latencies.push(Number(at - t0) / 1000);
}
coa.close();
acct.close();
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
console.log(`webhook->disconnect count=${latencies.length} p50_us=${q(50).toFixed(0)} p90_us=${q(90).toFixed(0)} p99_us=${q(99).toFixed(0)} max_us=${latencies.at(-1)!.toFixed(0)}`);
