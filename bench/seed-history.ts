/**
 * Seeds a data directory for the start-up benchmark: a café a year into its life.
 * One router, an admin and two cashiers, five packages, and N past sessions (default
 * 100,000) spread over the last year's opening hours — mostly EXPIRED (time, data or
 * validity used up), some TERMINATED (PC logout, ended at the counter, never used),
 * a few voided — each with its sale row(s) (some with a top-up), its connections with
 * usage counters, the Disconnects that were sent, and its audit trail. Plus what a
 * restart finds live: 50 ACTIVE sessions with an open connection each and 10 PENDING.
 *
 * The schema comes from the project's own migrations (createCore); the history is
 * bulk-inserted in one transaction with prepared statements. Deterministic (seeded
 * PRNG). Ends with integrity_check and foreign_key_check and throws if either fails.
 *
 *   node --import tsx bench/seed-history.ts DATA_DIR [--sessions 100000]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createCore } from '../src/main/core';
import { expiryReason } from '../src/shared/engine/expiry';
import { VOUCHER_ALPHABET } from '../src/shared/engine/vouchers';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { sessions: { type: 'string', default: '100000' } } });
const dir = positionals[0];
const total = Number(values.sessions);
if (!dir || !Number.isInteger(total) || total < 1) throw new Error('usage: seed-history.ts DATA_DIR [--sessions 100000]');

const t0 = performance.now();
const DAY = 86400_000;
const now = Date.now();
// The history ends two days ago, so every past session (a day pass lasts 24 h) ended before now.
const firstDay = Math.floor(now / DAY) * DAY - 367 * DAY;
const days = 365;

// mulberry32: a small seeded PRNG, so every run seeds the same café.
let seed = 0x1f2e3d4c;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(weighted: readonly (readonly [T, number])[]): T => {
  let r = rand() * weighted.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of weighted) if ((r -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
};
const code = () => Array.from({ length: 6 }, () => VOUCHER_ALPHABET[int(0, VOUCHER_ALPHABET.length - 1)]).join('');
const mac = () => Array.from({ length: 6 }, () => int(0, 255).toString(16).padStart(2, '0').toUpperCase()).join(':');

// ---------------------------------------------------------------- set-up through the API
const core = await createCore({ dataDir: dir });
if (core.store.db.prepare('SELECT count(*) AS n FROM sessions').pluck().get() !== 0) throw new Error(`seed-history: ${dir} already has sessions`);
const { token } = await core.operators.createFirstAdmin('Bench', '1234');
const call = async <T>(method: string, input: unknown) => (await core.api.call(method as never, input as never, token)) as T;
const cashiers = [await call<{ id: number }>('operators.create', { name: 'Ana', role: 'cashier', pin: '2345' }), await call<{ id: number }>('operators.create', { name: 'Ben', role: 'cashier', pin: '3456' })];
const router = await call<{ id: number; name: string }>('routers.create', { name: 'Front hAP', ip: '127.0.0.1', secret: 'testing123', requireMessageAuthenticator: 'no' });
const mk = (p: Record<string, unknown>) => call<{ id: number }>('packages.create', { pricing: 'fixed', rateDownKbps: 10_000, rateUpKbps: 5_000, ...p });
const pkgIds = [
  (await mk({ name: '1 hour', priceMinor: 2_000, timeLimitS: 3600 })).id,
  (await mk({ name: '3 hours', priceMinor: 5_000, timeLimitS: 3 * 3600 })).id,
  (await mk({ name: 'Day pass', priceMinor: 10_000, validityS: 86400, deviceLimit: 2 })).id,
  (await mk({ name: '1 GB', priceMinor: 3_000, dataLimitBytes: 10 ** 9 })).id,
  (await mk({ name: 'Per 30 min', pricing: 'per_unit', priceMinor: 1_000, timeLimitS: 1800 })).id,
];
const db = core.store.db;
// They have existed since before the first sale.
for (const t of ['operators', 'routers', 'packages']) db.prepare(`UPDATE ${t} SET created_at = ?, updated_at = ?`).run(firstDay - DAY, firstDay - DAY);
const pkgs = pkgIds.map((id) => {
  const p = core.store.packages.get(id)!;
  return { ...p, terms: JSON.stringify(p) };
});
type Pkg = (typeof pkgs)[number];

// ---------------------------------------------------------------- prepared inserts (positional: the bulk path)
const insSession = db.prepare(
  `INSERT INTO sessions (login, voucher_code, password, mac, state, package_id, package_name, time_limit_s, validity_s, data_limit_bytes,
     rate_down_kbps, rate_up_kbps, device_limit, idle_timeout_s, bytes_in, bytes_out, time_used_s, created_at, first_login_at,
     last_update_at, ended_at, end_reason)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insSale = db.prepare(
  `INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor, payment_method,
     granted_time_s, granted_data_bytes, granted_validity_s, operator_id, voids_sale_id, reason, request_id, created_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insConnection = db.prepare(
  `INSERT INTO connections (session_id, router_id, acct_session_id, user_name, mac, ip, started_at, last_update_at, ended_at, end_cause,
     in_octets, out_octets, session_time_s)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insOutbox = db.prepare(
  `INSERT INTO disconnect_outbox (kind, connection_id, session_id, router_id, reason, status, attempts, next_attempt_at, created_at, updated_at)
   VALUES ('disconnect', ?, ?, ?, ?, 'done', 1, ?, ?, ?)`,
);
// A session goes in PENDING with its sale and is completed once its story is known.
const complete = db.prepare(
  `UPDATE sessions SET state = ?, time_limit_s = ?, data_limit_bytes = ?, validity_s = ?, first_login_at = ?, bytes_in = ?, bytes_out = ?,
     time_used_s = ?, last_update_at = ?, ended_at = ?, end_reason = ? WHERE id = ?`,
);
const insAudit = db.prepare(
  `INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, entity, entity_id, from_state, to_state, reason, details)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);

type Actor = readonly [kind: string, id: number | null, name: string];
const routerActor: Actor = ['router', router.id, router.name];
const scheduler: Actor = ['system', null, 'scheduler'];
const operatorActors: Actor[] = [['operator', 1, 'Bench'], ['operator', cashiers[0]!.id, 'Ana'], ['operator', cashiers[1]!.id, 'Ben']];
const audit = (at: number, a: Actor, action: string, entity: string, id: number, from: string | null, to: string | null, reason: string | null, details: unknown) =>
  insAudit.run(at, a[0], a[1], a[2], action, entity, id, from, to, reason, details === null ? null : JSON.stringify(details));

let acctCounter = 0x81a00000;
const counts = { sessions: 0, sales: 0, connections: 0, outbox: 0, audit: 0, live: 0 };

/** One sale (or top-up) row; returns its id, price, payment method and what it granted. */
function sell(kind: 'sale' | 'topup', sessionId: number, p: Pkg, op: Actor, at: number) {
  const units = p.pricing === 'per_unit' ? int(1, 6) : 1;
  const price = p.priceMinor * units;
  const method = pick([['cash', 75], ['e-wallet', 20], ['card', 4], ['other', 1]] as const);
  // Half the cash customers hand over a bigger note and get change.
  const paid = method === 'cash' && rand() < 0.5 ? Math.ceil((price + 1) / 5_000) * 5_000 : price;
  const g = { timeS: p.timeLimitS === null ? null : p.timeLimitS * units, dataBytes: p.dataLimitBytes === null ? null : p.dataLimitBytes * units, validityS: p.validityS };
  const id = Number(
    insSale.run(kind, sessionId, p.id, p.name, p.terms, price, paid, paid - price, method, g.timeS, g.dataBytes, g.validityS, op[1], null, null, randomUUID(), at).lastInsertRowid,
  );
  counts.sales++;
  return { id, price, method, g };
}

