import { describe, expect, it, onTestFinished } from 'vitest';
import { silentLogger } from '../../src/main/log';
import { startServe } from '../../src/main/serve/run';
import type { CoreEvent } from '../../src/shared/events';
import { caught } from '../helpers/caught';
import { hourPackage, startCore, type TestCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';

/** A core with the admin Ana (signed in at setup), the cashier Ben (signed in) and a 1-hour package at 20.00. */
async function till() {
  const t = await startCore();
  const hour = await t.call('packages.create', hourPackage);
  const ben = await t.cashierToken();
  const benId = (await t.call('operators.me', {}, ben)).id;
  return { t, hour, ben, benId };
}

function shiftOfSale(t: TestCore, saleId: number): number | null {
  return (t.core.store.db.prepare('SELECT shift_id AS shiftId FROM sales WHERE id = ?').get(saleId) as { shiftId: number | null }).shiftId;
}

function shiftCount(t: TestCore, operatorId: number): number {
  return (t.core.store.db.prepare('SELECT count(*) AS n FROM shifts WHERE operator_id = ?').get(operatorId) as { n: number }).n;
}

describe('shifts', () => {
  it('signing in opens the operator’s shift; signing in again keeps the same one', async () => {
    const { t, ben, benId } = await till();
    const shift = await t.call('shifts.current', {}, ben);
    expect(shift).toMatchObject({ operatorId: benId, operatorName: 'Ben', openedAt: t.clock.now(), closedAt: null, cashCountedMinor: null, differenceMinor: null });
    expect(shift!.totals).toEqual({ sales: { count: 0, totalMinor: 0 }, topups: { count: 0, totalMinor: 0 }, voids: { count: 0, totalMinor: 0 }, netMinor: 0, byPaymentMethod: [], byWallet: [], cashExpectedMinor: 0 });

    t.clock.advance(60_000);
    const again = await t.call('operators.signIn', { operatorId: benId, pin: '5678' }, null);
    expect((await t.call('shifts.current', {}, again.token))!.id).toBe(shift!.id);
    expect(shiftCount(t, benId)).toBe(1);
    expect(await t.call('shifts.open', {}, again.token)).toMatchObject({ id: shift!.id });
    const audit = await t.call('audit.list', { entity: 'shift', entityId: shift!.id });
    expect(audit.entries.map((e) => [e.action, e.actorName])).toEqual([['shift.open', 'Ben']]);
    // The first admin's shift opened at setup.
    expect(await t.call('shifts.current', {})).toMatchObject({ operatorName: 'Ana', closedAt: null });
  });

  it('puts each sale, top-up and void in the acting operator’s shift, not everyone’s', async () => {
    const { t, hour, ben } = await till();
    const anaSale = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    const benSale = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, paymentMethod: 'e-wallet', wallet: 'GCash', paymentRef: '1004 2231 887' }, ben);
    const benTopUp = await t.call('sessions.topUp', { sessionId: anaSale.session.id, packageId: hour.id, paidMinor: 5000 }, ben);
    const anaVoid = await t.call('sales.void', { saleId: benSale.sale.id, reason: 'Wrong package' });

    const anaShift = (await t.call('shifts.current', {}))!;
    const benShift = (await t.call('shifts.current', {}, ben))!;
    expect(anaShift.id).not.toBe(benShift.id);
    // The void of Ben's sale comes out of Ben's drawer while his shift is open: it counts there, so his drawer balances.
    expect(shiftOfSale(t, anaSale.sale.id)).toBe(anaShift.id);
    expect([benSale.sale.id, benTopUp.sale.id, anaVoid.void.id].map((id) => shiftOfSale(t, id))).toEqual([benShift.id, benShift.id, benShift.id]);

    expect(benShift.totals).toEqual({
      sales: { count: 1, totalMinor: 2000 },
      topups: { count: 1, totalMinor: 2000 },
      voids: { count: 1, totalMinor: -2000 },
      netMinor: 2000,
      byPaymentMethod: [
        { paymentMethod: 'cash', count: 1, totalMinor: 2000 },
        { paymentMethod: 'e-wallet', count: 1, totalMinor: 0 },
      ],
      byWallet: [{ wallet: 'GCash', count: 1, totalMinor: 0 }],
      cashExpectedMinor: 2000,
    });
    expect(anaShift.totals).toEqual({
      sales: { count: 1, totalMinor: 2000 },
      topups: { count: 0, totalMinor: 0 },
      voids: { count: 0, totalMinor: 0 },
      netMinor: 2000,
      byPaymentMethod: [{ paymentMethod: 'cash', count: 1, totalMinor: 2000 }],
      byWallet: [],
      cashExpectedMinor: 2000,
    });

    // Once Ben's shift is closed, a void of his top-up leaves the drawer of whoever voids it: Ana's shift.
    await t.call('shifts.close', { cashCountedMinor: 2000 }, ben);
    const late = await t.call('sales.void', { saleId: benTopUp.sale.id, reason: 'Customer changed their mind' });
    expect(shiftOfSale(t, late.void.id)).toBe(anaShift.id);
    expect((await t.call('shifts.current', {}))!.totals.cashExpectedMinor).toBe(0);
  });

  it('reports count each operator as their shifts do: a void for the drawer it leaves, whoever pressed Void', async () => {
    const { t, hour, ben, benId } = await till();
    const benSale = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 }, ben);
    const benLater = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 }, ben);
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    // Ana voids Ben's sale while his shift is open (his drawer), then another after he closed (hers).
    const open = await t.call('sales.void', { saleId: benSale.sale.id, reason: 'Wrong package' });
    await t.call('shifts.close', { cashCountedMinor: 2000 }, ben);
    await t.call('sales.void', { saleId: benLater.sale.id, reason: 'Refund' });

    const { shifts } = await t.call('shifts.list', { limit: 50 });
    const perShifts = new Map<number, { count: number; totalMinor: number }>();
    for (const f of shifts) {
      const o = perShifts.get(f.operatorId) ?? { count: 0, totalMinor: 0 };
      perShifts.set(f.operatorId, { count: o.count + f.totals.sales.count + f.totals.topups.count, totalMinor: o.totalMinor + f.totals.netMinor });
    }
    const report = await t.call('reports.summary', { from: 0, to: t.clock.now() + 1 });
    expect(new Map(report.byOperator.map((o) => [o.operatorId, { count: o.count, totalMinor: o.totalMinor }]))).toEqual(perShifts);
    expect(report.byOperator.find((o) => o.operatorId === benId)).toMatchObject({ count: 2, totalMinor: 2000 });
    // Who pressed Void is still on the void itself and in the audit log.
    expect((await t.call('sales.list', { limit: 10 })).sales.find((x) => x.id === open.void.id)).toMatchObject({ operatorName: 'Ana' });
    expect((await t.call('audit.list', { entity: 'sale', entityId: benSale.sale.id })).entries.map((e) => [e.action, e.actorName])).toContainEqual(['sale.void', 'Ana']);
  });

  it('closes with the counted cash: expected, counted, over and short; a closed shift’s totals never change', async () => {
    const { t, hour, ben, benId } = await till();
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 }, ben);
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, paymentMethod: 'other' }, ben);
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    const seen: CoreEvent[] = [];
    t.core.events.subscribe((e) => seen.push(e), ['shifts.changed']);

    t.clock.advance(8 * 3600_000);
    const over = await t.call('shifts.close', { cashCountedMinor: 2500, note: 'Found a coin roll' }, ben);
    expect(over).toMatchObject({ operatorName: 'Ben', closedAt: t.clock.now(), closedByName: 'Ben', cashCountedMinor: 2500, differenceMinor: 500, note: 'Found a coin roll' });
    expect(over.totals).toMatchObject({ sales: { count: 2, totalMinor: 4000 }, netMinor: 4000, cashExpectedMinor: 2000 });
    expect(over.totals.byPaymentMethod).toEqual([
      { paymentMethod: 'cash', count: 1, totalMinor: 2000 },
      { paymentMethod: 'other', count: 1, totalMinor: 2000 },
    ]);
    expect(seen).toMatchObject([{ type: 'shifts.changed', shiftId: over.id, operatorId: benId, closedAt: t.clock.now() }]);
    const audit = await t.call('audit.list', { entity: 'shift', entityId: over.id });
    expect(audit.entries[0]).toMatchObject({ action: 'shift.close', actorName: 'Ben', reason: 'Found a coin roll', details: { expectedMinor: 2000, countedMinor: 2500, differenceMinor: 500 } });

    const short = await t.call('shifts.close', { cashCountedMinor: 1500 });
    expect(short).toMatchObject({ operatorName: 'Ana', closedByName: 'Ana', cashCountedMinor: 1500, differenceMinor: -500, note: null });
    expect(short.totals.cashExpectedMinor).toBe(2000);
    expect(await t.call('shifts.current', {}, ben)).toBeNull();

    // Ben sells on (still signed in): a new shift opens by itself; the closed one is untouched.
    t.clock.advance(60_000);
    const later = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 }, ben);
    const next = (await t.call('shifts.current', {}, ben))!;
    expect(next.id).not.toBe(over.id);
    expect(next).toMatchObject({ openedAt: t.clock.now(), totals: { sales: { count: 1, totalMinor: 2000 }, cashExpectedMinor: 2000 } });
    expect(shiftOfSale(t, later.sale.id)).toBe(next.id);

    const { shifts } = await t.call('shifts.list', {});
    expect(shifts.map((s) => [s.operatorName, s.closedByName, s.differenceMinor])).toEqual([
      ['Ben', null, null],
      ['Ben', 'Ben', 500],
      ['Ana', 'Ana', -500],
    ]);
    expect(shifts[1]).toEqual(over);
  });

  it('refuses closing twice, closing with no open shift, and a cashier closing or listing another’s shift; an admin may', async () => {
    const { t, ben, benId } = await till();
    const benShift = (await t.call('shifts.current', {}, ben))!;
    const anaShift = (await t.call('shifts.current', {}))!;

    const forbidden = await caught(t.call('shifts.close', { shiftId: anaShift.id, cashCountedMinor: 0 }, ben));
    expect(forbidden).toMatchObject({ code: 'forbidden', message: 'Only Ana or an admin may close this shift' });
    expect((await caught(t.call('shifts.list', { operatorId: anaShift.operatorId }, ben))).code).toBe('forbidden');
    expect((await t.call('shifts.list', {}, ben)).shifts.map((s) => s.operatorId)).toEqual([benId]);

    const byAdmin = await t.call('shifts.close', { shiftId: benShift.id, cashCountedMinor: 0 });
    expect(byAdmin).toMatchObject({ operatorName: 'Ben', closedByName: 'Ana', differenceMinor: 0 });
    const audit = await t.call('audit.list', { entity: 'shift', entityId: benShift.id });
    expect(audit.entries[0]).toMatchObject({ action: 'shift.close', actorName: 'Ana', details: { operatorId: benId } });

    const twice = await caught(t.call('shifts.close', { shiftId: benShift.id, cashCountedMinor: 0 }, ben));
    expect(twice).toMatchObject({ code: 'conflict', message: 'This shift of Ben is already closed (by Ana)' });
    // Whoever closed it no longer on record (a database restored without them): said without a name, in every language.
    t.core.store.db.pragma('foreign_keys = OFF');
    t.core.store.db.prepare('UPDATE shifts SET closed_by = 999 WHERE id = ?').run(benShift.id);
    t.core.store.db.pragma('foreign_keys = ON');
    const unknownCloser = await caught(t.call('shifts.close', { shiftId: benShift.id, cashCountedMinor: 0 }, ben));
    expect(unknownCloser).toMatchObject({ code: 'conflict', message: 'This shift of Ben is already closed', said: { message: { id: 'errors.shift.closedUnknown', values: { name: 'Ben' } } } });
    expect(await caught(t.call('shifts.close', { cashCountedMinor: 0 }, ben))).toMatchObject({ code: 'not_found', message: 'You have no open shift to close' });
    expect((await caught(t.call('shifts.close', { shiftId: 999, cashCountedMinor: 0 }))).code).toBe('not_found');
    expect((await caught(t.call('shifts.close', { cashCountedMinor: -1 }))).fields).toEqual({ cashCountedMinor: 'Count the cash: 0 or more' });

    // The admin sees one operator's shifts or everyone's; shifts.open starts a new one.
    expect((await t.call('shifts.list', { operatorId: benId })).shifts.map((s) => s.id)).toEqual([benShift.id]);
    const reopened = await t.call('shifts.open', {}, ben);
    expect(reopened.id).not.toBe(benShift.id);
    const page = await t.call('shifts.list', { limit: 2 });
    expect(page.shifts.map((s) => s.id)).toEqual([reopened.id, benShift.id]);
    expect(page.nextBefore).toBe(benShift.id);
    expect((await t.call('shifts.list', { limit: 2, before: page.nextBefore! })).shifts.map((s) => s.id)).toEqual([anaShift.id]);
  });

  it('a sale that fails opens no shift: the shift opens in the sale’s own transaction', async () => {
    const { t, hour, ben, benId } = await till();
    await t.call('shifts.close', { cashCountedMinor: 0 }, ben);
    // The sale's last write fails (as a full disk would) after its shift was opened.
    t.core.store.db.exec(`CREATE TRIGGER fail_sale_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'sale.record'
      BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;`);
    expect((await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 }, ben))).code).toBe('internal');
    expect(shiftCount(t, benId)).toBe(1);
    expect(await t.call('shifts.current', {}, ben)).toBeNull();
  });

  it('lists the shifts open at some time in a range', async () => {
    const { t, ben } = await till();
    const first = (await t.call('shifts.current', {}, ben))!;
    t.clock.advance(3600_000);
    await t.call('shifts.close', { cashCountedMinor: 0 }, ben);
    t.clock.advance(3600_000);
    const second = await t.call('shifts.open', {}, ben);
    const ids = async (from: number, to: number) => (await t.call('shifts.list', { from, to }, ben)).shifts.map((s) => s.id);
    expect(await ids(first.openedAt, first.openedAt + 1)).toEqual([first.id]);
    expect(await ids(first.openedAt + 3600_000 + 1, second.openedAt)).toEqual([]);
    expect(await ids(second.openedAt, second.openedAt + 1)).toEqual([second.id]);
  });
});

