/**
 * A closed-loop RADIUS load generator that records every request's latency:
 * keeps `--inflight` requests outstanding from one socket, pre-encodes every packet,
 * times send → matching reply. Loopback only, bounded in count and time.
 *
 *   node --import tsx bench/radius-load.ts auth --port 18220 --count 20000 --inflight 50
 *   node --import tsx bench/radius-load.ts acct --port 18230 --count 20000 --inflight 50 --tag x1
 *
 * Prints one line: kind, inflight, count, lost, req/s, p50/p90/p99/max in µs.
 */
import { createSocket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { encodePacket, type Attribute } from '../src/main/radius/codec';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    count: { type: 'string', default: '20000' },
    inflight: { type: 'string', default: '50' },
    tag: { type: 'string', default: 'load' },
    secret: { type: 'string', default: 'testing123' },
    timeout: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '500' },
  },
});
const kind = positionals[0];
if (kind !== 'auth' && kind !== 'acct') throw new Error('kind: auth | acct');
const port = Number(values.port);
const count = Number(values.count);
const inflight = Number(values.inflight);
const warmup = Number(values.warmup);
const timeoutMs = Number(values.timeout);
const secret = values.secret;
const total = warmup + count;

const mac = (i: number) => `AA:BB:${[24, 16, 8, 0].map((s) => ((i >> s) & 255).toString(16).padStart(2, '0').toUpperCase()).join(':')}`;
const user = (i: number) => `user${String((i % 1000) + 1).padStart(4, '0')}`;
const nas: Attribute[] = [['NAS-IP-Address', '127.0.0.1'], ['NAS-Identifier', 'cafe-mikrotik-1'], ['NAS-Port-Type', 'Wireless-802.11'], ['Called-Station-Id', 'hotspot1']];

function packet(i: number, id: number): Buffer {
  if (kind === 'auth') {
    const u = user(i);
    return encodePacket({ code: 1, identifier: id, secret, messageAuthenticator: false, attributes: [['User-Name', u], ['User-Password', `pass${u.slice(4)}`], ['Calling-Station-Id', mac(i)], ['Framed-IP-Address', '10.50.0.1'], ...nas] });
  }
  // Start, Interim x3, Stop per session, sent in rounds (every Start, then every first Interim, …)
  // as anchor's gen_requests.py does, so no report overtakes its session's Start.
  const sessions = Math.ceil(total / 5);
  const s = i % sessions;
  const round = Math.floor(i / sessions);
  const status = round === 0 ? 'Start' : round === 4 ? 'Stop' : 'Interim-Update';
  const attrs: Attribute[] = [['Acct-Status-Type', status], ['Acct-Session-Id', `${values.tag}-${s.toString(16).padStart(8, '0')}`], ['User-Name', user(s)], ['Calling-Station-Id', mac(s)], ['Framed-IP-Address', '10.50.0.1'], ['Acct-Delay-Time', 0], ...nas];
  if (round > 0) attrs.push(['Acct-Session-Time', 300 * round], ['Acct-Input-Octets', 1_000_003 * round], ['Acct-Output-Octets', 7_000_001 * round], ['Acct-Input-Gigawords', 0], ['Acct-Output-Gigawords', 0]);
  if (status === 'Stop') attrs.push(['Acct-Terminate-Cause', 'User-Request']);
  return encodePacket({ code: 4, identifier: id, secret, messageAuthenticator: false, attributes: attrs });
}

const socket = createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
const slots = new Map<number, { i: number; sent: bigint; timer: NodeJS.Timeout }>();
const latencies: number[] = [];
let next = 0;
let done = 0;
let lost = 0;
let measureStart = 0n;
const freeIds: number[] = Array.from({ length: 256 }, (_, k) => k);

const finished = new Promise<void>((resolve) => {
  const sendOne = () => {
    if (next >= total) {
      if (done >= total) resolve();
      return;
    }
    const id = freeIds.shift();
    if (id === undefined) return;
    const i = next++;
    if (i === warmup) measureStart = process.hrtime.bigint();
    const buf = packet(i, id);
    const timer = setTimeout(() => {
      slots.delete(id);
      freeIds.push(id);
      lost++;
      done++;
      sendOne();
    }, timeoutMs);
    slots.set(id, { i, sent: process.hrtime.bigint(), timer });
    socket.send(buf, port, '127.0.0.1');
  };
  socket.on('message', (msg) => {
    const id = msg[1]!;
    const slot = slots.get(id);
    if (!slot) return;
    clearTimeout(slot.timer);
    slots.delete(id);
    freeIds.push(id);
    if (slot.i >= warmup) latencies.push(Number(process.hrtime.bigint() - slot.sent) / 1000);
    done++;
    if (done >= total) resolve();
    else sendOne();
  });
  for (let k = 0; k < inflight; k++) sendOne();
});
const hardStop = setTimeout(() => {
  console.error('radius-load: gave up after 120 s');
  process.exit(2);
}, 120_000);
await finished;
clearTimeout(hardStop);
const seconds = Number(process.hrtime.bigint() - measureStart) / 1e9;
socket.close();
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
console.log(
  `kind=${kind} inflight=${inflight} count=${latencies.length} lost=${lost} rps=${(latencies.length / seconds).toFixed(0)} ` +
    `p50_us=${q(50).toFixed(0)} p90_us=${q(90).toFixed(0)} p99_us=${q(99).toFixed(0)} max_us=${(latencies.at(-1) ?? NaN).toFixed(0)}`,
);
