import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../src/shared/events';
import { dataByAmount, hourPackage, startCore, type TestCore } from '../helpers/core';
import { caught } from '../helpers/caught';

async function withPackages() {
  const t = await startCore();
  const hour = await t.call('packages.create', hourPackage);
  const perUnit = await t.call('packages.create', dataByAmount);
  return { t, hour, perUnit };
}

function count(t: TestCore, table: string): number {
  return (t.core.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** What RADIUS accounting will create: a router and an open connection for the session. */
function openConnection(t: TestCore, sessionId: number, acctSessionId = '81a00001') {
  const db = t.core.store.db;
  let router = db.prepare('SELECT id FROM routers LIMIT 1').get() as { id: number } | undefined;
  if (!router) {
    db.prepare("INSERT INTO routers (name, ip, secret, created_at, updated_at) VALUES ('hAP', '127.0.0.2', 'secret123', 0, 0)").run();
    router = { id: 1 };
  }
  const now = t.clock.now();
  db.prepare(
    `INSERT INTO connections (session_id, router_id, acct_session_id, user_name, mac, ip, started_at, last_update_at)
     VALUES (?, ?, ?, 'x', 'AA:BB:CC:DD:EE:01', '10.5.50.10', ?, ?)`,
  ).run(sessionId, router.id, acctSessionId, now, now);
  db.prepare("UPDATE sessions SET state = 'ACTIVE', first_login_at = ? WHERE id = ?").run(now, sessionId);
  // Written around the store, as a router would have reported it: the store's index of live sessions reads it again.
  t.core.store.reindex();
}

describe('selling', () => {
  it('records the sale and a PENDING session with a voucher, attributed to the operator', async () => {
    const { t, hour } = await withPackages();
    const { sale, session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 5000 });
    expect(sale).toMatchObject({ kind: 'sale', priceMinor: 2000, paidMinor: 5000, changeMinor: 3000, operatorName: 'Ana', sessionId: session.id });
    expect(session).toMatchObject({ state: 'PENDING', timeLimitS: 3600, dataLimitBytes: 500_000_000, deviceLimit: 1, voucherCode: sale.voucherCode });
    expect(session.voucherCode).toMatch(/^[2-9a-z]{6}$/);
    expect(session.password).toBe(session.voucherCode);
    const audit = await t.call('audit.list', { entity: 'session', entityId: session.id });
    expect(audit.entries[0]).toMatchObject({ action: 'session.create', actorKind: 'operator', actorName: 'Ana', toState: 'PENDING' });
  });

  it('is atomic: a failure after the session row was written leaves no session and no sale', async () => {
    const { t, hour } = await withPackages();
    // Make the last write of the sale transaction (its audit entry) fail, as a full disk would.
    t.core.store.db.exec(`CREATE TRIGGER fail_sale_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'sale.record'
      BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;`);
    const err = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 }));
    expect(err.code).toBe('internal');
    expect(err.message).toMatch(/nothing was saved/);
    // Said by its catalog message too, so a till in Filipino or Indonesian shows it in its words.
    expect(err.said?.message).toEqual({ id: 'errors.internal.database', values: { code: 'SQLITE_CONSTRAINT_TRIGGER' } });
    expect(count(t, 'sessions')).toBe(0);
    expect(count(t, 'sales')).toBe(0);
    t.core.store.db.exec('DROP TRIGGER fail_sale_audit');
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    expect(count(t, 'sales')).toBe(1);
  });

  it('refuses a retired package with a clear message', async () => {
    const { t, hour } = await withPackages();
    await t.call('packages.setActive', { id: hour.id, active: false });
    const err = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 }));
    expect(err).toMatchObject({ code: 'rule', message: '"1 hour" is retired and can no longer be sold' });
  });

  it('refuses too little money, naming both amounts', async () => {
    const { t, hour } = await withPackages();
    const err = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 1999 }));
    expect(err.fields).toEqual({ paidMinor: 'Paid ₱19.99 is less than the price ₱20.00' });
  });

  it('refuses cash received that no customer hands over: change above the largest note (₱1,000; Rp 100.000), on a sale and a top-up', async () => {
    const { t, hour, perUnit } = await withPackages();
    const err = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 999_999_999_900 }));
    expect(err.code).toBe('rule');
    expect(err.fields).toEqual({ paidMinor: '₱9,999,999,999.00 is more than a customer hands over for ₱20.00: at most ₱1,020.00' });
    expect(count(t, 'sales')).toBe(0);
    // Change of exactly one ₱1,000 note is fine, a centavo more is not; a per-unit sale counts from the amount sold.
    expect((await t.call('sales.sell', { packageId: hour.id, paidMinor: 102_000 })).sale.changeMinor).toBe(100_000);
    expect((await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 102_001 }))).fields?.paidMinor).toMatch(/at most ₱1,020\.00$/);
    const s = await t.call('sales.sell', { packageId: perUnit.id, amountMinor: 5000, paidMinor: 105_000 });
    const topUp = await caught(t.call('sessions.topUp', { sessionId: s.session.id, packageId: hour.id, paidMinor: 1_000_000 }));
    expect(topUp.fields?.paidMinor).toBe('₱10,000.00 is more than a customer hands over for ₱20.00: at most ₱1,020.00');
    expect(count(t, 'sales')).toBe(2);

    // Rupiah: notes of Rp 100.000, and amounts in whole rupiah.
    await t.call('settings.update', { money: { currency: 'IDR', locale: 'id-ID' } });
    const sebulan = await t.call('packages.create', { name: 'Sebulan', pricing: 'fixed', priceMinor: 150_000, timeLimitS: 86_400 });
    expect((await t.call('sales.sell', { packageId: sebulan.id, paidMinor: 200_000 })).sale.changeMinor).toBe(50_000);
    expect((await caught(t.call('sales.sell', { packageId: sebulan.id, paidMinor: 1_500_000 }))).fields?.paidMinor).toMatch(/^Rp\s1\.500\.000 .* Rp\s250\.000$/);
  });

  it('sells by amount: the customer gets what they paid for', async () => {
    const { t, perUnit } = await withPackages();
    const { sale, session } = await t.call('sales.sell', { packageId: perUnit.id, amountMinor: 3410, paidMinor: 4000 });
    expect(sale).toMatchObject({ priceMinor: 3410, changeMinor: 590, grantedDataBytes: 682_000_000 });
    expect(session).toMatchObject({ dataLimitBytes: 682_000_000, validityS: 86400, timeLimitS: null });
  });

  it('a retried sale with the same request id happens once', async () => {
    const { t, hour } = await withPackages();
    const a = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, requestId: 'till-1-0001' });
    const b = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, requestId: 'till-1-0001' });
    expect(b.sale.id).toBe(a.sale.id);
    expect(count(t, 'sales')).toBe(1);
    const err = await caught(t.call('sales.sell', { packageId: 2, amountMinor: 500, paidMinor: 500, requestId: 'till-1-0001' }));
    expect(err.code).toBe('conflict');
    // The answer got lost and the cashier changed the form (received, payment): refused, naming the sale made, not sold again.
    for (const changed of [{ paidMinor: 5000 }, { paymentMethod: 'e-wallet' as const, wallet: 'GCash', paymentRef: '1004 2231 887' }]) {
      const again = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, requestId: 'till-1-0001', ...changed }));
      expect(again.code).toBe('conflict');
      expect(again.message).toContain(`Already recorded as sale #${a.sale.id} (voucher ${a.session.voucherCode}`);
    }
    expect(count(t, 'sales')).toBe(1);
  });

  it('a retry with the same request id but another amount sold, device or PC is refused, not answered with the first sale', async () => {
    const { t, hour, perUnit } = await withPackages();
    const a = await t.call('sales.sell', { packageId: perUnit.id, amountMinor: 1000, paidMinor: 5000, requestId: 'till-2-0001' });
    // ₱10 of data recorded; the cashier, after a lost answer, asks for ₱40 with the same ₱50 received.
    const more = await caught(t.call('sales.sell', { packageId: perUnit.id, amountMinor: 4000, paidMinor: 5000, requestId: 'till-2-0001' }));
    expect(more.code).toBe('conflict');
    expect(more.message).toContain(`Already recorded as sale #${a.sale.id}`);
    const top = await t.call('sessions.topUp', { sessionId: a.session.id, packageId: perUnit.id, amountMinor: 500, paidMinor: 500, requestId: 'till-2-0002' });
    expect((await caught(t.call('sessions.topUp', { sessionId: a.session.id, packageId: perUnit.id, amountMinor: 5000, paidMinor: 500, requestId: 'till-2-0002' }))).code).toBe('conflict');
    expect((await t.call('sessions.topUp', { sessionId: a.session.id, packageId: perUnit.id, amountMinor: 500, paidMinor: 500, requestId: 'till-2-0002' })).sale.id).toBe(top.sale.id);

    const bound = { packageId: hour.id, paidMinor: 2000, mac: 'AA:BB:CC:DD:EE:01', pcUser: 'juan', requestId: 'till-2-0003' };
    const b = await t.call('sales.sell', bound);
    for (const changed of [{ mac: 'AA:BB:CC:DD:EE:02' }, { mac: undefined }, { pcUser: 'maria' }]) {
      expect((await caught(t.call('sales.sell', { ...bound, ...changed }))).code).toBe('conflict');
    }
    // The same terms (the MAC in another spelling) are the same sale.
    expect((await t.call('sales.sell', { ...bound, mac: 'aa-bb-cc-dd-ee-01' })).sale.id).toBe(b.sale.id);
    expect(count(t, 'sales')).toBe(3);
  });

  it('a payment by e-wallet, card or other is the price exactly: no change is recorded that the drawer would pay out', async () => {
    const { t, hour } = await withPackages();
    for (const method of [{ paymentMethod: 'e-wallet' as const, wallet: 'GCash', paymentRef: '1004 2231 887' }, { paymentMethod: 'card' as const }, { paymentMethod: 'other' as const }]) {
      const err = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 5000, ...method }));
      expect(err.code).toBe('rule');
      expect(err.fields?.paidMinor).toMatch(/that is the price exactly, ₱20\.00 \(change is given for cash only\)/);
      expect((await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, ...method })).sale.changeMinor).toBe(0);
    }
    const s = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    expect((await caught(t.call('sessions.topUp', { sessionId: s.session.id, packageId: hour.id, paidMinor: 2500, paymentMethod: 'card' }))).fields?.paidMinor).toMatch(/price exactly/);
    // Cash still gives change.
    expect((await t.call('sales.sell', { packageId: hour.id, paidMinor: 5000 })).sale.changeMinor).toBe(3000);
  });

  it('a top-up that would leave the session still over (its validity window closed, the package adds none) is refused, not sold for nothing', async () => {
    const t = await startCore();
    const windowed = await t.call('packages.create', { name: '2 h within 1 h', pricing: 'fixed', priceMinor: 2000, timeLimitS: 7200, validityS: 3600 });
    const hour = await t.call('packages.create', { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600 });
    const day = await t.call('packages.create', { name: '1 hour, valid a day', pricing: 'fixed', priceMinor: 2500, timeLimitS: 3600, validityS: 86_400 });
    const s = await t.call('sales.sell', { packageId: windowed.id, paidMinor: 2000 });
    t.core.store.tx(() => t.core.store.sessions.activate(s.session.id, t.clock.now()));
    t.clock.advance(2 * 3600_000); // the window closed an hour ago; the sweep has not run yet
    const err = await caught(t.call('sessions.topUp', { sessionId: s.session.id, packageId: hour.id, paidMinor: 2000 }));
    expect(err.code).toBe('rule');
    expect(err.fields?.packageId).toMatch(/would still end now, topped up with "1 hour" \(Voucher expired\): it could not be used/);
    expect(count(t, 'sales')).toBe(1);
    // A package that adds validity reopens the window: sold.
    expect((await t.call('sessions.topUp', { sessionId: s.session.id, packageId: day.id, paidMinor: 2500 })).session.state).toBe('ACTIVE');
  });

  it('a top-up of time alone that the validity window leaves no room to use is refused with why; one with room for some of it is sold', async () => {
    const t = await startCore();
    const windowed = await t.call('packages.create', { name: '2 h within 1 h', pricing: 'fixed', priceMinor: 2000, timeLimitS: 7200, validityS: 3600 });
    const short = await t.call('packages.create', { name: '30 min within 1 h', pricing: 'fixed', priceMinor: 1000, timeLimitS: 1800, validityS: 3600 });
    const hour = await t.call('packages.create', { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600 });
    const day = await t.call('packages.create', { name: '1 hour, valid a day', pricing: 'fixed', priceMinor: 2500, timeLimitS: 3600, validityS: 86_400 });
    const full = await t.call('sales.sell', { packageId: windowed.id, paidMinor: 2000 });
    const room = await t.call('sales.sell', { packageId: short.id, paidMinor: 1000 });
    // Before the first login too: a 1-hour window cannot hold the 2 hours the voucher has.
    const err0 = await caught(t.call('sessions.topUp', { sessionId: full.session.id, packageId: hour.id, paidMinor: 2000 }));
    expect(err0.fields?.packageId).toMatch(/cannot use more time: its validity ends before the time it has left is used up, so "1 hour" would add nothing it could use/);
    for (const s of [full, room]) t.core.store.tx(() => t.core.store.sessions.activate(s.session.id, t.clock.now()));
    t.clock.advance(10 * 60_000);
    const err = await caught(t.call('sessions.topUp', { sessionId: full.session.id, packageId: hour.id, paidMinor: 2000 }));
    expect(err.code).toBe('rule');
    expect(err.fields?.packageId).toMatch(/would add nothing it could use; top up with a package that adds validity, or sell a new voucher/);
    expect(count(t, 'sales')).toBe(2);
    // 30 minutes left, 50 of the window: an hour more is 20 minutes the customer can use: sold.
    expect((await t.call('sessions.topUp', { sessionId: room.session.id, packageId: hour.id, paidMinor: 2000 })).session.remaining.timeS).toBe(3000);
    // A package that adds validity too: sold.
    expect((await t.call('sessions.topUp', { sessionId: full.session.id, packageId: day.id, paidMinor: 2500 })).session.state).toBe('ACTIVE');
  });

  it('per-unit top-ups extend the validity window to a day from now, not a day per coin; a void takes back what it added', async () => {
    const t = await startCore();
    const perUnit = await t.call('packages.create', dataByAmount); // ₱5 per 100 MB, valid a day
    const coins = await t.call('sales.sell', { packageId: perUnit.id, amountMinor: 500, paidMinor: 500 });
    const note = await t.call('sales.sell', { packageId: perUnit.id, amountMinor: 500, paidMinor: 500 });
    for (const s of [coins, note]) t.core.store.tx(() => t.core.store.sessions.activate(s.session.id, t.clock.now()));
    t.clock.advance(10 * 3600_000);
    // Three ₱5 coins one after another, against one ₱15 payment: the same data, the same window (a day from now).
    let last = coins;
    for (let i = 0; i < 3; i++) last = await t.call('sessions.topUp', { sessionId: coins.session.id, packageId: perUnit.id, amountMinor: 500, paidMinor: 500 });
    const once = await t.call('sessions.topUp', { sessionId: note.session.id, packageId: perUnit.id, amountMinor: 1500, paidMinor: 1500 });
    expect(last.session).toMatchObject({ validityS: 34 * 3600, dataLimitBytes: 400_000_000 });
    expect(once.session).toMatchObject({ validityS: 34 * 3600, dataLimitBytes: 400_000_000 });
    // The first coin extended the window by 10 h, the next two by nothing: so recorded, and so voided.
    const topups = (await t.call('sessions.get', { id: coins.session.id })).sales.filter((x) => x.kind === 'topup');
    expect(topups.map((x) => x.grantedValidityS)).toEqual([10 * 3600, 0, 0]);
    const voided = await t.call('sales.void', { saleId: last.sale.id, reason: 'Coin jammed' });
    expect(voided.session).toMatchObject({ validityS: 34 * 3600, dataLimitBytes: 300_000_000 });
  });

  it('voiding a per-unit top-up leaves the validity window a later coin relies on', async () => {
    const t = await startCore();
    const perUnit = await t.call('packages.create', { ...dataByAmount, name: 'Data, valid an hour', validityS: 3600 }); // ₱5 per 100 MB
    const sold = await t.call('sales.sell', { packageId: perUnit.id, amountMinor: 500, paidMinor: 500 });
    t.core.store.tx(() => t.core.store.sessions.activate(sold.session.id, t.clock.now()));
    t.clock.advance(50 * 60_000);
    const a = await t.call('sessions.topUp', { sessionId: sold.session.id, packageId: perUnit.id, amountMinor: 500, paidMinor: 500 }); // the window: 1 h 50
    t.clock.advance(60_000);
    const b = await t.call('sessions.topUp', { sessionId: sold.session.id, packageId: perUnit.id, amountMinor: 500, paidMinor: 500 }); // 1 h 51
    expect(b.session.validityS).toBe(6660);
    // Coin A jammed: its 100 MB go, but coin B's hour from when it was paid stays.
    const voided = await t.call('sales.void', { saleId: a.sale.id, reason: 'Coin jammed' });
    expect(voided.session).toMatchObject({ state: 'ACTIVE', validityS: 6660, dataLimitBytes: 200_000_000 });
    // Ten minutes on, B voided too: only the sale stands, its hour from the first login over.
    t.clock.advance(10 * 60_000);
    expect((await t.call('sales.void', { saleId: b.sale.id, reason: 'Coin jammed' })).session).toMatchObject({ state: 'EXPIRED', validityS: 3600 });
  });

  it('voiding a coin topped up before per-unit top-ups extended the window (each added its whole validity) takes back no more than it added', async () => {
    const t = await startCore();
    const perUnit = await t.call('packages.create', { ...dataByAmount, name: 'Data, valid an hour', validityS: 3600 }); // ₱5 per 100 MB
    const sold = await t.call('sales.sell', { packageId: perUnit.id, amountMinor: 500, paidMinor: 500 });
    const { store } = t.core;
    store.tx(() => store.sessions.activate(sold.session.id, t.clock.now()));
    const base = store.sales.get(sold.sale.id)!;
    // Two coins as the earlier code sold them, 10 and 20 minutes in: an hour of validity each (three hours in all).
    const ids = [10, 20].map((min) =>
      store.tx(() => {
        const id = store.sales.insert({ ...base, kind: 'topup', grantedTimeS: null, grantedDataBytes: 100_000_000, grantedValidityS: 3600, voidsSaleId: null, reason: null, requestId: null, createdAt: t.clock.now() + min * 60_000 });
        const s = store.sessions.get(sold.session.id)!;
        store.sessions.setLimits(s.id, { timeLimitS: null, dataLimitBytes: s.dataLimitBytes! + 100_000_000, validityS: s.validityS! + 3600 });
        return id;
      }),
    );
    t.clock.advance(90 * 60_000);
    const voided = await t.call('sales.void', { saleId: ids[1]!, reason: 'Coin jammed' });
    expect(voided.session).toMatchObject({ state: 'ACTIVE', validityS: 7200, dataLimitBytes: 200_000_000 });
  });

  it('keeps voucher codes unique among live sessions', async () => {
    let calls = 0;
    // The first code drawn is always "2222"; the generator must move on when it is taken.
    const t = await startCore({ randomInt: (max) => (calls++ < 4 ? 0 : Math.floor(Math.random() * max)) });
    await t.call('settings.update', { vouchers: { length: 4, mode: 'code', passwordLength: 4 } });
    const hour = await t.call('packages.create', hourPackage);
    const a = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    calls = 0;
    const b = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    expect(a.session.voucherCode).toBe('2222');
    expect(b.session.voucherCode).not.toBe('2222');
    // Once the first one ended, its code may be sold again.
    await t.call('sessions.end', { id: a.session.id, reason: 'test' });
    calls = 0;
    const c = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    expect(c.session.voucherCode).toBe('2222');
  });

  it('separate passwords in code+password mode', async () => {
    const { t, hour } = await withPackages();
    await t.call('settings.update', { vouchers: { length: 5, mode: 'code+password', passwordLength: 8 } });
    const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    expect(session.voucherCode).toHaveLength(5);
    expect(session.password).toHaveLength(8);
  });

  it('MAC login sessions: one live session per device', async () => {
    const { t, hour } = await withPackages();
    const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, mac: 'aa-bb-cc-dd-ee-ff' });
    expect(session).toMatchObject({ login: 'mac', mac: 'AA:BB:CC:DD:EE:FF' });
    const err = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, mac: 'AA:BB:CC:DD:EE:FF' }));
    expect(err.code).toBe('conflict');
    expect(err.fields?.mac).toMatch(/already has a live session/);
  });

  it('pushes sale.recorded and the new session to subscribers', async () => {
    const { t, hour } = await withPackages();
    const seen: CoreEvent[] = [];
    t.core.events.subscribe((e) => seen.push(e));
    const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    t.core.events.flush();
    expect(seen.map((e) => e.type)).toEqual(['sale.recorded', 'sessions.updated']);
    const update = seen[1] as Extract<CoreEvent, { type: 'sessions.updated' }>;
    expect(update.sessions.map((s) => s.id)).toEqual([session.id]);
  });
});