describe('slip reprints', () => {
  it('returns the same slip with when and by whom, and records it in the audit log', async () => {
    const { t, hour, ben } = await till();
    const sold = await t.call('sales.sell', { packageId: hour.id, paidMinor: 5000 });
    t.clock.advance(600_000);
    const again = await t.call('sales.reprint', { saleId: sold.sale.id }, ben);
    expect(again).toMatchObject({ reprintedAt: t.clock.now(), operatorName: 'Ben', sale: { id: sold.sale.id, voucherCode: sold.sale.voucherCode, changeMinor: 3000 } });
    expect(again.session).toMatchObject({ id: sold.session.id, voucherCode: sold.session.voucherCode, password: sold.session.password });
    const audit = await t.call('audit.list', { entity: 'sale', entityId: sold.sale.id });
    expect(audit.entries[0]).toMatchObject({ action: 'sale.reprint', actorName: 'Ben', at: t.clock.now(), details: { sessionId: sold.session.id } });
  });

  it('refuses a void, a voided sale and a sale that does not exist', async () => {
    const { t, hour } = await till();
    const sold = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    const voided = await t.call('sales.void', { saleId: sold.sale.id, reason: 'Test' });
    expect(await caught(t.call('sales.reprint', { saleId: voided.void.id }))).toMatchObject({ code: 'rule', message: 'A void has no slip' });
    expect((await caught(t.call('sales.reprint', { saleId: 999 }))).code).toBe('not_found');
    // A voided sale's voucher no longer works: no slip that could be handed out as if it did.
    expect(await caught(t.call('sales.reprint', { saleId: sold.sale.id }))).toMatchObject({ code: 'rule', message: expect.stringContaining('was voided') });
  });
});

