/**
 * The second source document's purchase flow, end to end, over real HTTP, TCP and UDP:
 * a simulated coin slot posts a signed payment event for a phone on the WiFi; the app
 * sells its allotment by amount (calculateAllotment: ₱5 per 100 MB) to a new MAC-bound
 * session and opens the gate through the simulated router's RouterOS API
 * (/ip/hotspot/active/login); the router's Access-Request is accepted with
 * Mikrotik-Total-Limit = the allotment; interims report the usage; a second coin tops the
 * session up (CoA, the usage so far kept: the baseline); the router cuts the phone at
 * exactly what was paid for. Without API settings, the login page's MAC login opens it.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedCoinSlot } from '../../src/main/sim/coin-slot';
import type { SimDevice, SimHost, SimReport } from '../../src/main/sim/hotspot';
import { startRouterOsSim } from '../../src/main/sim/routeros-api';
import { dataByAmount } from '../helpers/core';
import { fastCoa, heldWalFlush, SECRET, simulatedHotspot } from '../helpers/radius-core';
import { startCore } from '../helpers/core';
import { sleep, until } from '../helpers/udp';

const MB = 1_000_000;
const phone: SimDevice = { mac: 'AA:BB:CC:00:00:01', ip: '10.5.50.11', downBps: 1 * MB, upBps: 0.25 * MB };

async function cafe(o: { api: boolean; flushWal?: () => Promise<void> }) {
  const t = await startCore({ radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 }, webhook: { host: '127.0.0.1', port: 0 }, coaTiming: fastCoa, flushWal: o.flushWal });
  const sim = await simulatedHotspot(t);
  const ros = await startRouterOsSim({ user: 'iwas', password: 'pw-123456', hotspot: sim });
  const api = o.api ? { api: { host: '127.0.0.1', port: ros.port, user: 'iwas', password: 'pw-123456', tls: false } } : {};
  await t.call('routers.create', { name: 'hAP', ip: '127.0.0.1', secret: SECRET, coaPort: sim.coaPort, ...api });
  const pkg = await t.call('packages.create', dataByAmount);
  const { secret } = await t.call('paymentSources.create', { key: 'coin-door', name: 'Coin slot', kind: 'coin', packageIds: [pkg.id], defaultPackageId: pkg.id });
  const coins = new SimulatedCoinSlot({ url: `http://127.0.0.1:${t.core.webhook!.port}/payments/events`, source: 'coin-door', secret: () => secret, now: () => t.clock.now() });
  const cuts: { host: SimHost; cause: string }[] = [];
  sim.on('logout', (host, cause) => cuts.push({ host, cause }));
  const reports: SimReport[] = [];
  sim.on('accounted', (r) => reports.push(r));
  return {
    t,
    sim,
    ros,
    coins,
    cuts,
    reports,
    async close() {
      await ros.close();
    },
    /** Moves the café's clock and the router on by `s` seconds, 10 s a tick. */
    async run(s: number) {
      const end = t.clock.now() + s * 1000;
      while (t.clock.now() < end) {
        t.clock.set(Math.min(t.clock.now() + 10_000, end));
        await sim.tick();
      }
    },
  };
}