describe('top-up, end, link, void', () => {
  it('a top-up adds to the live session as its own sale and queues a CoA for its devices', async () => {
    const { t, hour } = await withPackages();
    const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    openConnection(t, session.id);
    const r = await t.call('sessions.topUp', { sessionId: session.id, packageId: hour.id, paidMinor: 2000 });
    expect(r.sale.kind).toBe('topup');
    expect(r.session).toMatchObject({ timeLimitS: 7200, dataLimitBytes: 1_000_000_000, state: 'ACTIVE' });
    expect(t.core.store.outbox.pending()).toMatchObject([{ kind: 'coa', sessionId: session.id, reason: 'Top-up' }]);
  });

  it('refuses to top up an ended session', async () => {
    const { t, hour } = await withPackages();
    const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    await t.call('sessions.end', { id: session.id, reason: 'left' });
    const err = await caught(t.call('sessions.topUp', { sessionId: session.id, packageId: hour.id, paidMinor: 2000 }));
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toMatch(/sell a new voucher/);
  });

  it('ending a session terminates it, audits who and why, and queues one disconnect per open device', async () => {
    const { t, hour } = await withPackages();
    const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    openConnection(t, session.id);
    const ended = await t.call('sessions.end', { id: session.id, reason: 'Customer left' }, await t.cashierToken());
    expect(ended).toMatchObject({ state: 'TERMINATED', endReason: 'Customer left', endedAt: t.clock.now() });
    expect(ended.devices[0]).toMatchObject({ disconnect: 'pending' });
    expect(t.core.store.outbox.pending()).toMatchObject([{ kind: 'disconnect', sessionId: session.id, reason: 'Customer left' }]);
    // Until the router confirms, the customer may still be online: the session stays on the live screen.
    expect((await t.call('sessions.list', {})).sessions.map((s) => [s.id, s.state])).toEqual([[session.id, 'TERMINATED']]);
    const detail = await t.call('sessions.get', { id: session.id });
    expect(detail.audit[0]).toMatchObject({ action: 'session.end', actorName: 'Ben', fromState: 'ACTIVE', toState: 'TERMINATED', reason: 'Customer left' });
    const again = await caught(t.call('sessions.end', { id: session.id, reason: 'again' }));
    expect(again).toMatchObject({ code: 'conflict', message: 'The session has been ended (session ' + session.voucherCode + ')' });
    expect(t.core.store.outbox.pending()).toHaveLength(1);
  });

  it('links and unlinks a game-PC user', async () => {
    const { t, hour } = await withPackages();
    const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, pcUser: 'kenji', pcStation: 'PC-07' });
    expect(session).toMatchObject({ pcUser: 'kenji', pcStation: 'PC-07' });
    const relinked = await t.call('sessions.linkPc', { id: session.id, pcUser: 'mika', pcStation: 'PC-02' });
    expect(relinked).toMatchObject({ pcUser: 'mika', pcStation: 'PC-02' });
    expect(t.core.store.sessions.liveByPcUser('mika').map((s) => s.id)).toEqual([session.id]);
    const unlinked = await t.call('sessions.linkPc', { id: session.id, pcUser: null });
    expect(unlinked).toMatchObject({ pcUser: null, pcStation: null });
  });

  it('voiding a sale adds a reversing row, ends the session, and nets to zero in the report', async () => {
    const { t, hour } = await withPackages();
    const { sale, session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    const r = await t.call('sales.void', { saleId: sale.id, reason: 'Wrong package' });
    expect(r.void).toMatchObject({ kind: 'void', priceMinor: -2000, voidsSaleId: sale.id, reason: 'Wrong package' });
    expect(r.session).toMatchObject({ state: 'TERMINATED', endReason: 'Sale voided: Wrong package' });
    const listed = await t.call('sales.list', {});
    expect(listed.sales.find((s) => s.id === sale.id)?.voidedBySaleId).toBe(r.void.id);
    const again = await caught(t.call('sales.void', { saleId: sale.id, reason: 'twice' }));
    expect(again.code).toBe('conflict');
    const voidOfVoid = await caught(t.call('sales.void', { saleId: r.void.id, reason: 'x' }));
    expect(voidOfVoid.code).toBe('rule');
    const report = await t.call('reports.summary', { from: 0, to: t.clock.now() + 1 });
    expect(report).toMatchObject({ netMinor: 0, cashExpectedMinor: 0, sales: { count: 1, totalMinor: 2000 }, voids: { count: 1, totalMinor: -2000 } });
    expect(session.id).toBe(r.session.id);
  });

  it('voiding a top-up takes its allotment back and keeps the session', async () => {
    const { t, hour } = await withPackages();
    const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    const top = await t.call('sessions.topUp', { sessionId: session.id, packageId: hour.id, paidMinor: 2000 });
    const r = await t.call('sales.void', { saleId: top.sale.id, reason: 'Mistake' });
    expect(r.session).toMatchObject({ state: 'PENDING', timeLimitS: 3600, dataLimitBytes: 500_000_000 });
  });

  it('only admins void', async () => {
    const { t, hour } = await withPackages();
    const { sale } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    const err = await caught(t.call('sales.void', { saleId: sale.id, reason: 'x' }, await t.cashierToken()));
    expect(err.code).toBe('forbidden');
  });
});

