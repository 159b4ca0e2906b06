/**
 * The store's in-memory index of usable sessions and open connections (what an
 * Access-Request and an Interim-Update read instead of querying) must never say anything
 * the database does not. Every way a session or a connection changes is driven here
 * through the real core (sales, cards, logins and accounting over UDP from radclient,
 * top-ups, ends, the expiry and stale sweeps, a router reboot, a batch that rolls back),
 * and after each step every answer of the index is checked against SQL written here.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/main/db/store';
import { radclient } from '../helpers/radclient';
import { SECRET, startRadiusCore, type RadiusTestCore } from '../helpers/radius-core';

const AUTH = `id, login, voucher_code AS voucherCode, password, mac, state, end_reason AS endReason, time_limit_s AS timeLimitS,
  validity_s AS validityS, data_limit_bytes AS dataLimitBytes, rate_down_kbps AS rateDownKbps, rate_up_kbps AS rateUpKbps,
  device_limit AS deviceLimit, idle_timeout_s AS idleTimeoutS, bytes_in AS bytesIn, bytes_out AS bytesOut, time_used_s AS timeUsedS,
  created_at AS createdAt, first_login_at AS firstLoginAt, unused_expires_at AS unusedExpiresAt, batch_id AS batchId`;

/** Every answer the index gives, against the database. */
function expectIndexMatchesDatabase(store: Store, step: string) {
  const db = store.db;
  const rows = db.prepare(`SELECT ${AUTH} FROM sessions ORDER BY id`).all() as { id: number; voucherCode: string; mac: string | null; state: string; batchId: number | null; firstLoginAt: number | null }[];
  const usable = new Set(['STOCK', 'PENDING', 'ACTIVE']);
  for (const row of rows) {
    const what = `${step}: session ${row.id} (${row.state})`;
    expect(store.sessions.forAuth.byId(row.id), what).toEqual(row);
    if (usable.has(row.state)) expect(store.sessions.forAuth.liveByCode(row.voucherCode), what).toEqual(row);
    if (row.mac !== null && (row.state === 'PENDING' || row.state === 'ACTIVE')) expect(store.sessions.forAuth.liveByMac(row.mac), what).toEqual(row);
    const open = db
      .prepare('SELECT id AS connectionId, mac, started_at AS startedAt, last_update_at AS lastUpdateAt FROM connections WHERE session_id = ? AND ended_at IS NULL ORDER BY started_at, id')
      .all(row.id);
    expect(store.connections.openDevices(row.id), what).toEqual(open);
  }
  for (const code of new Set(rows.map((r) => r.voucherCode))) {
    const sql = db.prepare(`SELECT ${AUTH} FROM sessions WHERE voucher_code = ? AND state IN ('STOCK', 'PENDING', 'ACTIVE')`).get(code);
    expect(store.sessions.forAuth.liveByCode(code), `${step}: code ${code}`).toEqual(sql);
    const latest = db.prepare(`SELECT ${AUTH} FROM sessions WHERE voucher_code = ? ORDER BY id DESC LIMIT 1`).get(code);
    expect(store.sessions.forAuth.latestByCode(code), `${step}: latest of ${code}`).toEqual(sql ?? latest);
  }
  const connections = db
    .prepare(`SELECT id, session_id AS sessionId, router_id AS routerId, acct_session_id AS acctSessionId, in_octets AS inOctets, out_octets AS outOctets,
      session_time_s AS sessionTimeS, mac, ended_at AS endedAt, end_cause AS endCause FROM connections`)
    .all() as { routerId: number; acctSessionId: string }[];
  for (const { routerId, acctSessionId, ...state } of connections) {
    expect(store.connections.byKey(routerId, acctSessionId), `${step}: connection ${acctSessionId}`).toEqual(state);
  }
  // The stale sweep's question, at every last-report time there is (just before, at, just after).
  const lastReports = (db.prepare('SELECT DISTINCT last_update_at AS t FROM connections WHERE ended_at IS NULL').all() as { t: number }[]).map((r) => r.t);
  for (const cutoff of lastReports.flatMap((t) => [t - 1, t, t + 1])) {
    const sql = (db.prepare('SELECT id FROM connections WHERE ended_at IS NULL AND last_update_at < ? ORDER BY id').all(cutoff) as { id: number }[]).map((r) => r.id);
    expect(store.connections.staleBefore(cutoff).map((c) => c.id).sort((a, b) => a - b), `${step}: quiet before ${cutoff}`).toEqual(sql);
  }
  const live = db.prepare("SELECT count(*) AS n FROM sessions WHERE state IN ('PENDING', 'ACTIVE') AND NOT (batch_id IS NOT NULL AND first_login_at IS NULL)").get() as { n: number };
  expect(store.sessions.countLive(), `${step}: live count`).toBe(live.n);
  const perRouter = db.prepare('SELECT router_id AS r, count(*) AS n FROM connections WHERE ended_at IS NULL GROUP BY router_id').all() as { r: number; n: number }[];
  expect(store.connections.openPerRouter(), `${step}: open per router`).toEqual(new Map(perRouter.map((x) => [x.r, x.n])));
}

