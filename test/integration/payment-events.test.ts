/**
 * POST /payments/events over real HTTP on the LAN port, against a real core and SQLite
 * file: one event is one sale (new MAC session or top-up), every bad input a clear 4xx
 * that changes nothing, the event id an idempotency key that survives a restart.
 */
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core';
import { keyringBox } from '../../src/main/security/secret-box';
import { keyring } from '../helpers/keyring';
import { sign } from '../../src/main/pcsync/signature';
import { dataByAmount, startCore, type TestCore } from '../helpers/core';
import type { ErrorSaid } from '../../src/shared/errors';

const webhook = { host: '127.0.0.1', port: 0 };
const MAC = 'AA:BB:CC:00:00:01';

interface Sent {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string>; details?: Record<string, number>; said?: ErrorSaid } };
}

async function setup(extra: { dailyCapMinor?: number } = {}) {
  const t = await startCore({ webhook });
  const perUnit = await t.call('packages.create', dataByAmount);
  const hour = await t.call('packages.create', { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600 });
  const retired = await t.call('packages.create', { name: 'Old', pricing: 'fixed', priceMinor: 100, timeLimitS: 60 });
  await t.call('packages.setActive', { id: retired.id, active: false });
  const { source, secret } = await t.call('paymentSources.create', {
    key: 'coin-door',
    name: 'Coin slot by the door',
    kind: 'coin',
    packageIds: [perUnit.id, hour.id, retired.id],
    defaultPackageId: perUnit.id,
    dailyCapMinor: extra.dailyCapMinor ?? null,
  });
  return { t, perUnit, hour, retired, source, secret };
}