/** A connection (closed unless `endedAt` is null) and, when the till cut it off, the Disconnect that did it. */
function connect(sessionId: number, user: string, device: string, start: number, seconds: number, bytesIn: number, bytesOut: number, endedAt: number | null, cause: string | null, disconnect: string | null) {
  const id = Number(
    insConnection.run(sessionId, router.id, (acctCounter++).toString(16), user, device, `10.5.50.${int(2, 254)}`, start, start + seconds * 1000, endedAt, cause, bytesIn, bytesOut, seconds).lastInsertRowid,
  );
  counts.connections++;
  if (disconnect !== null && endedAt !== null) {
    insOutbox.run(id, sessionId, router.id, disconnect, endedAt, endedAt, endedAt);
    counts.outbox++;
  }
}

// Usage: about 300 MB an hour down and 30 MB up, give or take.
const downFor = (s: number) => Math.round(s * int(20_000, 160_000));
const upFor = (s: number) => Math.round(s * int(2_000, 16_000));

/** One past session, sold at `at`, with everything that happened to it. */
function pastSession(at: number) {
  const p = pick([[pkgs[0]!, 40], [pkgs[1]!, 25], [pkgs[2]!, 15], [pkgs[3]!, 10], [pkgs[4]!, 10]] as const);
  const byMac = rand() < 0.05;
  const device = mac();
  const voucher = code();
  const op = operatorActors[pick([[0, 1], [1, 5], [2, 4]] as const)]!;
  const outcome = pick([['used', 95], ['unused', 3], ['voided', 2]] as const);
  const topUp = outcome === 'used' && p.validityS === null && rand() < 0.08;

  // The sale row needs the session id and the session's time limit is what the sale(s)
  // granted (per-unit: units × 30 min), so the session goes in first and is completed below.
  const sid = Number(
    insSession.run(byMac ? 'mac' : 'voucher', voucher, voucher, byMac ? device : null, 'PENDING', p.id, p.name, null, p.validityS, p.dataLimitBytes,
      p.rateDownKbps, p.rateUpKbps, p.deviceLimit, 0, 0, 0, at, null, null, null, null).lastInsertRowid,
  );
  counts.sessions++;
  const sale = sell('sale', sid, p, op, at);
  audit(at, op, 'session.create', 'session', sid, null, 'PENDING', null, { saleId: sale.id });
  audit(at, op, 'sale.record', 'sale', sale.id, null, null, null, { priceMinor: sale.price, packageId: p.id });
  counts.audit += 2;
  let timeLimit = sale.g.timeS;
  let dataLimit = sale.g.dataBytes;

  if (outcome !== 'used') {
    const end = at + int(60, 900) * 1000;
    let reason = 'Customer left';
    if (outcome === 'voided') {
      reason = 'Sale voided: Wrong package';
      const voidId = Number(
        insSale.run('void', sid, p.id, p.name, p.terms, -sale.price, -sale.price, 0, sale.method, sale.g.timeS === null ? null : -sale.g.timeS,
          sale.g.dataBytes === null ? null : -sale.g.dataBytes, sale.g.validityS === null ? null : -sale.g.validityS, 1, sale.id, 'Wrong package', null, end).lastInsertRowid,
      );
      counts.sales++;
      audit(end, operatorActors[0]!, 'sale.void', 'sale', sale.id, null, null, 'Wrong package', { voidId });
      counts.audit++;
    }
    finish(sid, 'PENDING', 'TERMINATED', end, reason, outcome === 'voided' ? operatorActors[0]! : op, timeLimit, dataLimit, p.validityS, null, 0, 0, 0);
    return;
  }

  const firstLogin = at + int(30, 600) * 1000;
  audit(firstLogin, routerActor, 'session.activate', 'session', sid, 'PENDING', 'ACTIVE', null, { router: router.name, mac: device, via: 'auth' });
  counts.audit++;
  if (topUp) {
    const t = firstLogin + int(10, 50) * 60_000;
    const more = sell('topup', sid, p, op, t);
    const before = { timeLimitS: timeLimit, validityS: p.validityS, dataLimitBytes: dataLimit };
    timeLimit = timeLimit === null ? null : timeLimit + (more.g.timeS ?? 0);
    dataLimit = dataLimit === null ? null : dataLimit + (more.g.dataBytes ?? 0);
    audit(t, op, 'session.topup', 'session', sid, null, null, null, { saleId: more.id, before, after: { timeLimitS: timeLimit, validityS: p.validityS, dataLimitBytes: dataLimit } });
    audit(t, op, 'sale.record', 'sale', more.id, null, null, null, { priceMinor: more.price, packageId: p.id });
    counts.audit += 2;
  }

  // How it ended: its limit ran out (EXPIRED), or a PC logout / the counter ended it.
  const expired = rand() < 0.75;
  const kind = p.validityS !== null ? 'validity' : p.dataLimitBytes !== null ? 'data' : 'time';
  const online = timeLimit ?? (kind === 'validity' ? int(1, 8) * 3600 : int(20, 240) * 60);
  const used = expired && kind === 'time' ? online : Math.max(60, Math.round(online * (0.2 + 0.8 * rand())));
  // One device, sometimes reconnecting once; a day pass sometimes on two.
  const parts = rand() < 0.2 ? 2 : 1;
  // A data package counts both directions: used up exactly when it expired, under its limit otherwise.
  const dataUsed = kind === 'data' ? (expired ? dataLimit! : Math.floor(dataLimit! * (0.1 + 0.8 * rand()))) : null;
  const up = dataUsed === null ? upFor(used) : Math.round(dataUsed * 0.08);
  const down = dataUsed === null ? downFor(used) : dataUsed - up;
  let t = firstLogin;
  const end = kind === 'validity' && expired ? firstLogin + p.validityS! * 1000 : firstLogin + used * 1000 + (parts - 1) * 120_000;
  const reason = expired ? expiryReason(kind) : pick([['PC logout', 3], ['Customer left', 1]] as const);
  const ender = expired ? (kind === 'time' ? routerActor : scheduler) : reason === 'PC logout' ? (['pc-sync', null, 'PC manager'] as const) : op;
  let left = used;
  for (let i = 0; i < parts; i++) {
    const s = i === parts - 1 ? left : Math.round(used / 2);
    left -= s;
    const last = i === parts - 1;
    const stop = last ? Math.max(end, t + s * 1000) : t + s * 1000;
    // The router ends a time session itself (Session-Timeout); otherwise the till sent a Disconnect.
    const cause = !last ? pick([['Lost-Carrier', 2], ['User-Request', 1]] as const) : expired && kind === 'time' ? 'Session-Timeout' : 'Admin-Reset';
    const share = s / used;
    // Bytes go to the session in Acct-Input (from the customer) / Acct-Output (to the customer).
    connect(sid, byMac ? device : voucher, device, t, s, Math.round(up * share), Math.round(down * share), stop, cause, last && cause === 'Admin-Reset' ? reason : null);
    t = stop + 120_000;
  }
  finish(sid, 'ACTIVE', expired ? 'EXPIRED' : 'TERMINATED', end, reason, ender, timeLimit, dataLimit, p.validityS, firstLogin, up, down, used);
}

