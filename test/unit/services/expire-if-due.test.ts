/**
 * lifecycle.expireIfDue through its callers on a real core: a voided top-up that leaves a
 * session with nothing ends it for that reason (a used one EXPIRES, an unused one is
 * TERMINATED), and a login refused for a used-up session expires it.
 */
import { describe, expect, it } from 'vitest';
import { hourPackage, startCore } from '../../helpers/core';

async function toppedUp() {
  const t = await startCore();
  const hour = await t.call('packages.create', hourPackage);
  const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
  const top = await t.call('sessions.topUp', { sessionId: session.id, packageId: hour.id, paidMinor: 2000 });
  return { t, id: session.id, topUpSaleId: top.sale.id };
}

describe('expireIfDue', () => {
  it('a voided top-up that leaves a used session over its limit expires it, with the void as the reason', async () => {
    const { t, id, topUpSaleId } = await toppedUp();
    const { store } = t.core;
    store.sessions.activate(id, t.clock.now());
    store.sessions.addUsage(id, { bytesIn: 0, bytesOut: 0, timeS: 5400 }, t.clock.now()); // 1.5 h of the 2 h
    const r = await t.call('sales.void', { saleId: topUpSaleId, reason: 'Mistake' });
    expect(r.session).toMatchObject({ state: 'EXPIRED', endReason: 'Top-up voided: Mistake', timeLimitS: 3600 });
    const audit = (await t.call('sessions.get', { id })).audit;
    expect(audit[0]).toMatchObject({ action: 'session.expire', fromState: 'ACTIVE', toState: 'EXPIRED', reason: 'Top-up voided: Mistake' });
  });

  it('a voided top-up that leaves an unused voucher with nothing ends it (TERMINATED), not "never used"', async () => {
    const { t, id, topUpSaleId } = await toppedUp();
    // As if the sale itself had granted nothing the top-up did not (limits 1 h in all).
    t.core.store.sessions.setLimits(id, { timeLimitS: 3600, validityS: null, dataLimitBytes: 500_000_000 });
    const r = await t.call('sales.void', { saleId: topUpSaleId, reason: 'Mistake' });
    expect(r.session).toMatchObject({ state: 'TERMINATED', endReason: 'Top-up voided: Mistake', timeLimitS: 0 });
    const audit = (await t.call('sessions.get', { id })).audit;
    expect(audit[0]).toMatchObject({ action: 'session.end', fromState: 'PENDING', toState: 'TERMINATED' });
  });

  it('a voided top-up that leaves enough keeps the session', async () => {
    const { t, id, topUpSaleId } = await toppedUp();
    const r = await t.call('sales.void', { saleId: topUpSaleId, reason: 'Mistake' });
    expect(r.session).toMatchObject({ id, state: 'PENDING', timeLimitS: 3600 });
  });

  it('the scheduler sweep expires a used-up session once, and announces it', async () => {
    const { t, id } = await toppedUp();
    const { store } = t.core;
    store.sessions.activate(id, t.clock.now());
    store.sessions.addUsage(id, { bytesIn: 600_000_000, bytesOut: 400_000_000, timeS: 60 }, t.clock.now()); // all 1 GB
    t.core.events.flush();
    const seen: number[] = [];
    t.core.events.subscribe((e) => e.type === 'sessions.updated' && seen.push(...e.sessions.map((s) => s.id)), ['sessions.updated']);
    await t.core.scheduler.runNow('expiry');
    await t.core.scheduler.runNow('expiry');
    // The sweep commits without waiting for the disk; it is announced once the WAL flush returns.
    await t.core.store.durable();
    t.core.events.flush();
    expect(seen).toEqual([id]);
    expect((await t.call('sessions.get', { id })).audit.filter((a) => a.action === 'session.expire')).toMatchObject([{ reason: 'Data used up', actorName: 'scheduler' }]);
  });
});
