/**
 * Voucher cards: a batch generated, cards in STOCK that log in like sold vouchers and are
 * sold by that first login (exactly once, whatever the router retransmits or repeats),
 * voided cards refused with their own words, at-generation batches in the ledger at once.
 * Real core, real SQLite file, real UDP on 127.0.0.1; radclient as the outside client.
 */
import { describe, expect, it } from 'vitest';
import { decodeAttributes, encodePacket, parseFrame, str, type Attribute } from '../../src/main/radius/codec';
import { Code } from '../../src/main/radius/dictionary';
import { VOUCHER_ALPHABET } from '../../src/shared/engine/vouchers';
import { radclient } from '../helpers/radclient';
import { SECRET, startRadiusCore, type RadiusTestCore } from '../helpers/radius-core';
import { exchange } from '../helpers/udp';

function accessRequest(user: string, password: string, id: number, mac = 'AA:BB:CC:DD:EE:01'): Buffer {
  return encodePacket({
    code: Code.AccessRequest,
    identifier: id,
    secret: SECRET,
    messageAuthenticator: true,
    attributes: [
      ['User-Name', user],
      ['User-Password', password],
      ['Calling-Station-Id', mac],
      ['NAS-Identifier', 'cafe-hap'],
    ] as Attribute[],
  });
}

function replyOf(reply: Buffer | null): { code: number; message: string | null } {
  expect(reply).not.toBeNull();
  const f = parseFrame(reply!);
  if (!f.ok) throw new Error(f.reason);
  const d = decodeAttributes(f.frame);
  if (!d.ok) throw new Error(d.reason);
  return { code: f.frame.code, message: str(d.attributes, 'Reply-Message') };
}

const cardSales = (t: RadiusTestCore, sessionId: number) =>
  t.core.store.db.prepare("SELECT count(*) AS n FROM sales WHERE session_id = ? AND kind = 'sale'").get(sessionId) as { n: number };