const acct = (status: string, sid: string, user: string, extra: string[] = []) =>
  [`Acct-Status-Type = ${status}`, `Acct-Session-Id = "${sid}"`, `User-Name = "${user}"`, 'Calling-Station-Id = "AA:BB:CC:DD:EE:01"', 'NAS-IP-Address = 127.0.0.1', ...extra].join(', ');
const usage = (octets: number, time: number) => [`Acct-Input-Octets = ${octets}`, `Acct-Output-Octets = ${octets}`, `Acct-Session-Time = ${time}`];

async function sendAcct(t: RadiusTestCore, ...requests: string[]) {
  const r = await radclient(t.acct, 'acct', SECRET, requests);
  expect(r.replies.map((x) => x.code)).toEqual(requests.map(() => 'Accounting-Response'));
}

async function login(t: RadiusTestCore, user: string, password: string) {
  const r = await radclient(t.auth, 'auth', SECRET, [`User-Name = "${user}", User-Password = "${password}", Calling-Station-Id = "AA:BB:CC:DD:EE:01", NAS-IP-Address = 127.0.0.1`]);
  return r.replies[0]?.code;
}

describe('the in-memory index of live sessions', () => {
  it('says what the database says after every way a session or a connection changes', async () => {
    const t = await startRadiusCore();
    const { store } = t.core;
    const check = (step: string) => expectIndexMatchesDatabase(store, step);
    check('empty');

    // Sales, and a sold voucher's first login (PENDING → ACTIVE).
    const a = await t.sell();
    const b = await t.sell();
    check('sold');
    expect(await login(t, a.code, a.password)).toBe('Access-Accept');
    check('first login');

    // Accounting: Start opens a connection, Interim adds usage, a second device, Stop closes one.
    await sendAcct(t, acct('Start', 'a-1', a.code));
    check('start');
    t.clock.advance(60_000);
    await sendAcct(t, acct('Interim-Update', 'a-1', a.code, usage(1_000_000, 60)));
    check('interim');
    t.clock.advance(10_000);
    await sendAcct(t, acct('Start', 'a-2', a.code), acct('Interim-Update', 'a-2', a.code, usage(5_000, 10)));
    check('second device');
    await sendAcct(t, acct('Stop', 'a-2', a.code, usage(6_000, 12)));
    check('stop');

    // A device whose Start named no MAC: the first report that names one stores it; a later one never changes it.
    const macOf = (sid: string) => store.db.prepare('SELECT mac FROM connections WHERE acct_session_id = ?').pluck().get(sid);
    const withMac = (status: string, mac: string | null, extra: string[]) =>
      [`Acct-Status-Type = ${status}`, 'Acct-Session-Id = "a-3"', `User-Name = "${a.code}"`, ...(mac ? [`Calling-Station-Id = "${mac}"`] : []), 'NAS-IP-Address = 127.0.0.1', ...extra].join(', ');
    await sendAcct(t, withMac('Start', null, []));
    expect(macOf('a-3')).toBeNull();
    check('a start without a MAC');
    await sendAcct(t, withMac('Interim-Update', 'AA:BB:CC:DD:EE:03', usage(100, 5)));
    expect(macOf('a-3')).toBe('AA:BB:CC:DD:EE:03');
    check('its MAC from a report');
    await sendAcct(t, withMac('Interim-Update', 'AA:BB:CC:DD:EE:04', usage(200, 10)));
    expect(macOf('a-3')).toBe('AA:BB:CC:DD:EE:03');
    check('a report naming another MAC');
    await sendAcct(t, withMac('Stop', null, usage(300, 15)));
    check('its stop');

    // A top-up changes the limits; a MAC-login session; a cashier's end.
    await t.call('sessions.topUp', { sessionId: b.id, packageId: t.hourId, paidMinor: 100_000 });
    check('top-up');
    t.core.store.tx(() => store.sessions.insert({ login: 'mac', voucherCode: 'macuser01', password: '', mac: 'AA:BB:CC:00:00:09', packageId: t.hourId, packageName: '1 hour', timeLimitS: 60, validityS: null, dataLimitBytes: null, rateDownKbps: null, rateUpKbps: null, deviceLimit: 1, idleTimeoutS: null, pcUser: null, pcStation: null, createdAt: t.clock.now(), unusedExpiresAt: null }));
    check('mac session');
    await t.call('sessions.end', { id: b.id, reason: 'customer left' });
    check('ended by the cashier');

    // Cards: in stock, the first login sells one, then the rest are voided.
    const batch = await t.call('batches.create', { packageId: t.hourId, count: 5, mode: 'code+password' });
    check('cards in stock');
    expect(await login(t, batch.cards[0]!.code, batch.cards[0]!.password!)).toBe('Access-Accept');
    check('a card sold by its login');
    await t.call('batches.voidUnused', { id: batch.id, reason: 'sheet lost' });
    check('unused cards voided');

    // The stale sweep closes a quiet connection; a late report reopens it.
    t.clock.advance(10 * 60_000);
    await t.core.scheduler.runNow('stale-sweep');
    expect(store.connections.openDevices(a.id)).toEqual([]);
    check('stale sweep');
    await sendAcct(t, acct('Interim-Update', 'a-1', a.code, usage(2_000_000, 700)));
    expect(store.connections.openDevices(a.id)).toHaveLength(1);
    check('reopened by a report');

    // The clock runs the hour out while connected: the expiry sweep ends it (and it leaves the index).
    t.clock.advance(3600_000);
    await t.core.scheduler.runNow('expiry');
    expect(store.sessions.get(a.id)!.state).toBe('EXPIRED');
    check('expired by the sweep');

    // A router reboot closes everything it had open.
    const c = await t.sell();
    expect(await login(t, c.code, c.password)).toBe('Access-Accept');
    await sendAcct(t, acct('Start', 'c-1', c.code));
    check('before the reboot');
    await sendAcct(t, 'Acct-Status-Type = Accounting-On, NAS-IP-Address = 127.0.0.1');
    check('Accounting-On');

    // A batch whose transaction rolls back: the index forgets what it had noted, and loads the database again.
    expect(() =>
      store.tx(() => {
        store.sessions.addUsage(c.id, { bytesIn: 123, bytesOut: 0, timeS: 5 }, t.clock.now());
        store.sessions.end(c.id, 'TERMINATED', t.clock.now(), 'never stored');
        throw new Error('the disk is full');
      }),
    ).toThrow('the disk is full');
    expect(store.sessions.forAuth.byId(c.id)).toMatchObject({ state: 'ACTIVE', bytesIn: 0 });
    check('rolled back');
    // And a savepoint rolled back alone inside a transaction that commits.
    store.tx(() => {
      expect(() =>
        store.tx(() => {
          store.sessions.end(c.id, 'TERMINATED', t.clock.now(), 'never stored');
          throw new Error('this report fails');
        }),
      ).toThrow('this report fails');
      expect(store.sessions.forAuth.byId(c.id)).toMatchObject({ state: 'ACTIVE' });
      store.sessions.addUsage(c.id, { bytesIn: 7, bytesOut: 0, timeS: 1 }, t.clock.now());
    });
    expect(store.sessions.forAuth.byId(c.id)).toMatchObject({ state: 'ACTIVE', bytesIn: 7 });
    check('savepoint rolled back, the rest committed');
  });

  it('answers an Access-Request and an Interim-Update without a query in the steady state', async () => {
    const t = await startRadiusCore();
    const { store } = t.core;
    const a = await t.sell();
    expect(await login(t, a.code, a.password)).toBe('Access-Accept');
    await sendAcct(t, acct('Start', 'a-1', a.code));
    // Reads of the hot path go through the index: with the database closed they still answer.
    const reads = () => [
      store.sessions.forAuth.liveByCode(a.code),
      store.sessions.forAuth.byId(a.id),
      store.connections.openDevices(a.id),
      store.connections.byKey(t.routerId, 'a-1'),
      store.sessions.countLive(),
      store.connections.openPerRouter(),
    ];
    const warm = reads();
    t.core.scheduler.stop();
    store.db.close();
    expect(() => store.sessions.get(a.id)).toThrow(/not open/);
    expect(reads()).toEqual(warm);
    expect(warm[0]).toMatchObject({ id: a.id, state: 'ACTIVE' });
    expect(warm[2]).toHaveLength(1);
    expect(warm[3]).toMatchObject({ sessionId: a.id, endedAt: null });
  });
});