/** Puts the session in its final state and audits the move. */
function finish(sid: number, from: string, to: string, at: number, reason: string, actor: Actor, timeLimit: number | null, dataLimit: number | null, validity: number | null, firstLogin: number | null, bytesIn: number, bytesOut: number, timeUsed: number) {
  complete.run(to, timeLimit, dataLimit, validity, firstLogin, bytesIn, bytesOut, timeUsed, firstLogin === null ? null : at, at, reason, sid);
  audit(at, actor, to === 'EXPIRED' ? 'session.expire' : 'session.end', 'session', sid, from, to, reason, null);
  counts.audit++;
}

/** A session sold in the last two hours: PENDING, or ACTIVE with one device online now. */
function liveSession(at: number, active: boolean, voucher: string) {
  const p = pkgs[active ? int(1, 2) : int(0, 1)]!;
  const op = operatorActors[int(1, 2)]!;
  const sid = Number(
    insSession.run('voucher', voucher, voucher, null, 'PENDING', p.id, p.name, p.timeLimitS, p.validityS, p.dataLimitBytes, p.rateDownKbps, p.rateUpKbps, p.deviceLimit,
      0, 0, 0, at, null, null, null, null).lastInsertRowid,
  );
  counts.sessions++;
  counts.live++;
  const sale = sell('sale', sid, p, op, at);
  audit(at, op, 'session.create', 'session', sid, null, 'PENDING', null, { saleId: sale.id });
  audit(at, op, 'sale.record', 'sale', sale.id, null, null, null, { priceMinor: sale.price, packageId: p.id });
  counts.audit += 2;
  if (!active) return;
  const firstLogin = at + int(30, 600) * 1000;
  const device = mac();
  audit(firstLogin, routerActor, 'session.activate', 'session', sid, 'PENDING', 'ACTIVE', null, { router: router.name, mac: device, via: 'auth' });
  counts.audit++;
  // Last interim update within the last minute: nothing is stale or used up at start.
  const lastUpdate = now - int(0, 60) * 1000;
  const s = Math.max(0, Math.round((lastUpdate - firstLogin) / 1000));
  const up = upFor(s);
  const down = downFor(s);
  insConnection.run(sid, router.id, (acctCounter++).toString(16), voucher, device, `10.5.50.${int(2, 254)}`, firstLogin, lastUpdate, null, null, up, down, s);
  counts.connections++;
  complete.run('ACTIVE', p.timeLimitS, p.dataLimitBytes, p.validityS, firstLogin, up, down, s, lastUpdate, null, null, sid);
}