function poster(t: TestCore, secret: () => string) {
  return async (body: unknown, o: { id?: string; timestamp?: number; raw?: string; key?: string; headers?: Record<string, string> } = {}): Promise<Sent> => {
    const raw = o.raw ?? JSON.stringify(body);
    const id = o.id ?? `evt_${Math.random().toString(36).slice(2)}`;
    const ts = o.timestamp ?? Math.floor(t.clock.now() / 1000);
    const res = await fetch(`http://127.0.0.1:${t.core.webhook!.port}/payments/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sign(o.key ?? secret(), id, ts, raw), ...o.headers },
      body: raw,
    });
    return { status: res.status, body: (await res.json()) as Sent['body'] };
  };
}

const event = (over: Record<string, unknown> = {}) => ({ source: 'coin-door', mac: MAC, ip: '10.5.50.20', amountMinor: 1000, occurredAt: Date.UTC(2026, 10, 21, 8, 0, 0), reference: 'COIN-1', ...over });

describe('payment events', () => {
  it('a coin event for a new device: one sale by amount, a MAC-bound session, 200 after the commit with what was granted', async () => {
    const { t, source, secret } = await setup();
    const post = poster(t, () => secret);
    const r = await post(event());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, duplicate: false, outcome: 'new', mac: MAC, chargedMinor: 1000, granted: { dataBytes: 200_000_000, timeS: null, validityS: 86400 }, gate: 'login-page' });
    const session = await t.call('sessions.get', { id: r.body.sessionId as number });
    expect(session).toMatchObject({ login: 'mac', mac: MAC, state: 'PENDING', dataLimitBytes: 200_000_000, sourceName: 'Coin slot by the door', voucherCode: r.body.voucherCode });
    expect(session.sales).toHaveLength(1);
    expect(session.sales[0]).toMatchObject({ paymentMethod: 'coin', paymentRef: 'COIN-1', operatorId: null, operatorName: 'self-service: Coin slot by the door', sourceId: source.id, priceMinor: 1000, paidMinor: 1000 });
    // No drawer took it: no shift, and it is not the admin's.
    expect(t.core.store.sales.get(session.sales[0]!.id)!.shiftId).toBeNull();
    const report = await t.call('reports.summary', { from: 0, to: t.clock.now() + 1 });
    expect(report.bySource).toEqual([{ sourceId: source.id, sourceName: 'Coin slot by the door', kind: 'coin', count: 1, totalMinor: 1000 }]);
    expect(report.byOperator).toEqual([]);
    expect(report.cashExpectedMinor).toBe(0);
    const { events } = await t.call('paymentSources.events', {});
    expect(events).toEqual([expect.objectContaining({ eventId: expect.any(String), mac: MAC, amountMinor: 1000, reference: 'COIN-1', outcome: 'new', gate: 'login-page', sessionId: session.id })]);
    const [listed] = (await t.call('paymentSources.list', {})).sources;
    expect(listed).toMatchObject({ today: { count: 1, totalMinor: 1000 }, lastEventAt: t.clock.now() });
    // Sessions are found by their source's name (the live list and the ended ones alike).
    expect((await t.call('sessions.list', { scope: 'all', search: 'by the door' })).sessions.map((x) => x.id)).toEqual([session.id]);
    // The cashier sees it in History with its reference, sold by the source.
    const { sales } = await t.call('sales.list', { search: 'COIN-1' }, await t.cashierToken());
    expect(sales.map((s) => s.operatorName)).toEqual(['self-service: Coin slot by the door']);
  });

  it('a second event for the same device tops its live session up (the usage so far kept), as a second sale', async () => {
    const { t, hour, secret } = await setup();
    const post = poster(t, () => secret);
    const first = await post(event());
    t.core.store.db.prepare('UPDATE sessions SET bytes_in = 50000000 WHERE id = ?').run(first.body.sessionId); t.core.store.reindex();
    const second = await post(event({ amountMinor: 2500, reference: 'COIN-2' }));
    expect(second).toMatchObject({ status: 200, body: { outcome: 'topup', sessionId: first.body.sessionId, chargedMinor: 2500, granted: { dataBytes: 500_000_000 } } });
    const s = await t.call('sessions.get', { id: first.body.sessionId as number });
    expect(s.sales.map((x) => [x.kind, x.priceMinor, x.paymentRef])).toEqual([['sale', 1000, 'COIN-1'], ['topup', 2500, 'COIN-2']]);
    expect(s).toMatchObject({ dataLimitBytes: 700_000_000, bytesIn: 50_000_000 });
    // An hour adds nothing to a session without a time limit: refused, nothing sold.
    const nothing = await post(event({ amountMinor: 2000, packageId: hour.id, reference: 'COIN-3' }));
    expect(nothing).toMatchObject({ status: 422, body: { error: { message: expect.stringMatching(/adds nothing/) } } });
    // A fixed package bought with more than its price: the café keeps the amount (a coin slot gives no change).
    const over = await post(event({ mac: 'AA:BB:CC:00:00:09', amountMinor: 2500, packageId: hour.id }));
    expect(over.body).toMatchObject({ outcome: 'new', chargedMinor: 2500, granted: { timeS: 3600 } });
  });

  it('a device online with a voucher from the counter has that session topped up', async () => {
    const { t, perUnit, secret } = await setup();
    const post = poster(t, () => secret);
    const { session } = await t.call('sales.sell', { packageId: perUnit.id, amountMinor: 500, paidMinor: 500 });
    const routerId = (await t.call('routers.create', { name: 'r', ip: '127.0.0.9', secret: 's3cret' })).id;
    t.core.store.sessions.activate(session.id, t.clock.now());
    t.core.store.connections.insert({ sessionId: session.id, routerId, acctSessionId: 'a1', userName: session.voucherCode, mac: MAC, ip: '10.5.50.20', startedAt: t.clock.now(), lastUpdateAt: t.clock.now() } as never);
    const r = await post(event());
    expect(r.body).toMatchObject({ outcome: 'topup', sessionId: session.id, gate: 'already-online' });
    expect((await t.call('sessions.get', { id: session.id })).dataLimitBytes).toBe(300_000_000);
  });

  it('the same event id twice, and once more after a restart: one sale, the first answer each time; the id with another body: 409', async () => {
    const { t, secret, dir } = await (async () => {
      const s = await setup();
      return { ...s, dir: s.t.dir };
    })();
    const post = poster(t, () => secret);
    const first = await post(event(), { id: 'evt_same' });
    const again = await post(event(), { id: 'evt_same' });
    expect(again).toEqual({ status: 200, body: { ...first.body, duplicate: true } });
    const other = await post(event({ amountMinor: 500 }), { id: 'evt_same' });
    expect(other.status).toBe(409);
    expect(other.body.error!.message).toMatch(/already used for another payment/);
    await t.core.close();

    const core = await createCore({ dataDir: dir, clock: t.clock, webhook });
    try {
      const afterRestart = await poster({ ...t, core }, () => secret)(event(), { id: 'evt_same' });
      expect(afterRestart).toEqual({ status: 200, body: { ...first.body, duplicate: true } });
      expect(core.store.db.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 1 });
    } finally {
      await core.close();
    }
  });

  it('a signed payment refused (over the cap, an id reused for another payment) is kept: the reports show the money taken without a sale, after a restart too; a retry is one row, another payment under the same id another, and one taken later is a sale instead', async () => {
    const { t, secret, source, dir } = await (async () => {
      const s = await setup({ dailyCapMinor: 3000 });
      return { ...s, dir: s.t.dir };
    })();
    const post = poster(t, () => secret);
    expect((await post(event({ amountMinor: 2500 }), { id: 'evt_1' })).status).toBe(200);
    // A slot whose counter restarted reuses the taken id for two other coins: each is refused (409), and each is kept.
    expect((await post(event({ amountMinor: 500, reference: 'COIN-R1' }), { id: 'evt_1' })).status).toBe(409);
    expect((await post(event({ amountMinor: 1500, reference: 'COIN-R2' }), { id: 'evt_1' })).status).toBe(409);
    // Over the cap: refused, twice (the device retries the same event), and once more for another device.
    expect((await post(event({ amountMinor: 1000, mac: 'AA:BB:CC:00:00:02', reference: 'COIN-2' }), { id: 'evt_capped' })).status).toBe(422);
    expect((await post(event({ amountMinor: 1000, mac: 'AA:BB:CC:00:00:02', reference: 'COIN-2' }), { id: 'evt_capped' })).status).toBe(422);
    expect((await post(event({ amountMinor: 600, mac: 'AA:BB:CC:00:00:03' }), { id: 'evt_capped_2' })).status).toBe(422);
    // Not money anyone paid: a bad signature, an unreadable body.
    expect((await post(event({ amountMinor: 700 }), { key: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(401);
    expect((await post(event({ mac: 'not-a-mac' }))).status).toBe(400);

    const report = await t.call('reports.summary', { from: 0, to: t.clock.now() + 1 });
    expect(report.refusedBySource).toEqual([{ sourceId: source.id, sourceName: 'Coin slot by the door', kind: 'coin', count: 4, totalMinor: 3600 }]);
    expect(report.bySource).toEqual([{ sourceId: source.id, sourceName: 'Coin slot by the door', kind: 'coin', count: 1, totalMinor: 2500 }]);
    expect(t.core.store.db.prepare("SELECT tries, reason FROM refused_payments WHERE event_id = 'evt_capped'").get()).toEqual({ tries: 2, reason: expect.stringMatching(/^422: Over the daily cap/) });

    // Kept across a restart; the cap raised, the device's retry of the first is sold and no longer counted as refused.
    await t.core.close();
    const core = await createCore({ dataDir: dir, clock: t.clock, webhook });
    try {
      const report2 = () => core.api.call('reports.summary', { from: 0, to: t.clock.now() + 1 }, t.adminToken) as Promise<typeof report>;
      expect((await report2()).refusedBySource).toMatchObject([{ count: 4, totalMinor: 3600 }]);
      await core.api.call('paymentSources.update', { id: source.id, dailyCapMinor: 10_000 }, t.adminToken);
      expect((await poster({ ...t, core }, () => secret)(event({ amountMinor: 1000, mac: 'AA:BB:CC:00:00:02', reference: 'COIN-2' }), { id: 'evt_capped' })).status).toBe(200);
      const after = await report2();
      expect(after.refusedBySource).toMatchObject([{ count: 3, totalMinor: 2600 }]);
      expect(after.bySource).toMatchObject([{ count: 2, totalMinor: 3500 }]);
    } finally {
      await core.close();
    }
  });

  it('a refused payment settled at the counter: refunded, it leaves the report and a retry stays refused; sold by hand, it is the source’s sale in no drawer and its retry gets that sale back', async () => {
    const { t, secret, source, hour } = await setup({ dailyCapMinor: 1000 });
    const post = poster(t, () => secret);
    const cashier = await t.cashierToken();
    expect((await post(event({ amountMinor: 1000 }), { id: 'evt_ok' })).status).toBe(200);
    // Over the cap: two customers' coins refused; the second named the hour package.
    expect((await post(event({ amountMinor: 2000, mac: 'AA:BB:CC:00:00:02', reference: 'COIN-2' }), { id: 'evt_refund' })).status).toBe(422);
    expect((await post(event({ amountMinor: 2000, mac: 'AA:BB:CC:00:00:03', reference: 'COIN-3', packageId: hour.id }), { id: 'evt_sell' })).status).toBe(422);
    const range = () => ({ from: 0, to: t.clock.now() + 1 });
    const listed = (await t.call('paymentSources.refused', range(), cashier)).payments;
    expect(listed.map((p) => [p.eventId, p.packageName, p.settled])).toEqual([
      ['evt_refund', null, null],
      ['evt_sell', '1 hour', null],
    ]);
    const key = (eventId: string) => {
      const p = listed.find((x) => x.eventId === eventId)!;
      return { sourceId: p.sourceId, eventId: p.eventId, paymentSha256: p.paymentSha256 };
    };
    const shiftBefore = (await t.call('shifts.current', {}, cashier))!;
    const toSettle = async () => (await t.call('status.get', {}, cashier)).refusedPayments;
    expect(await toSettle()).toEqual({ count: 2, totalMinor: 4000 });

    // Refunded by the cashier: settled with who and why; the report no longer counts it; a retry of it sells nothing.
    const refunded = await t.call('paymentSources.refund', { ...key('evt_refund'), note: 'Gave back ₱20 from the coin box' }, cashier);
    expect(refunded).toMatchObject({ settled: 'refunded', settledByName: 'Ben', settledNote: 'Gave back ₱20 from the coin box', saleId: null });
    expect((await t.call('reports.summary', range())).refusedBySource).toMatchObject([{ count: 1, totalMinor: 2000 }]);
    await t.call('paymentSources.update', { id: source.id, dailyCapMinor: null });
    const retry = await post(event({ amountMinor: 2000, mac: 'AA:BB:CC:00:00:02', reference: 'COIN-2' }), { id: 'evt_refund' });
    expect(retry.status).toBe(409);
    expect(retry.body.error!.message).toMatch(/refunded at the counter/);
    expect(t.core.store.db.prepare("SELECT tries, settled, reason FROM refused_payments WHERE event_id = 'evt_refund'").get()).toEqual({ tries: 2, settled: 'refunded', reason: expect.stringMatching(/^422: Over the daily cap/) });
    await expect(t.call('paymentSources.refund', { ...key('evt_refund'), note: null }, cashier)).rejects.toMatchObject({ code: 'conflict' });
    expect(await toSettle()).toEqual({ count: 1, totalMinor: 2000 });

    t.clock.advance(60_000);
    // Sold by hand: the package the event named, paid by coin into no drawer, for the source; the gate opens as for an event.
    const sold = await t.call('paymentSources.sellRefused', key('evt_sell'), cashier);
    expect(sold.outcome).toBe('new');
    expect(sold.payment).toMatchObject({ settled: 'sold', settledByName: 'Ben', voucherCode: sold.session.voucherCode, saleId: sold.sale.id });
    expect(sold.session).toMatchObject({ mac: 'AA:BB:CC:00:00:03', state: 'PENDING' });
    const sale = t.core.store.sales.get(sold.payment.saleId!)!;
    expect(sale).toMatchObject({ paymentMethod: 'coin', sourceId: source.id, shiftId: null, packageId: hour.id, priceMinor: 2000 });
    expect((await t.call('shifts.current', {}, cashier))!).toEqual(shiftBefore);
    const report = await t.call('reports.summary', range());
    expect(report.refusedBySource).toEqual([]);
    expect(report.bySource).toMatchObject([{ sourceId: source.id, count: 2, totalMinor: 3000 }]);
    expect(await toSettle()).toEqual({ count: 0, totalMinor: 0 });
    // The device's retry of that event now gets the sale made by hand: nothing is sold twice.
    const again = await post(event({ amountMinor: 2000, mac: 'AA:BB:CC:00:00:03', reference: 'COIN-3', packageId: hour.id }), { id: 'evt_sell' });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, saleId: sale.id } });
    expect((await t.call('reports.summary', range())).bySource).toMatchObject([{ count: 2, totalMinor: 3000 }]);
    await expect(t.call('paymentSources.sellRefused', key('evt_sell'), cashier)).rejects.toMatchObject({ code: 'conflict' });
    // Both are listed settled, newest first; owners read them but cannot settle.
    expect((await t.call('paymentSources.refused', { ...range(), openOnly: true })).payments).toEqual([]);
    expect((await t.call('paymentSources.refused', range())).payments.map((p) => [p.eventId, p.settled])).toEqual([
      ['evt_sell', 'sold'],
      ['evt_refund', 'refunded'],
    ]);
  });

  it('a payment refused for an id another payment took is sold by hand under an id of its own; a package its amount cannot buy is refused next to the field', async () => {
    const { t, secret, hour } = await setup();
    const post = poster(t, () => secret);
    expect((await post(event({ amountMinor: 1000 }), { id: 'evt_1' })).status).toBe(200);
    expect((await post(event({ amountMinor: 1500, mac: 'AA:BB:CC:00:00:09', reference: 'COIN-R' }), { id: 'evt_1' })).status).toBe(409);
    const [p] = (await t.call('paymentSources.refused', { from: 0, to: t.clock.now() + 1 })).payments;
    const key = { sourceId: p!.sourceId, eventId: p!.eventId, paymentSha256: p!.paymentSha256 };
    await expect(t.call('paymentSources.sellRefused', { ...key, packageId: hour.id })).rejects.toMatchObject({ code: 'rule', fields: { amountMinor: expect.stringMatching(/minimum/) } });
    const sold = await t.call('paymentSources.sellRefused', key);
    expect(t.core.store.paymentSources.events.get(key.sourceId, `evt_1/by-hand-${key.paymentSha256.slice(0, 12)}`)).toMatchObject({ saleId: sold.payment.saleId, mac: 'AA:BB:CC:00:00:09' });
    // The slot's retry of it is still a reused id (409), and sells nothing.
    expect((await post(event({ amountMinor: 1500, mac: 'AA:BB:CC:00:00:09', reference: 'COIN-R' }), { id: 'evt_1' })).status).toBe(409);
    expect((await t.call('reports.summary', { from: 0, to: t.clock.now() + 1 })).bySource).toMatchObject([{ count: 2, totalMinor: 2500 }]);
  });

  it('a payment refused for naming a package that does not exist (or is retired) is sold by hand as its source’s default', async () => {
    const { t, secret, perUnit, retired } = await setup();
    const post = poster(t, () => secret);
    expect((await post(event({ amountMinor: 1500, packageId: 999 }), { id: 'evt_unknown' })).status).toBe(404);
    expect((await post(event({ amountMinor: 1500, mac: 'AA:BB:CC:00:00:02', packageId: retired.id }), { id: 'evt_retired' })).status).toBe(422);
    const listed = (await t.call('paymentSources.refused', { from: 0, to: t.clock.now() + 1 })).payments;
    for (const p of listed) {
      const sold = await t.call('paymentSources.sellRefused', { sourceId: p.sourceId, eventId: p.eventId, paymentSha256: p.paymentSha256 });
      expect(sold.sale, p.eventId).toMatchObject({ packageId: perUnit.id, priceMinor: 1500 });
    }
  });

  it('refuses every bad input with a clear 4xx and changes nothing', async () => {
    const { t, secret, source, hour, retired } = await setup({ dailyCapMinor: 3000 });
    const post = poster(t, () => secret);
    const now = Math.floor(t.clock.now() / 1000);
    const cases: [string, Promise<Sent>, number, RegExp][] = [
      ['unknown source', post(event({ source: 'nobody' })), 403, /Unknown payment source "nobody"/],
      ['bad signature', post(event(), { key: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 401, /No valid signature/],
      ['stale', post(event(), { timestamp: now - 600 }), 401, /600 s from this PC's clock/],
      ['malformed MAC', post(event({ mac: 'not-a-mac' })), 400, /Not a MAC address/],
      ['not JSON', post(null, { raw: '{"source": "coin-door", ' }), 400, /not valid JSON/],
      ['no source', post(event({ source: undefined })), 400, /names no source/],
      ['unknown package', post(event({ packageId: 999 })), 404, /Package 999 does not exist/],
      ['retired package', post(event({ packageId: retired.id })), 422, /retired/],
      ['below the minimum', post(event({ amountMinor: 100 })), 422, /minimum for "Data by amount" is/],
      ['fixed below its price', post(event({ amountMinor: 1999, packageId: hour.id })), 422, /minimum for "1 hour" is/],
      ['zero amount', post(event({ amountMinor: 0 })), 400, /amountMinor/],
    ];
    for (const [what, sent, status, message] of cases) {
      const r = await sent;
      expect({ what, status: r.status }).toEqual({ what, status });
      expect(r.body.error!.message, what).toMatch(message);
    }
    const below = (await post(event({ amountMinor: 100 }))).body.error!;
    expect(below.details).toEqual({ minimumMinor: 500 });
    // Said by its catalog message too: a cashier selling a refused payment by hand sees it in her language.
    const minimum = { id: 'errors.amount.tooSmall', values: { package: 'Data by amount', price: '₱5.00' } };
    expect(below.said).toEqual({ message: minimum, fields: { amountMinor: minimum } });
    expect((await post(event({ amountMinor: 1999, packageId: hour.id }))).body.error!.said?.message).toEqual({ id: 'errors.amount.tooSmall', values: { package: '1 hour', price: '₱20.00' } });
    expect(t.core.store.db.prepare('SELECT (SELECT count(*) FROM sales) + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM payment_events) AS n').get()).toEqual({ n: 0 });

    // The daily cap (₱30): ₱25 goes through, the next ₱10 does not; the refusal says what was taken.
    expect((await post(event({ amountMinor: 2500 }))).status).toBe(200);
    const capped = await post(event({ amountMinor: 1000, mac: 'AA:BB:CC:00:00:02' }));
    expect(capped.status).toBe(422);
    expect(capped.body.error).toMatchObject({ message: expect.stringMatching(/daily cap/), details: { dailyCapMinor: 3000, takenTodayMinor: 2500 } });
    // Not its package: a package this source may not sell.
    const other = await t.call('packages.create', { name: 'Other', pricing: 'fixed', priceMinor: 100, timeLimitS: 60 });
    expect((await post(event({ packageId: other.id, amountMinor: 100 }))).body.error!.message).toMatch(/may not sell "Other"/);

    // Disabled at once: the next event is refused 403; the refusals are counted for the admin.
    await t.call('paymentSources.update', { id: source.id, enabled: false });
    const off = await post(event({ amountMinor: 500, mac: 'AA:BB:CC:00:00:03' }));
    expect(off.status).toBe(403);
    expect(off.body.error!.message).toMatch(/disabled/);
    const [listed] = (await t.call('paymentSources.list', {})).sources;
    expect(listed!.refused.count).toBeGreaterThanOrEqual(10);
    expect(listed!.refused.lastReason).toMatch(/^403: .*disabled/);
    expect(t.core.store.db.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 1 });
  });

  it('a new secret works at once and the old one stops; secrets are sealed at rest and never listed', async () => {
    const { t, source, secret } = await setup();
    let current = secret;
    const post = poster(t, () => current);
    const { secret: next } = await t.call('paymentSources.rotateSecret', { id: source.id });
    expect(next).toMatch(/^whsec_/);
    expect((await post(event())).status).toBe(401);
    current = next;
    expect((await post(event())).status).toBe(200);
    expect(JSON.stringify(await t.call('paymentSources.list', {}))).not.toContain(next.slice(6));
    expect(await t.call('paymentSources.list', {}, await t.cashierToken()).catch((e: Error) => e.message)).toMatch(/admin/i);
  });

  it('rejects a source with a default it may not sell, an unknown package or a taken key, next to the field', async () => {
    const { t, perUnit, hour } = await setup();
    const base = { key: 'qr-1', name: 'QR', kind: 'e-wallet' as const, packageIds: [perUnit.id], defaultPackageId: perUnit.id };
    await expect(t.call('paymentSources.create', { ...base, defaultPackageId: hour.id })).rejects.toMatchObject({ fields: { defaultPackageId: expect.any(String) } });
    await expect(t.call('paymentSources.create', { ...base, packageIds: [perUnit.id, 999] })).rejects.toMatchObject({ fields: { packageIds: expect.stringMatching(/999/) } });
    await expect(t.call('paymentSources.create', { ...base, key: 'coin-door' })).rejects.toMatchObject({ code: 'conflict', fields: { key: 'Already used' } });
    await expect(t.call('paymentSources.create', { ...base, key: 'Bad Key!' })).rejects.toMatchObject({ fields: { key: expect.any(String) } });
  });
  it('a source that has sold keeps its kind (its sales were paid its way); before its first sale it may change', async () => {
    const { t, source, secret } = await setup();
    expect(await t.call('paymentSources.update', { id: source.id, kind: 'e-wallet' })).toMatchObject({ kind: 'e-wallet' });
    await t.call('paymentSources.update', { id: source.id, kind: 'coin' });
    await poster(t, () => secret)(event());
    await expect(t.call('paymentSources.update', { id: source.id, kind: 'e-wallet' })).rejects.toMatchObject({ code: 'rule', fields: { kind: expect.stringMatching(/new source/) } });
    expect((await t.call('paymentSources.list', {})).sources[0]!.kind).toBe('coin');
  });

  it('a change names only what it changes: renaming a disabled, capped source leaves it disabled and capped', async () => {
    const { t, source, secret } = await setup({ dailyCapMinor: 5000 });
    await t.call('paymentSources.update', { id: source.id, enabled: false });
    const renamed = await t.call('paymentSources.update', { id: source.id, name: 'Coin slot (door)' });
    expect(renamed).toMatchObject({ name: 'Coin slot (door)', enabled: false, dailyCapMinor: 5000 });
    expect((await poster(t, () => secret)(event())).status).toBe(403);
    expect(t.core.store.audit.list({ entity: 'payment-source', limit: 10 }).map((a) => a.action)).toEqual(['payment-source.update', 'payment-source.disable', 'payment-source.create']);
  });

  it('voiding a self-service sale: allowed, in no drawer, netted for its source (cap, today, Reports), not against the admin', async () => {
    const { t, source, secret } = await setup({ dailyCapMinor: 1500 });
    const post = poster(t, () => secret);
    const first = await post(event());
    const saleId = first.body.saleId as number;
    const voided = await t.call('sales.void', { saleId, reason: 'Coin jammed, refunded' });
    expect(voided.void).toMatchObject({ paymentMethod: 'coin', sourceId: source.id, priceMinor: -1000, operatorName: 'Ana' });
    expect(t.core.store.sales.get(voided.void.id)!.shiftId).toBeNull();
    const report = await t.call('reports.summary', { from: 0, to: t.clock.now() + 1 });
    expect(report.bySource).toEqual([{ sourceId: source.id, sourceName: 'Coin slot by the door', kind: 'coin', count: 1, totalMinor: 0 }]);
    expect(report.byOperator).toEqual([]);
    expect((await t.call('paymentSources.list', {})).sources[0]!.today).toEqual({ count: 1, totalMinor: 0 });
    // The cap counts what was kept: ₱10 refunded, so ₱10 more fits under ₱15.
    expect((await post(event({ mac: 'AA:BB:CC:00:00:02' }))).status).toBe(200);
  });

  it('a device online with a time voucher pays at a data coin slot: it gets its own data session, not a refusal after the coin is in', async () => {
    const { t, secret } = await setup();
    const hour = await t.call('packages.create', { name: 'Hour only', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600 });
    const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    const routerId = (await t.call('routers.create', { name: 'r', ip: '127.0.0.9', secret: 's3cret' })).id;
    t.core.store.sessions.activate(session.id, t.clock.now());
    t.core.store.connections.insert({ sessionId: session.id, routerId, acctSessionId: 'a1', userName: session.voucherCode, mac: MAC, ip: '10.5.50.20', startedAt: t.clock.now(), lastUpdateAt: t.clock.now() } as never);
    const r = await poster(t, () => secret)(event());
    expect(r).toMatchObject({ status: 200, body: { outcome: 'new', mac: MAC } });
    expect(r.body.sessionId).not.toBe(session.id);
  });

  it('a retry that re-serialises the same payment (other key order, other occurredAt) is the same event; the payment decides, not the bytes', async () => {
    const { t, secret } = await setup();
    const post = poster(t, () => secret);
    const first = await post(event(), { id: 'evt_1' });
    const reordered = JSON.stringify({ reference: 'COIN-1', amountMinor: 1000, mac: 'aa-bb-cc-00-00-01', occurredAt: new Date(t.clock.now()).toISOString(), source: 'coin-door', ip: '10.5.50.20' });
    expect(await post(null, { id: 'evt_1', raw: reordered })).toEqual({ status: 200, body: { ...first.body, duplicate: true } });
    expect((await post(event({ reference: 'COIN-9' }), { id: 'evt_1' })).status).toBe(409);
  });

  it('a gate committed but never opened (the app stopped in between) is opened at the next start', async () => {
    const { t, secret } = await setup();
    const first = await poster(t, () => secret)(event());
    // As if the app had stopped after the commit, before it reached the router.
    t.core.store.db.prepare("UPDATE payment_events SET gate = 'router-api', gate_at = NULL, gate_error = NULL").run();
    await t.core.close();
    const core = await createCore({ dataDir: t.dir, clock: t.clock });
    try {
      // No router has API settings here, so the resumed attempt ends on the login page, recorded: it was tried.
      await core.selfService.settled();
      const [e] = core.store.paymentSources.events.recent(1);
      expect(e).toMatchObject({ sessionId: first.body.sessionId, gate: 'login-page', gateError: null });
      expect(core.store.audit.list({ entity: 'session', entityId: first.body.sessionId as number, limit: 20 }).map((a) => a.action)).toContain('session.gate');
    } finally {
      await core.close();
    }
  });

  it('secrets made in serve mode are sealed when the desktop app opens the database, and still verify', async () => {
    const { t, secret } = await setup();
    await t.core.close();
    const desktop = await createCore({ dataDir: t.dir, clock: t.clock, secrets: keyringBox(keyring('pc-1'), 'win32'), webhook });
    try {
      const stored = (desktop.store.db.prepare('SELECT secret FROM payment_sources').get() as { secret: string }).secret;
      expect(stored).toMatch(/^sealed:v1:/);
      expect(stored).not.toContain(secret.slice(6));
      expect((await poster({ ...t, core: desktop }, () => secret)(event())).status).toBe(200);
    } finally {
      await desktop.close();
    }
  });
});