describe('the periodic jobs at a LAN party', () => {
  it('with 5,000 customers online, the expiry sweep reads only what is due and the stale sweep only the quiet connections', async () => {
    const t = await startRadiusCore();
    const { store } = t.core;
    const now = t.clock.now();
    store.tx(() => {
      for (let i = 0; i < 5000; i++) {
        const id = store.sessions.insert({ login: 'voucher', voucherCode: `lan${i}`, password: 'x', mac: null, packageId: t.hourId, packageName: '1 hour', timeLimitS: 3600, validityS: null, dataLimitBytes: null, rateDownKbps: null, rateUpKbps: null, deviceLimit: 1, idleTimeoutS: null, pcUser: null, pcStation: null, createdAt: now, unusedExpiresAt: null });
        store.sessions.activate(id, now);
        // Half of them came online a minute apart, so their hours run out a minute apart.
        store.connections.insert({ sessionId: id, routerId: t.routerId, acctSessionId: `lan-${i}`, userName: `lan${i}`, mac: null, ip: null, startedAt: now - i * 60_000, lastUpdateAt: now - (i % 2) * 60_000 });
      }
    });
    expect(store.sessions.countLive()).toBe(5000);
    expect(store.connections.openPerRouter().get(t.routerId)).toBe(5000);
    // Now: nothing is due, so nothing is read.
    expect(store.sessions.dueBy(now)).toEqual([]);
    // An hour on, the ones whose hour has run out, and only those (each device's time counts from its last report).
    // At +59½ minutes those last heard from a minute before now have used their hour; the others not yet.
    const due = store.sessions.dueBy(now + 3570_000);
    expect(due).toHaveLength(2500);
    expect(due.every((d) => d.openSince[0] === now - 60_000)).toBe(true);
    // Taken off the list until they change or the sweep puts them back.
    expect(store.sessions.dueBy(now + 3570_000)).toEqual([]);
    expect(store.sessions.dueBy(now + 3600_000)).toHaveLength(2500);
    // The stale sweep finds the quiet ones by their last report: half were last heard a minute ago.
    expect(store.connections.staleBefore(now - 60_000)).toEqual([]);
    expect(store.connections.staleBefore(now - 30_000)).toHaveLength(2500);
  });
});