describe('self-service: a coin buys data for a device and opens its gate', () => {
  it('coin → sale → gate opened over the API → Accept with Total-Limit = the allotment → interims → a second coin tops up (CoA) → cut at exactly what was paid', async () => {
    const c = await cafe({ api: true });
    c.sim.arrive(phone);
    const paid = await c.coins.insert(phone, 1000, { reference: 'COIN-1' });
    expect(paid).toMatchObject({ status: 200, body: { outcome: 'new', gate: 'router-api', granted: { dataBytes: 200 * MB } } });
    const sessionId = (paid.body as { sessionId: number }).sessionId;

    // The app logs the phone in over the router's API; the router's Access-Request is accepted with the allotment.
    await until(() => c.sim.host(phone.mac) !== undefined);
    expect(c.sim.host(phone.mac)).toMatchObject({ user: phone.mac, totalLimit: 200 * MB });
    await until(() => c.ros.writes.some((w) => w.startsWith('/ip/hotspot/active/login') && w.includes(`mac-address=${phone.mac}`)));
    await until(() => c.t.core.store.paymentSources.events.recent(1)[0]?.gateAt !== null);
    expect((await c.t.call('paymentSources.events', {})).events[0]).toMatchObject({ gate: 'router-api', gateAt: expect.any(Number), gateError: null });
    const detail = await c.t.call('sessions.get', { id: sessionId });
    expect(detail).toMatchObject({ state: 'ACTIVE', login: 'mac', sourceName: 'Coin slot' });
    expect(detail.audit.map((a) => a.action)).toContain('session.gate');

    // 130 s online at 1.25 MB/s: the interim (every 120 s) carries the usage.
    await c.run(130);
    await until(() => c.reports.some((r) => r.status === 'Interim-Update' && r.answered));
    const used = (await c.t.call('sessions.get', { id: sessionId })).bytesIn + (await c.t.call('sessions.get', { id: sessionId })).bytesOut;
    expect(used).toBeGreaterThan(100 * MB);

    // A second coin while online: a top-up of the same session; the router gets the new limit counted from the login (the baseline kept).
    const more = await c.coins.insert(phone, 500, { reference: 'COIN-2' });
    expect(more).toMatchObject({ status: 200, body: { outcome: 'topup', sessionId, granted: { dataBytes: 100 * MB } } });
    await until(() => c.sim.counts.coas === 1);
    // The router says the phone is logged in already: no second login, and the event says so.
    await until(() => c.t.core.store.paymentSources.events.recent(1)[0]!.gate === 'already-online');
    expect(c.ros.writes.filter((w) => w.startsWith('/ip/hotspot/active/login'))).toHaveLength(1);
    expect(c.sim.host(phone.mac)!.totalLimit).toBe(300 * MB);

    // Cut at exactly 300 MB: what the two coins bought.
    await c.run(400);
    await until(() => c.cuts.length === 1);
    const cut = c.cuts[0]!;
    expect(cut.host.inBytes + cut.host.outBytes).toBe(300 * MB);
    await until(() => c.t.core.store.sessions.get(sessionId)!.state === 'EXPIRED');
    const end = await c.t.call('sessions.get', { id: sessionId });
    expect(end).toMatchObject({ endReason: 'Data used up', dataLimitBytes: 300 * MB });
    expect(end.bytesIn + end.bytesOut).toBe(300 * MB);
    expect(end.sales.map((s) => [s.kind, s.paymentMethod, s.paymentRef, s.priceMinor])).toEqual([['sale', 'coin', 'COIN-1', 1000], ['topup', 'coin', 'COIN-2', 500]]);
    await c.close();
  });

  it('the gate opens, and the coin slot has its 200, only once the payment is on disk', async () => {
    const held = heldWalFlush(false);
    const c = await cafe({ api: true, flushWal: held.flushWal });
    c.sim.arrive(phone);
    held.holding = true;
    const paid = c.coins.insert(phone, 1000, { reference: 'COIN-DISK' });
    await until(() => held.flushes.length === 1);
    // The sale is committed, but a power cut now could still undo it: the phone is not let online yet.
    expect(c.t.core.store.paymentSources.events.recent(1)).toHaveLength(1);
    // The app has not asked the router to log the phone in: no login reached the RADIUS server.
    await sleep(300);
    expect((await c.t.call('radius.stats', {})).routers.map((r) => r.accessRequests)).toEqual([0]);
    held.holding = false;
    held.flushes[0]!.done();
    expect(await paid).toMatchObject({ status: 200, body: { outcome: 'new', gate: 'router-api' } });
    await until(() => c.ros.writes.some((w) => w.startsWith('/ip/hotspot/active/login') && w.includes(`mac-address=${phone.mac}`)));
    await until(() => c.t.core.store.paymentSources.events.recent(1)[0]?.gateAt !== null);
    await c.close();
  });

  it('a coin for a phone online as a voucher it cannot top up: a session of its own, the phone left on its voucher, and the event says the paid session waits for its next login', async () => {
    const c = await cafe({ api: true });
    const tenMinutes = await c.t.call('packages.create', { name: '10 minutes', pricing: 'fixed', priceMinor: 500, timeLimitS: 600 });
    const { session: voucher } = await c.t.call('sales.sell', { packageId: tenMinutes.id, paidMinor: 500 });
    c.sim.arrive(phone);
    expect(await c.sim.login(phone, voucher.voucherCode, voucher.password!)).toMatchObject({ accepted: true });
    // Data adds nothing to a voucher without a data limit: the coin buys a session of its own.
    const paid = await c.coins.insert(phone, 1000, { reference: 'COIN-OTHER' });
    expect(paid).toMatchObject({ status: 200, body: { outcome: 'new', gate: 'router-api' } });
    const paidId = (paid.body as { sessionId: number }).sessionId;
    await until(() => c.t.core.store.paymentSources.events.recent(1)[0]!.gate !== 'router-api');
    expect((await c.t.call('paymentSources.events', {})).events[0]).toMatchObject({
      gate: 'login-page',
      gateAt: null,
      gateError: `${phone.mac} is online on "hAP" as "${voucher.voucherCode}"; the paid session starts at its next login`,
    });
    expect(c.sim.host(phone.mac)).toMatchObject({ user: voucher.voucherCode });
    expect(c.ros.writes.filter((w) => w.startsWith('/ip/hotspot/active/login') || w.startsWith('/ip/hotspot/active/remove'))).toEqual([]);
    expect(c.t.core.store.sessions.get(paidId)!.state).toBe('PENDING');
    // The voucher's ten minutes run out; the phone's next login (the login page's MAC login) is the paid session.
    await c.run(620);
    await until(() => c.cuts.length === 1);
    expect(await c.sim.macLogin(phone)).toMatchObject({ accepted: true, host: { totalLimit: 200 * MB } });
    expect(c.t.core.store.sessions.get(paidId)!.state).toBe('ACTIVE');
    await c.close();
  });

  it('a coin of time for a phone on a voucher whose validity leaves no room for more time: a session of its own, not a top-up the customer could not use', async () => {
    const c = await cafe({ api: true });
    const windowed = await c.t.call('packages.create', { name: '2 h within 1 h', pricing: 'fixed', priceMinor: 2000, timeLimitS: 7200, validityS: 3600 });
    const timeByAmount = await c.t.call('packages.create', { name: 'Time by amount', pricing: 'per_unit', priceMinor: 500, timeLimitS: 1800 });
    const { secret } = await c.t.call('paymentSources.create', { key: 'coin-time', name: 'Time slot', kind: 'coin', packageIds: [timeByAmount.id], defaultPackageId: timeByAmount.id });
    const slot = new SimulatedCoinSlot({ url: `http://127.0.0.1:${c.t.core.webhook!.port}/payments/events`, source: 'coin-time', secret: () => secret, now: () => c.t.clock.now() });
    const { session: voucher } = await c.t.call('sales.sell', { packageId: windowed.id, paidMinor: 2000 });
    c.sim.arrive(phone);
    expect(await c.sim.login(phone, voucher.voucherCode, voucher.password!)).toMatchObject({ accepted: true });
    await c.run(60);
    const paid = await slot.insert(phone, 500, { reference: 'COIN-TIME' });
    expect(paid).toMatchObject({ status: 200, body: { outcome: 'new', granted: { timeS: 1800 } } });
    expect(c.t.core.store.sessions.get(voucher.id)).toMatchObject({ timeLimitS: 7200 });
    expect((await c.t.call('reports.summary', { from: 0, to: c.t.clock.now() + 1 })).refusedBySource).toEqual([]);
    await c.close();
  });

  it('without API settings the gate is the login page: the MAC login gets in once the coin is in, and the event says when', async () => {
    const c = await cafe({ api: false });
    expect(await c.sim.macLogin(phone)).toMatchObject({ accepted: false });
    const paid = await c.coins.insert(phone, 500);
    expect(paid).toMatchObject({ status: 200, body: { gate: 'login-page' } });
    c.t.clock.advance(5000);
    expect(await c.sim.macLogin(phone)).toMatchObject({ accepted: true, host: { totalLimit: 100 * MB } });
    const [event] = (await c.t.call('paymentSources.events', {})).events;
    expect(event).toMatchObject({ gate: 'login-page', gateAt: c.t.clock.now(), gateError: null });
    await c.close();
  });

  it('a router that does not list the device: the API path fails over to the login page, and the event says why', async () => {
    const c = await cafe({ api: true });
    // Not arrived, no IP given: the router cannot be told which address to log in.
    const paid = await c.coins.insert({ mac: phone.mac }, 500);
    expect(paid).toMatchObject({ status: 200, body: { gate: 'router-api' } });
    await until(() => c.t.core.store.paymentSources.events.recent(1)[0]!.gate === 'login-page');
    expect((await c.t.call('paymentSources.events', {})).events[0]!.gateError).toMatch(/does not see AA:BB:CC:00:00:01/);
    await c.close();
  });
});
