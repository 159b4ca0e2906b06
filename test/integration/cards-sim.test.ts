/**
 * Voucher cards through the simulated MikroTik Hotspot over real UDP: a first-use batch of
 * 200 cards, 50 of them typed on the login page by 50 customers' devices (CHAP, as the
 * Hotspot's login page sends it), usage reported while they browse, some leaving. The
 * reports then show 50 cards sold, the Batches screen 150 in stock; logging in again sells
 * nothing more; voiding the unused 150 turns them away with their own words.
 */
import { describe, expect, it } from 'vitest';
import type { SimDevice } from '../../src/main/sim/hotspot';
import { SECRET, simulatedHotspot, startRadiusCore } from '../helpers/radius-core';

const CARDS = 200;
const USED = 50;
const PRICE = 2000; // hourPackage's

/** Runs `f` over `items`, `n` at a time (a café's logins come close together, not all in one instant). */
async function inChunks<T, R>(items: readonly T[], n: number, f: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += n) out.push(...(await Promise.all(items.slice(i, i + n).map((x, k) => f(x, i + k)))));
  return out;
}

const device = (i: number): SimDevice => ({
  mac: `AA:BB:CC:01:00:${i.toString(16).padStart(2, '0').toUpperCase()}`,
  ip: `10.5.60.${i + 10}`,
  downBps: 40_000 + i * 1000,
  upBps: 8_000,
});