describe('shifts over HTTP', () => {
  it('closes the signed-in operator’s shift: 200 with the difference, then 409 and 404', async () => {
    const token = 'test-token-0123456789';
    const s = await startServe({ dataDir: tempDir(), port: 0, token, staticDir: null, log: silentLogger, firstAdmin: { name: 'Ana', pin: '1234' } });
    onTestFinished(() => s.stop());
    const post = async (method: string, body: unknown, operator?: string) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
      if (operator) headers['X-Operator-Token'] = operator;
      const res = await fetch(`${s.url}api/${method}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const ana = (await post('operators.signIn', { operatorId: 1, pin: '1234' })).body.token as string;
    const pkg = (await post('packages.create', hourPackage, ana)).body as { id: number };
    await post('sales.sell', { packageId: pkg.id, paidMinor: 2000 }, ana);
    const shiftId = ((await post('shifts.current', {}, ana)).body as { id: number }).id;
    const closed = await post('shifts.close', { cashCountedMinor: 1900 }, ana);
    expect(closed).toMatchObject({ status: 200, body: { id: shiftId, cashCountedMinor: 1900, differenceMinor: -100, totals: { cashExpectedMinor: 2000 } } });
    expect((await post('shifts.close', { shiftId, cashCountedMinor: 1900 }, ana)).status).toBe(409);
    expect((await post('shifts.close', { cashCountedMinor: 1900 }, ana)).status).toBe(404);
  });
});
