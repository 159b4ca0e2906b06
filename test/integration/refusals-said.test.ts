/**
 * What the core refuses at the counter carries its catalog messages (`said`) beside the
 * English, so a till in Filipino or Bahasa Indonesia shows it in its operator's language:
 * a retried sale, a top-up that buys nothing usable, linking, voiding, reprinting, the
 * e-wallet fields and pairing. The English stays what scripts and the API have always read.
 */
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../src/shared/errors';
import type { MessageId } from '../../src/shared/i18n/catalog';
import { translator } from '../../src/shared/i18n/translate';
import { hourPackage, startCore } from '../helpers/core';
import { caught } from '../helpers/caught';

/** The headline and each field as a till in `language` shows them. */
function shown(err: AppError, language: 'fil' | 'id') {
  const say = translator(language);
  const of = (s: { id: string; values?: Record<string, string | number> } | undefined) => (s ? say(s.id as MessageId, s.values) : undefined);
  return { message: of(err.said?.message), fields: Object.fromEntries(Object.entries(err.said?.fields ?? {}).map(([f, s]) => [f, of(s)])) };
}

describe('refusals said in the operator’s language', () => {
  it('a retried sale: another sale under the same request id, and one recorded with other terms, naming how it was paid', async () => {
    const t = await startCore();
    const hour = await t.call('packages.create', hourPackage);
    const paid = { packageId: hour.id, paidMinor: 2000, paymentMethod: 'e-wallet' as const, wallet: 'GCash', paymentRef: '1004 2231', requestId: 'till-1-0001' };
    const a = await t.call('sales.sell', paid);
    const other = await caught(t.call('sales.sell', { ...paid, packageId: 999 }));
    expect(other).toMatchObject({ code: 'conflict', message: 'This request id was already used for a different sale', fields: { requestId: 'Already used' } });
    expect(other.said).toEqual({ message: { id: 'errors.sale.requestIdReused' }, fields: { requestId: { id: 'errors.sale.requestIdUsed' } } });
    expect(shown(other, 'fil').fields.requestId).toBe('Nagamit na');

    const again = await caught(t.call('sales.sell', { ...paid, paymentRef: '1004 2232' }));
    const english = `Already recorded as sale #${a.sale.id} (voucher ${a.session.voucherCode}, ₱20.00 received, GCash ref 1004 2231); nothing was sold again. Reprint it from History if the slip did not print.`;
    expect(again).toMatchObject({ code: 'conflict', message: english, fields: { requestId: english } });
    expect(again.said?.message).toEqual({ id: 'errors.sale.alreadyRecorded', values: { sale: a.sale.id, code: a.session.voucherCode, received: '₱20.00', method: 'walletRef', wallet: 'GCash', ref: '1004 2231' } });
    expect(shown(again, 'fil').message).toContain('GCash ref 1004 2231');
    const cash = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, requestId: 'till-1-0002' });
    const cashAgain = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 5000, requestId: 'till-1-0002' }));
    expect(cashAgain.message).toContain(`(voucher ${cash.session.voucherCode}, ₱20.00 received, cash);`);
    expect(shown(cashAgain, 'id').message).toContain('diterima ₱20.00, tunai)');
  });

  it('paid by card or e-wallet, more than the price: the method in the operator’s words', async () => {
    const t = await startCore();
    const hour = await t.call('packages.create', hourPackage);
    const card = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 5000, paymentMethod: 'card' }));
    expect(card.message).toBe('Paid by card: that is the price exactly, ₱20.00 (change is given for cash only)');
    expect(shown(card, 'fil').fields.paidMinor).toBe('Bayad sa card: eksaktong ₱20.00 lang (sa cash lang may sukli)');
    expect(shown(card, 'id').fields.paidMinor).toBe('Dibayar dengan kartu: harus pas sesuai harga, ₱20.00 (kembalian hanya untuk tunai)');
    const other = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 5000, paymentMethod: 'other' }));
    expect(other.message).toBe('Paid by other: that is the price exactly, ₱20.00 (change is given for cash only)');
    expect(shown(other, 'id').message).toBe('Dibayar dengan cara lain: harus pas sesuai harga, ₱20.00 (kembalian hanya untuk tunai)');
    const wallet = await caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 5000, paymentMethod: 'e-wallet', wallet: 'maya', paymentRef: '1234 5678' }));
    expect(wallet.message).toBe('Paid by Maya: that is the price exactly, ₱20.00 (change is given for cash only)');
    expect(shown(wallet, 'fil').message).toBe('Bayad sa Maya: eksaktong ₱20.00 lang (sa cash lang may sukli)');
  });

  it('a top-up that would still end now, or adds time the validity leaves no room for; no voucher code left', async () => {
    const t = await startCore();
    const windowed = await t.call('packages.create', { name: '2 h within 1 h', pricing: 'fixed', priceMinor: 2000, timeLimitS: 7200, validityS: 3600 });
    const hour = await t.call('packages.create', { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600 });
    const full = await t.call('sales.sell', { packageId: windowed.id, paidMinor: 2000 });
    const noRoom = await caught(t.call('sessions.topUp', { sessionId: full.session.id, packageId: hour.id, paidMinor: 2000 }));
    expect(noRoom.said?.fields?.packageId).toEqual({ id: 'errors.topUp.noRoom', values: { code: full.session.voucherCode, package: '1 hour' } });
    expect(shown(noRoom, 'fil').fields.packageId).toMatch(/^Hindi na magagamit ng .* ang dagdag na oras/);

    t.core.store.tx(() => t.core.store.sessions.activate(full.session.id, t.clock.now()));
    t.clock.advance(2 * 3600_000);
    const still = await caught(t.call('sessions.topUp', { sessionId: full.session.id, packageId: hour.id, paidMinor: 2000 }));
    expect(still.fields?.packageId).toBe(`${full.session.voucherCode} would still end now, topped up with "1 hour" (Voucher expired): it could not be used; sell a new voucher`);
    expect(still.said?.message).toEqual({ id: 'errors.topUp.stillEnds', values: { code: full.session.voucherCode, package: '1 hour', expiry: 'validity' } });
    expect(shown(still, 'id').message).toContain('(Voucher kedaluwarsa)');

    const stuck = await startCore({ randomInt: () => 0 });
    const h = await stuck.call('packages.create', hourPackage);
    await stuck.call('sales.sell', { packageId: h.id, paidMinor: 2000 });
    const none = await caught(stuck.call('sales.sell', { packageId: h.id, paidMinor: 2000 }));
    expect(none).toMatchObject({ code: 'rule', message: 'No free voucher code left at this length; make codes longer in Settings' });
    expect(shown(none, 'fil').message).toMatch(/Settings/);
    expect(none.said?.message).toEqual({ id: 'errors.sale.noFreeCode' });
  });

  it('linking an ended session or a card in stock to a PC, voiding a void or a voided sale, reprinting either', async () => {
    const t = await startCore();
    const hour = await t.call('packages.create', hourPackage);
    const s = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    const v = await t.call('sales.void', { saleId: s.sale.id, reason: 'Wrong package' });
    const link = await caught(t.call('sessions.linkPc', { id: s.session.id, pcUser: 'juan' }));
    expect(link).toMatchObject({ code: 'conflict', message: `Session ${s.session.voucherCode} has already ended` });
    expect(link.said?.message).toEqual({ id: 'errors.session.linkEnded', values: { code: s.session.voucherCode } });

    const ofVoid = await caught(t.call('sales.void', { saleId: v.void.id, reason: 'again' }));
    expect(ofVoid).toMatchObject({ code: 'rule', message: 'A void cannot itself be voided' });
    expect(shown(ofVoid, 'fil').message).toBe('Hindi puwedeng i-void ang isang void');
    const twice = await caught(t.call('sales.void', { saleId: s.sale.id, reason: 'again' }));
    expect(twice).toMatchObject({ code: 'conflict', message: `Sale ${s.sale.id} is already voided (by ${v.void.id})` });
    expect(twice.said?.message).toEqual({ id: 'errors.void.already', values: { sale: s.sale.id, by: v.void.id } });
    const missing = await caught(t.call('sales.void', { saleId: 4321, reason: 'x' }));
    expect(missing).toMatchObject({ code: 'not_found', message: 'Sale 4321 does not exist', said: { message: { id: 'errors.sale.notFound', values: { sale: 4321 } } } });

    const slipOfVoid = await caught(t.call('sales.reprint', { saleId: v.void.id }));
    expect(slipOfVoid).toMatchObject({ message: 'A void has no slip', said: { message: { id: 'errors.reprint.ofVoid' } } });
    const slipOfVoided = await caught(t.call('sales.reprint', { saleId: s.sale.id }));
    expect(slipOfVoided.message).toBe(`Sale #${s.sale.id} was voided (by #${v.void.id}): its voucher no longer works, so no slip`);
    expect(shown(slipOfVoided, 'id').message).toMatch(/^Penjualan #\d+ sudah dibatalkan/);
  });

  it('the e-wallet fields, each in the operator’s language', async () => {
    const t = await startCore();
    const hour = await t.call('packages.create', hourPackage);
    const sell = (extra: object) => caught(t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, ...extra }));
    const which = await sell({ paymentMethod: 'e-wallet' });
    expect(which).toMatchObject({ code: 'invalid_input', message: 'Which e-wallet: GCash, Maya, QRIS', fields: { wallet: 'Which e-wallet: GCash, Maya, QRIS', paymentRef: 'Type the reference number the e-wallet shows' } });
    expect(shown(which, 'fil')).toEqual({
      message: 'Aling e-wallet: GCash, Maya, QRIS',
      fields: { wallet: 'Aling e-wallet: GCash, Maya, QRIS', paymentRef: 'I-type ang reference number na nasa e-wallet' },
    });
    const notTaken = await sell({ paymentMethod: 'e-wallet', wallet: 'PayPal', paymentRef: '12345' });
    expect(shown(notTaken, 'id').fields.wallet).toBe('Bukan e-wallet yang diterima kafe ini (GCash, Maya, QRIS)');
    const notWallet = await sell({ wallet: 'Maya' });
    expect(notWallet.said?.fields).toEqual({ wallet: { id: 'errors.wallet.onlyEWallet' } });
    await t.call('settings.update', { payments: { wallets: [] } });
    const none = await sell({ paymentMethod: 'e-wallet', wallet: 'GCash', paymentRef: '12345' });
    expect(none.fields?.wallet).toBe('No e-wallets are set up; an admin adds them in Settings → Money & payments');
    expect(none.said?.fields?.wallet).toEqual({ id: 'errors.wallet.noneSetUp' });
  });

  it('pairing: no code on offer, a wrong code', async () => {
    const t = await startCore();
    const pair = (code: string) => caught(t.core.api.call('devices.pair', { code, name: 'Front till 2' }, null, { address: '127.0.0.1' }));
    const none = await pair('123456');
    expect(none).toMatchObject({ code: 'unauthorized', fields: { code: 'Expired or not started' } });
    expect(shown(none, 'fil').fields.code).toBe('Expired na o hindi pa nasisimulan');
    const { code } = await t.call('devices.startPairing', {});
    const wrong = await caught(t.core.api.call('devices.pair', { code: code === '000000' ? '111111' : '000000', name: 'Guess' }, null, { address: '127.0.0.1' }));
    expect(wrong).toMatchObject({ message: 'That is not the pairing code shown on the counter PC', fields: { code: 'Wrong code' } });
    expect(shown(wrong, 'id').fields.code).toBe('Kode salah');
  });
});