describe('a batch of cards used through the simulated router', () => {
  it('200 cards, 50 used by simulated customers: 50 sold as cards in the reports, 150 in stock; again sells nothing; voided cards refused', async () => {
    const t = await startRadiusCore({ name: 'Front hAP' });
    const sim = await simulatedHotspot(t);
    await t.call('routers.update', { id: t.routerId, name: 'Front hAP', ip: '127.0.0.1', secret: SECRET, coaPort: sim.coaPort });
    /** The last usage each card's login reported and had answered, by code. */
    const reported = new Map<string, { inBytes: number; outBytes: number; sessionTimeS: number }>();
    sim.on('accounted', (r) => r.answered && reported.set(r.user, r));
    const from = t.clock.now();
    const batch = await t.call('batches.create', { packageId: t.hourId, count: CARDS, prefix: 'st', mode: 'code+password', label: 'Sari-sari store' });
    expect(batch).toMatchObject({ soldWhen: 'first-use', counts: { stock: CARDS, used: 0 }, valueSoldMinor: 0 });

    // Every fourth card of the sheet is sold by the store and used; the customers arrive over a few minutes.
    const used = batch.cards.filter((_, i) => i % 4 === 1);
    expect(used).toHaveLength(USED);
    const logins = await inChunks(used, 5, async (card, i) => {
      if (i % 5 === 0) t.clock.advance(2_000);
      return sim.login(device(i), card.code, card.password);
    });
    expect(logins.filter((l) => !l.accepted)).toEqual([]);
    expect(logins.map((l) => l.accepted && l.host.sessionTimeoutS)).toEqual(Array(USED).fill(3600));
    expect(sim.active).toHaveLength(USED);

    // Six minutes of browsing: interim updates every 120 s (the settings' interval); ten customers leave.
    const advance = async (seconds: number) => {
      for (let s = 0; s < seconds; s += 10) {
        t.clock.advance(10_000);
        await sim.tick();
      }
    };
    await advance(180);
    const leaving = used.slice(0, 10).map((_, i) => device(i).mac);
    await inChunks(leaving, 5, (mac) => sim.logout(mac));
    await advance(180);
    expect(sim.active).toHaveLength(USED - 10);

    // The reports: 50 cards sold at the package's price, as cards (no cash in any drawer).
    const report = await t.call('reports.summary', { from, to: t.clock.now() + 1 });
    expect(report.sales).toEqual({ count: USED, totalMinor: USED * PRICE });
    expect(report.byPaymentMethod).toEqual([{ paymentMethod: 'voucher-card', count: USED, totalMinor: USED * PRICE }]);
    expect(report.byPackage).toEqual([expect.objectContaining({ packageId: t.hourId, count: USED, totalMinor: USED * PRICE })]);
    expect(report.byOperator).toEqual([expect.objectContaining({ operatorName: 'Ana', count: USED })]);
    expect(report.cashExpectedMinor).toBe(0);
    expect(report.netMinor).toBe(USED * PRICE);

    // The Batches screen: 150 in stock, 50 used, and what they sold for.
    const counts = { stock: CARDS - USED, used: USED, expired: 0, voided: 0 };
    expect((await t.call('batches.list', {})).batches).toMatchObject([{ id: batch.id, count: CARDS, counts, valueSoldMinor: USED * PRICE }]);
    const detail = await t.call('batches.get', { id: batch.id });
    expect(detail).toMatchObject({ counts, valueSoldMinor: USED * PRICE });
    const usedIds = new Set(used.map((c) => c.sessionId));
    for (const c of detail.cards) {
      if (usedIds.has(c.sessionId)) expect(c, c.code).toMatchObject({ state: 'ACTIVE', firstLoginAt: expect.any(Number) });
      else expect(c, c.code).toMatchObject({ state: 'STOCK', firstLoginAt: null });
    }

    // The 50 sessions: ACTIVE, on the live list (cards in stock are not), usage to the byte of what the router reported.
    expect((await t.call('sessions.list', {})).sessions.map((s) => s.id).sort((a, b) => a - b)).toEqual([...usedIds].sort((a, b) => a - b));
    for (const [i, card] of used.entries()) {
      const s = await t.call('sessions.get', { id: card.sessionId });
      const r = reported.get(card.code)!;
      expect(r.sessionTimeS).toBeGreaterThan(0);
      expect(s, card.code).toMatchObject({ state: 'ACTIVE', batchId: batch.id, bytesIn: r.inBytes, bytesOut: r.outBytes, timeUsedS: r.sessionTimeS });
      expect(s.sales).toMatchObject([{ kind: 'sale', paymentMethod: 'voucher-card', priceMinor: PRICE, operatorName: 'Ana', voucherCode: card.code }]);
      expect(s.devices).toHaveLength(leaving.includes(device(i).mac) ? 0 : 1);
    }

    // Everyone leaves and the same 50 cards log in again, from the same devices: new Access-Requests, no new sale.
    await inChunks(sim.active.map((h) => h.mac), 5, (mac) => sim.logout(mac));
    const again = await inChunks(used, 5, (card, i) => sim.login(device(i), card.code, card.password));
    expect(again.filter((l) => !l.accepted)).toEqual([]);
    await advance(120);
    const after = await t.call('reports.summary', { from, to: t.clock.now() + 1 });
    expect(after.sales).toEqual({ count: USED, totalMinor: USED * PRICE });
    expect(await t.call('batches.get', { id: batch.id })).toMatchObject({ counts, valueSoldMinor: USED * PRICE });
    for (const card of used) expect((await t.call('sessions.get', { id: card.sessionId })).connections, card.code).toHaveLength(2);

    // The sheet of the unused 150 is lost: voided, they are refused at the login page; the used ones go on.
    const { voided } = await t.call('batches.voidUnused', { id: batch.id, reason: 'Sheet lost by the store' });
    expect(voided).toBe(CARDS - USED);
    const lost = batch.cards.find((c) => !usedIds.has(c.sessionId))!;
    expect(await sim.login(device(200), lost.code, lost.password)).toEqual({ accepted: false, message: 'This card was voided: ask at the counter' });
    await sim.logout(device(0).mac);
    expect(await sim.login(device(0), used[0]!.code, used[0]!.password)).toMatchObject({ accepted: true });
    expect(await t.call('batches.get', { id: batch.id })).toMatchObject({ counts: { stock: 0, used: USED, expired: 0, voided: CARDS - USED }, valueSoldMinor: USED * PRICE });
    expect((await t.call('reports.summary', { from, to: t.clock.now() + 1 })).sales).toEqual({ count: USED, totalMinor: USED * PRICE });
  });
});