core.store.tx(() => {
  // Sold in opening hours (08:00–23:00), in order, so ids grow with time as they do in a real till.
  const perDay = total / days;
  for (let i = 0; i < total; i++) {
    const day = Math.floor(i / perDay);
    const within = (i - day * perDay) / perDay;
    pastSession(firstDay + day * DAY + 8 * 3600_000 + Math.floor(within * 15 * 3600_000));
  }
  // Live codes must differ from each other (unique while live); past ones may repeat.
  const liveCodes = new Set<string>();
  while (liveCodes.size < 60) liveCodes.add(code());
  [...liveCodes].forEach((c, i) => liveSession(now - (120 - i * 2) * 60_000, i < 50, c));
});

const integrity = db.pragma('integrity_check', { simple: true });
const fkProblems = db.pragma('foreign_key_check') as unknown[];
const sizeMb = (db.prepare('SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()').pluck().get() as number) / 1e6;
await core.close();
if (integrity !== 'ok') throw new Error(`seed-history: integrity_check failed: ${String(integrity)}`);
if (fkProblems.length) throw new Error(`seed-history: foreign_key_check found ${fkProblems.length} problem(s): ${JSON.stringify(fkProblems.slice(0, 5))}`);
const c = counts;
console.log(
  `seeded ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${c.sessions} sessions (${c.live} live), ${c.sales} sales, ${c.connections} connections, ` +
    `${c.outbox} disconnects, ${c.audit} audit rows, ${sizeMb.toFixed(0)} MB; integrity ok, foreign keys ok`,
);