describe('voucher card batches', () => {
  it('generates unique cards in stock: prefix + the voucher settings’ length and alphabet, code+password when asked, nothing sold yet', async () => {
    const t = await startRadiusCore();
    const batch = await t.call('batches.create', { packageId: t.hourId, count: 120, prefix: 'NS', mode: 'code+password', label: "Aling Nena's store" });
    expect(batch).toMatchObject({ count: 120, prefix: 'ns', mode: 'code+password', soldWhen: 'first-use', priceMinor: 2000, createdByName: 'Ana', counts: { stock: 120, used: 0, expired: 0, voided: 0 }, valueSoldMinor: 0 });
    const codes = batch.cards.map((c) => c.code);
    expect(new Set(codes).size).toBe(120);
    for (const c of batch.cards) {
      expect(c.state).toBe('STOCK');
      expect(c.code).toMatch(new RegExp(`^ns[${VOUCHER_ALPHABET}]{6}$`));
      expect(c.password).not.toBe(c.code);
    }
    // Nothing is in the ledger, nothing on the live list; a search by code finds the card.
    const now = t.clock.now();
    expect((await t.call('reports.summary', { from: now - 3600_000, to: now + 1 })).sales).toEqual({ count: 0, totalMinor: 0 });
    expect((await t.call('sessions.list', {})).sessions).toEqual([]);
    expect((await t.call('sessions.list', { search: codes[7]! })).sessions).toMatchObject([{ voucherCode: codes[7], state: 'STOCK', batchId: batch.id }]);
    // A counter sale's code is never one of the cards'.
    const sold = await t.sell();
    expect(codes).not.toContain(sold.code);
  });

  it('unused cards stay off the Sessions lists; a cashier finds one by its exact code but never sees its password', async () => {
    const t = await startRadiusCore();
    const cashier = await t.cashierToken();
    const stock = await t.call('batches.create', { packageId: t.hourId, count: 30, mode: 'code+password' });
    const paid = await t.call('batches.create', { packageId: t.hourId, count: 30, soldWhen: 'generation' });
    const [card] = stock.cards;
    for (const scope of ['live', 'ended', 'all'] as const) {
      expect((await t.call('sessions.list', { scope }, cashier)).sessions, scope).toEqual([]);
      expect((await t.call('sessions.list', { scope, search: card!.code.slice(0, 3) }, cashier)).sessions, scope).toEqual([]);
    }
    expect((await t.call('status.get', {})).liveSessions).toBe(0);
    const found = (await t.call('sessions.list', { search: card!.code.toUpperCase() }, cashier)).sessions;
    expect(found).toMatchObject([{ id: card!.sessionId, state: 'STOCK', password: '' }]);
    expect((await t.call('sessions.list', { search: card!.code }, t.adminToken)).sessions).toMatchObject([{ password: card!.password }]);
    await expect(t.call('sessions.get', { id: card!.sessionId }, cashier)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.call('sessions.get', { id: paid.cards[0]!.sessionId }, cashier)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await t.call('sessions.get', { id: card!.sessionId })).toMatchObject({ password: card!.password });
    // Nor in History: the sales of cards paid at generation and not yet used are the admin's to see and print.
    const paidSale = (await t.call('sales.list', {})).sales.find((x) => x.sessionId === paid.cards[0]!.sessionId)!;
    expect((await t.call('sales.list', {}, cashier)).sales).toEqual([]);
    await expect(t.call('sales.reprint', { saleId: paidSale.id }, cashier)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await t.call('sales.reprint', { saleId: paidSale.id })).session.password).toBe(paid.cards[0]!.password);

    // Once used, a card is a customer's session like any other.
    expect(replyOf(await exchange(t.auth, accessRequest(card!.code, card!.password, 1))).code).toBe(Code.AccessAccept);
    expect((await t.call('sessions.list', {}, cashier)).sessions).toMatchObject([{ id: card!.sessionId, state: 'ACTIVE', password: card!.password }]);
    expect((await t.call('status.get', {})).liveSessions).toBe(1);
  });

  it('first login sells the card once: a retransmitted Access-Request and a second login add no sale', async () => {
    const t = await startRadiusCore();
    const batch = await t.call('batches.create', { packageId: t.hourId, count: 3 });
    const card = batch.cards[0]!;
    // A cash sale at the counter meanwhile (the drawer's; the card's is not).
    await t.call('sales.sell', { packageId: t.hourId, paidMinor: 2000 });

    const first = accessRequest(card.code, card.password, 7);
    expect(replyOf(await exchange(t.auth, first)).code).toBe(Code.AccessAccept);
    // The router did not hear the answer and sends the very same datagram again.
    expect(replyOf(await exchange(t.auth, first)).code).toBe(Code.AccessAccept);
    // And the customer logs in again later (a new request), from radclient this time.
    const again = await radclient(t.auth, 'auth', SECRET, [`User-Name = "${card.code}", User-Password = "${card.password}", Calling-Station-Id = "AA:BB:CC:DD:EE:01", Message-Authenticator = 0x00`]);
    expect(again.replies.map((r) => r.code)).toEqual(['Access-Accept']);

    expect(cardSales(t, card.sessionId)).toEqual({ n: 1 });
    const [sale] = (await t.call('sessions.get', { id: card.sessionId })).sales;
    expect(sale).toMatchObject({ kind: 'sale', paymentMethod: 'voucher-card', priceMinor: 2000, paidMinor: 2000, changeMinor: 0, operatorName: 'Ana', voucherCode: card.code });
    const ledger = t.core.store.db.prepare('SELECT shift_id AS shiftId, request_id AS requestId FROM sales WHERE id = ?').get(sale!.id);
    expect(ledger).toEqual({ shiftId: null, requestId: null });
    expect(await t.call('batches.get', { id: batch.id })).toMatchObject({ counts: { stock: 2, used: 1 }, valueSoldMinor: 2000 });
    const now = t.clock.now();
    const report = await t.call('reports.summary', { from: now - 3600_000, to: now + 1 });
    expect(report.byPaymentMethod).toContainEqual({ paymentMethod: 'voucher-card', count: 1, totalMinor: 2000 });
    expect(report.cashExpectedMinor).toBe(2000); // the counter sale's cash only

    // Taking the card's sale back goes through no drawer either: the admin's shift is untouched.
    const before = (await t.call('shifts.current', {}))!.totals;
    const { void: voided } = await t.call('sales.void', { saleId: sale!.id, reason: 'Card reported stolen' });
    expect(t.core.store.db.prepare('SELECT shift_id AS shiftId FROM sales WHERE id = ?').get(voided.id)).toEqual({ shiftId: null });
    expect((await t.call('shifts.current', {}))!.totals).toEqual(before);
  });

  it('an accounting Start for a card we never accepted does not sell it: the router is told to disconnect it', async () => {
    const t = await startRadiusCore();
    const [card] = (await t.call('batches.create', { packageId: t.hourId, count: 1 })).cards;
    const start = [`Acct-Status-Type = Start`, `Acct-Session-Id = "81a00001"`, `User-Name = "${card!.code}"`, 'Calling-Station-Id = "AA:BB:CC:DD:EE:01"', 'NAS-IP-Address = 127.0.0.1'].join(', ');
    expect((await radclient(t.acct, 'acct', SECRET, [start])).replies[0]?.code).toBe('Accounting-Response');
    expect(await t.call('sessions.get', { id: card!.sessionId })).toMatchObject({ state: 'STOCK', sales: [] });
    expect(t.core.store.db.prepare('SELECT kind, reason FROM disconnect_outbox WHERE session_id = ?').all(card!.sessionId)).toEqual([
      { kind: 'disconnect', reason: 'A card in stock must log in to be sold' },
    ]);
  });

  it('the ledger itself refuses a second sale of the same card', async () => {
    const t = await startRadiusCore();
    const [card] = (await t.call('batches.create', { packageId: t.hourId, count: 1 })).cards;
    expect(replyOf(await exchange(t.auth, accessRequest(card!.code, card!.password, 1))).code).toBe(Code.AccessAccept);
    const { firstUseSale } = await import('../../src/main/services/card-sale');
    const batch = t.core.store.batches.ofSession(card!.sessionId)!;
    expect(() => t.core.store.sales.insert(firstUseSale(batch, card!.sessionId, t.clock.now()))).toThrow(/UNIQUE constraint failed: sales.session_id/);
  });

  it('voiding the unused cards: they are refused with their own words, used ones go on, the audit says who and why', async () => {
    const t = await startRadiusCore();
    const batch = await t.call('batches.create', { packageId: t.hourId, count: 5, label: 'Sheet 12' });
    const [used, lost] = batch.cards;
    expect(replyOf(await exchange(t.auth, accessRequest(used!.code, used!.password, 1))).code).toBe(Code.AccessAccept);

    const out = await t.call('batches.voidUnused', { id: batch.id, reason: 'Sheet stolen from the store' });
    expect(out).toMatchObject({ voided: 4, batch: { counts: { stock: 0, used: 1, voided: 4 }, valueSoldMinor: 2000 } });
    const refused = replyOf(await exchange(t.auth, accessRequest(lost!.code, lost!.password, 2, 'AA:BB:CC:DD:EE:02')));
    expect(refused).toEqual({ code: Code.AccessReject, message: 'This card was voided: ask at the counter' });
    expect(replyOf(await exchange(t.auth, accessRequest(used!.code, used!.password, 3))).code).toBe(Code.AccessAccept);
    // A top-up of a used card at the counter is the counter's sale, not the batch's.
    await t.call('sessions.topUp', { sessionId: used!.sessionId, packageId: t.hourId, paidMinor: 2000 });
    expect((await t.call('batches.get', { id: batch.id })).valueSoldMinor).toBe(2000);
    expect(cardSales(t, lost!.sessionId)).toEqual({ n: 0 });
    const { entries } = await t.call('audit.list', { entity: 'batch', entityId: batch.id });
    expect(entries[0]).toMatchObject({ action: 'batch.void-unused', actorName: 'Ana', reason: 'Sheet stolen from the store', details: { voided: 4 } });
    expect((await t.call('sessions.get', { id: lost!.sessionId })).audit).toMatchObject([
      { action: 'session.end', fromState: 'STOCK', toState: 'TERMINATED', actorName: 'Ana', reason: 'Card voided: Sheet stolen from the store' },
    ]);
    await expect(t.call('batches.voidUnused', { id: batch.id, reason: 'again' })).rejects.toMatchObject({ code: 'rule' });
  });

  it('a card in stock cannot be topped up, linked or ended at the counter', async () => {
    const t = await startRadiusCore();
    const [card] = (await t.call('batches.create', { packageId: t.hourId, count: 1 })).cards;
    await expect(t.call('sessions.topUp', { sessionId: card!.sessionId, packageId: t.hourId, paidMinor: 2000 })).rejects.toMatchObject({ code: 'rule', message: expect.stringMatching(/still in stock/) });
    await expect(t.call('sessions.end', { id: card!.sessionId, reason: 'x' })).rejects.toMatchObject({ code: 'rule' });
    await expect(t.call('sessions.linkPc', { id: card!.sessionId, pcUser: 'juan' })).rejects.toMatchObject({ code: 'rule' });
    // Nothing of it runs in stock: a year later it still logs in, and its time starts then.
    t.clock.advance(365 * 86_400_000);
    await t.core.scheduler.runNow('expiry');
    const accept = await radclient(t.auth, 'auth', SECRET, [`User-Name = "${card!.code}", User-Password = "${card!.password}"`]);
    expect(accept.replies).toMatchObject([{ code: 'Access-Accept', attributes: { 'Session-Timeout': '3600' } }]);
  });

  it('at generation: one sale per card now, in the creator’s shift, paid as said; reports reconcile; voiding keeps the money', async () => {
    const t = await startRadiusCore();
    const batch = await t.call('batches.create', { packageId: t.hourId, count: 25, soldWhen: 'generation', paymentMethod: 'e-wallet', wallet: 'gcash', paymentRef: 'GC-7781 2201' });
    expect(batch).toMatchObject({ soldWhen: 'generation', counts: { stock: 25 }, valueSoldMinor: 25 * 2000 });
    expect(batch.cards.every((c) => c.state === 'PENDING')).toBe(true);
    const now = t.clock.now();
    const report = await t.call('reports.summary', { from: now - 1, to: now + 1 });
    expect(report.sales).toEqual({ count: 25, totalMinor: 50_000 });
    expect(report.byWallet).toEqual([{ wallet: 'GCash', count: 25, totalMinor: 50_000 }]);
    const shift = await t.call('shifts.current', {});
    expect(shift!.totals.sales).toEqual({ count: 25, totalMinor: 50_000 });
    expect(shift!.totals.byWallet).toEqual([{ wallet: 'GCash', count: 25, totalMinor: 50_000 }]);
    expect(shift!.totals.cashExpectedMinor).toBe(0);
    expect((await t.call('sales.list', { search: '7781' })).sales).toHaveLength(25);

    // A card sold at generation logs in without another sale.
    const card = batch.cards[3]!;
    expect(replyOf(await exchange(t.auth, accessRequest(card.code, card.password, 1))).code).toBe(Code.AccessAccept);
    expect(cardSales(t, card.sessionId)).toEqual({ n: 1 });

    const voided = await t.call('batches.voidUnused', { id: batch.id, reason: 'Store closed' });
    expect(voided).toMatchObject({ voided: 24, batch: { counts: { stock: 0, used: 1, voided: 24 }, valueSoldMinor: 50_000 } });
    expect((await t.call('reports.summary', { from: now - 1, to: t.clock.now() + 1 })).netMinor).toBe(50_000);
  });

  it('one deliberate action makes one batch: the same request id returns the same batch', async () => {
    const t = await startRadiusCore();
    const input = { packageId: t.hourId, count: 10, requestId: 'batch-form-0001' };
    const a = await t.call('batches.create', input);
    const b = await t.call('batches.create', input);
    expect(b.id).toBe(a.id);
    expect(b.cards).toEqual(a.cards);
    expect((await t.call('batches.list', {})).batches).toHaveLength(1);
    await expect(t.call('batches.create', { ...input, count: 11 })).rejects.toMatchObject({ code: 'conflict' });
    // Paid at generation: a retry must be paid the same way, else it is refused rather than replayed.
    const paid = { packageId: t.hourId, count: 2, soldWhen: 'generation' as const, paymentMethod: 'e-wallet' as const, wallet: 'GCash', paymentRef: '4001 2002', requestId: 'batch-form-0002' };
    const c = await t.call('batches.create', paid);
    expect((await t.call('batches.create', paid)).id).toBe(c.id);
    await expect(t.call('batches.create', { ...paid, paymentRef: '4001 2003' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses bad input next to the field: count, prefix, e-wallet without its reference, a cashier', async () => {
    const t = await startRadiusCore();
    await expect(t.call('batches.create', { packageId: t.hourId, count: 2001 })).rejects.toMatchObject({ code: 'invalid_input', fields: { count: 'At most 2,000 cards' } });
    await expect(t.call('batches.create', { packageId: t.hourId, count: 0 })).rejects.toMatchObject({ fields: { count: 'At least 1 card' } });
    await expect(t.call('batches.create', { packageId: t.hourId, count: 5, prefix: 'ab-c' })).rejects.toMatchObject({ fields: { prefix: 'Up to 6 letters or digits, without 0, 1, i, l or o' } });
    await expect(t.call('batches.create', { packageId: t.hourId, count: 5, soldWhen: 'generation', paymentMethod: 'e-wallet', wallet: 'GCash' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { paymentRef: 'Type the reference number the e-wallet shows' },
    });
    await expect(t.call('batches.create', { packageId: t.hourId, count: 5 }, await t.cashierToken())).rejects.toMatchObject({ code: 'forbidden' });
    expect((await t.call('batches.list', {})).batches).toEqual([]);
  });
});

describe('payment references', () => {
  it('an e-wallet sale names a configured e-wallet and its reference; History finds it; reports split by e-wallet', async () => {
    const t = await startRadiusCore();
    const sell = (extra: object) => t.call('sales.sell', { packageId: t.hourId, paidMinor: 2000, paymentMethod: 'e-wallet', ...extra });
    await expect(sell({})).rejects.toMatchObject({ code: 'invalid_input', fields: { wallet: 'Which e-wallet: GCash, Maya, QRIS', paymentRef: 'Type the reference number the e-wallet shows' } });
    await expect(sell({ wallet: 'PayPal', paymentRef: '12345' })).rejects.toMatchObject({ fields: { wallet: 'Not an e-wallet this café takes (GCash, Maya, QRIS)' } });
    await expect(sell({ wallet: 'Maya', paymentRef: '12' })).rejects.toMatchObject({ fields: { paymentRef: 'At least 4 characters' } });
    await expect(t.call('sales.sell', { packageId: t.hourId, paidMinor: 2000, wallet: 'Maya' })).rejects.toMatchObject({ fields: { wallet: 'Only an e-wallet payment names an e-wallet' } });

    const { sale } = await sell({ wallet: 'maya', paymentRef: 'MY 0099 1234' });
    expect(sale).toMatchObject({ paymentMethod: 'e-wallet', wallet: 'Maya', paymentRef: 'MY 0099 1234' });
    await sell({ wallet: 'GCash', paymentRef: '5011 2233 4455' });
    await t.call('sales.sell', { packageId: t.hourId, paidMinor: 2000 });
    expect((await t.call('sales.list', { search: '0099' })).sales.map((s) => s.id)).toEqual([sale.id]);
    const now = t.clock.now();
    const r = await t.call('reports.summary', { from: now - 1, to: now + 1 });
    expect(r.byWallet).toEqual([
      { wallet: 'GCash', count: 1, totalMinor: 2000 },
      { wallet: 'Maya', count: 1, totalMinor: 2000 },
    ]);
    expect(r.byPaymentMethod).toContainEqual({ paymentMethod: 'e-wallet', count: 2, totalMinor: 4000 });
    expect(r.cashExpectedMinor).toBe(2000);
    // A void carries the e-wallet and reference, so the refund is found by the same reference.
    await t.call('sales.void', { saleId: sale.id, reason: 'Wrong package' });
    expect((await t.call('sales.list', { search: '0099' })).sales.map((s) => s.kind)).toEqual(['void', 'sale']);
  });

  it('a retried sale must be paid as the first time: another reference is refused, naming the sale recorded', async () => {
    const t = await startRadiusCore();
    const input = { packageId: t.hourId, paidMinor: 2000, paymentMethod: 'e-wallet' as const, wallet: 'GCash', paymentRef: '1111 2222', requestId: 'sale-form-0001' };
    const first = await t.call('sales.sell', input);
    expect((await t.call('sales.sell', input)).sale.id).toBe(first.sale.id);
    await expect(t.call('sales.sell', { ...input, paymentRef: '1111 2223' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/GCash ref 1111 2222/) });
  });

  it('Settings → Money & payments: the list of e-wallets is checked', async () => {
    const t = await startRadiusCore();
    await expect(t.call('settings.update', { payments: { wallets: ['GCash', 'gcash'] } })).rejects.toMatchObject({ fields: { 'payments.wallets': 'Each e-wallet once' } });
    await t.call('settings.update', { payments: { wallets: ['GoPay', 'OVO', 'DANA', 'QRIS'] } });
    await expect(t.call('sales.sell', { packageId: t.hourId, paidMinor: 2000, paymentMethod: 'e-wallet', wallet: 'GCash', paymentRef: '12345' })).rejects.toMatchObject({ fields: { wallet: 'Not an e-wallet this café takes (GoPay, OVO, DANA, QRIS)' } });
  });
});