describe('reports and lists', () => {
  it('sums per package, operator, payment method and hour; cash excludes e-wallet', async () => {
    const { t, hour, perUnit } = await withPackages();
    const ben = await t.cashierToken();
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    t.clock.advance(3600_000);
    await t.call('sales.sell', { packageId: perUnit.id, amountMinor: 1000, paidMinor: 1000, paymentMethod: 'e-wallet', wallet: 'GCash', paymentRef: '1004 2231 887' }, ben);
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 5000 }, ben);
    const r = await t.call('reports.summary', { from: 0, to: t.clock.now() + 1 });
    expect(r.sales).toEqual({ count: 3, totalMinor: 5000 });
    expect(r.cashExpectedMinor).toBe(4000);
    expect(r.byPackage).toEqual([
      { packageId: hour.id, packageName: '1 hour', count: 2, totalMinor: 4000 },
      { packageId: perUnit.id, packageName: 'Data by amount', count: 1, totalMinor: 1000 },
    ]);
    expect(r.byOperator.map((o) => [o.operatorName, o.totalMinor])).toEqual([
      ['Ben', 3000],
      ['Ana', 2000],
    ]);
    expect(r.byHour).toHaveLength(2);
    expect(r.byPaymentMethod).toContainEqual({ paymentMethod: 'e-wallet', count: 1, totalMinor: 1000 });
  });

  it('lists live and ended sessions with search and paging', async () => {
    const { t, hour } = await withPackages();
    const sold = [];
    for (let i = 0; i < 5; i++) sold.push((await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, pcUser: `user${i}` })).session);
    await t.call('sessions.end', { id: sold[0]!.id, reason: 'x' });
    expect((await t.call('sessions.list', {})).sessions.map((s) => s.id)).toEqual(sold.slice(1).map((s) => s.id).reverse());
    expect((await t.call('sessions.list', { scope: 'ended' })).sessions.map((s) => s.id)).toEqual([sold[0]!.id]);
    expect((await t.call('sessions.list', { scope: 'all', search: 'user3' })).sessions.map((s) => s.id)).toEqual([sold[3]!.id]);
    expect((await t.call('sessions.list', { scope: 'all', search: '%' })).sessions).toEqual([]);
    const page1 = await t.call('sessions.list', { scope: 'all', limit: 2 });
    const page2 = await t.call('sessions.list', { scope: 'all', limit: 2, before: page1.nextBefore! });
    expect([...page1.sessions, ...page2.sessions].map((s) => s.id)).toEqual([5, 4, 3, 2]);
  });
});
