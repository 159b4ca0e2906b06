import { describe, expect, it, onTestFinished } from 'vitest';
import type { MethodOutput } from '../../src/shared/contract';
import type { SimDevice, SimulatedHotspot } from '../../src/main/sim/hotspot';
import { SimulatedPcManager } from '../../src/main/sim/pc-manager';
import { startRouterOsSim } from '../../src/main/sim/routeros-api';
import { fastCoa, SECRET, simulatedHotspot } from '../helpers/radius-core';
import { startCore, type TestCore } from '../helpers/core';
import { until } from '../helpers/udp';

const MB = 1_000_000;
const phone: SimDevice = { mac: 'AA:BB:CC:00:00:01', ip: '10.5.50.11', downBps: 1 * MB, upBps: 0.25 * MB };
const laptop: SimDevice = { mac: 'AA:BB:CC:00:00:02', ip: '10.5.50.12', downBps: 2 * MB, upBps: 0.5 * MB };

interface World {
  t: TestCore;
  sim: SimulatedHotspot;
  pcs: SimulatedPcManager;
  routerId: number;
  pkg: (p: { name: string; timeLimitS?: number; dataLimitBytes?: number; deviceLimit?: number }) => Promise<number>;
  sell: (packageId: number, extra?: { pcUser?: string }) => Promise<{ id: number; code: string; password: string }>;
  /** Moves the café's clock and the router along. */
  advance: (seconds: number) => Promise<void>;
  session: (id: number) => Promise<MethodOutput<'sessions.get'>>;
}

async function world(options: { api?: boolean } = {}): Promise<World> {
  const t = await startCore({ radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 }, webhook: { host: '127.0.0.1', port: 0 }, coaTiming: fastCoa });
  const sim = await simulatedHotspot(t);
  let api: { host: string; port: number; user: string; password: string } | null = null;
  if (options.api) {
    const ros = await startRouterOsSim({ user: 'iwas', password: 'pw-123456', hotspot: sim });
    onTestFinished(() => ros.close());
    api = { host: '127.0.0.1', port: ros.port, user: 'iwas', password: 'pw-123456' };
  }
  const router = await t.call('routers.create', { name: 'hAP', ip: '127.0.0.1', secret: SECRET, coaPort: sim.coaPort, api });
  const pcs = new SimulatedPcManager({ url: `http://127.0.0.1:${t.core.webhook!.port}/webhooks/pc`, secret: () => t.core.pcsync.secret()!, now: () => t.clock.now() });
  return {
    t,
    sim,
    pcs,
    routerId: router.id,
    pkg: async (p) => (await t.call('packages.create', { pricing: 'fixed', priceMinor: 2000, ...p })).id,
    sell: async (packageId, extra = {}) => {
      const { session } = await t.call('sales.sell', { packageId, paidMinor: 5000, ...extra });
      return { id: session.id, code: session.voucherCode, password: session.password };
    },
    advance: async (seconds) => {
      for (let i = 0; i < seconds; i += 10) {
        t.clock.advance(Math.min(10, seconds - i) * 1000);
        await sim.tick();
      }
    },
    session: (id) => t.call('sessions.get', { id }),
  };
}

describe('a simulated MikroTik drives the real server through whole customer lives', () => {
  it('login (CHAP), interim updates, usage to the byte', async () => {
    const w = await world();
    const id = await w.pkg({ name: '1 hour', timeLimitS: 3600 });
    const v = await w.sell(id);
    const login = await w.sim.login(phone, v.code, v.password);
    expect(login).toMatchObject({ accepted: true, host: { sessionTimeoutS: 3600, interimS: 120 } });
    expect((await w.session(v.id)).state).toBe('ACTIVE');
    await w.advance(240); // two interims
    const host = w.sim.host(phone.mac)!;
    const s = await w.session(v.id);
    expect(s.bytesOut).toBe(Math.floor(host.outBytes));
    expect(s.bytesIn).toBe(Math.floor(host.inBytes));
    expect(s.bytesOut).toBe(240 * MB);
    expect(s.timeUsedS).toBe(240);
    expect(s.devices).toMatchObject([{ mac: phone.mac, ip: phone.ip, routerName: 'hAP' }]);
  });

  it('MAC login: a session sold to a device logs in with no voucher (empty password, hidden as one block)', async () => {
    const w = await world();
    const id = await w.pkg({ name: '1 hour', timeLimitS: 3600 });
    const { session } = await w.t.call('sales.sell', { packageId: id, paidMinor: 5000, mac: phone.mac });
    expect(await w.sim.macLogin(phone)).toMatchObject({ accepted: true, host: { user: phone.mac.toUpperCase() } });
    expect((await w.session(session.id)).state).toBe('ACTIVE');
  });

  it('data cap: the router cuts at Mikrotik-Total-Limit exactly; the session expires with exactly its allotment used', async () => {
    const w = await world();
    const id = await w.pkg({ name: '50 MB', dataLimitBytes: 50 * MB });
    const v = await w.sell(id);
    const login = await w.sim.login(phone, v.code, v.password);
    expect(login.accepted && login.host.totalLimit).toBe(50 * MB);
    await w.advance(60); // 1.25 MB/s: the limit is reached after 40 s
    expect(w.sim.active).toEqual([]);
    const s = await w.session(v.id);
    expect(s).toMatchObject({ state: 'EXPIRED', endReason: 'Data used up' });
    expect(s.bytesIn + s.bytesOut).toBe(50 * MB);
    const again = await w.sim.login(phone, v.code, v.password);
    expect(again).toEqual({ accepted: false, message: 'Data used up' });
  });

  it('time cut: Session-Timeout ends it at the router, the session expires', async () => {
    const w = await world();
    const id = await w.pkg({ name: '30 min', timeLimitS: 1800 });
    const v = await w.sell(id);
    await w.sim.login(phone, v.code, v.password);
    await w.advance(1800);
    expect(w.sim.active).toEqual([]);
    expect(await w.session(v.id)).toMatchObject({ state: 'EXPIRED', endReason: 'Time used up', timeUsedS: 1800 });
  });

  it('admin cut: the cashier ends it, the router gets the Disconnect and drops the customer', async () => {
    const w = await world();
    const v = await w.sell(await w.pkg({ name: '1 hour', timeLimitS: 3600 }));
    await w.sim.login(phone, v.code, v.password);
    await w.advance(30);
    await w.t.call('sessions.end', { id: v.id, reason: 'Closing time' });
    await until(() => w.sim.active.length === 0);
    await until(() => w.t.core.store.outbox.pending().length === 0);
    const s = await w.session(v.id);
    expect(s).toMatchObject({ state: 'TERMINATED', devices: [] });
    expect(s.connections[0]!.endCause).toMatch(/Admin-Reset|Disconnected/);
    expect(w.sim.counts.disconnects).toBe(1);
    expect(await w.sim.login(phone, v.code, v.password)).toEqual({ accepted: false, message: 'Session ended' });
  });

  it('PC logout cut: the PC manager reports the logout, the WiFi goes with it', async () => {
    const w = await world();
    const v = await w.sell(await w.pkg({ name: '1 hour', timeLimitS: 3600 }), { pcUser: 'kenji' });
    await w.sim.login(laptop, v.code, v.password);
    await w.advance(20);
    const r = await w.pcs.logout('kenji', 'PC-07');
    expect(r).toMatchObject({ status: 200, body: { terminated: [v.id] } });
    await until(() => w.sim.active.length === 0);
    expect(await w.session(v.id)).toMatchObject({ state: 'TERMINATED', endReason: 'PC logout' });
  });

  it('device switch: a second device on a one-device package moves the session', async () => {
    const w = await world();
    const v = await w.sell(await w.pkg({ name: '1 hour', timeLimitS: 3600, deviceLimit: 1 }));
    await w.sim.login(phone, v.code, v.password);
    await w.advance(60);
    const second = await w.sim.login(laptop, v.code, v.password);
    expect(second.accepted).toBe(true);
    expect(w.sim.active.map((h) => h.mac)).toEqual([laptop.mac]);
    const s = await w.session(v.id);
    expect(s.state).toBe('ACTIVE');
    expect(s.devices.map((d) => d.mac)).toEqual([laptop.mac]);
    expect(s.bytesOut).toBe(60 * MB); // the phone's minute is counted
  });

  it('router reboot: Accounting-On closes everything; customers log in again with new session ids, totals carry on', async () => {
    const w = await world();
    const id = await w.pkg({ name: '1 hour', timeLimitS: 3600 });
    const a = await w.sell(id);
    const b = await w.sell(id);
    await w.sim.login(phone, a.code, a.password);
    await w.sim.login(laptop, b.code, b.password);
    await w.advance(120);
    const before = await w.session(a.id);
    const oldSid = before.connections[0]!.acctSessionId;
    await w.sim.reboot();
    await until(() => w.t.core.store.connections.allOpen().length === 0);
    expect((await w.session(a.id)).connections[0]!.endCause).toBe('NAS-Reboot');
    const again = await w.sim.login(phone, a.code, a.password);
    expect(again.accepted && again.host.acctSessionId).not.toBe(oldSid);
    expect(again.accepted && again.host.sessionTimeoutS).toBe(3600 - 120); // what is left, not a fresh hour
    await w.advance(120);
    const after = await w.session(a.id);
    expect(after.bytesOut).toBe(240 * MB);
    expect(after.connections).toHaveLength(2);
  });

  it('an unanswered Interim is retransmitted with a new Acct-Delay-Time and counted once', async () => {
    const w = await world();
    const v = await w.sell(await w.pkg({ name: '1 hour', timeLimitS: 3600 }));
    await w.sim.login(phone, v.code, v.password);
    w.t.core.store.db.pragma('query_only = ON'); // the disk refuses writes: no Accounting-Response
    w.t.clock.advance(120_000);
    const ticking = w.sim.tick();
    await until(() => w.sim.counts.acctRetransmits >= 1, 3000);
    w.t.core.store.db.pragma('query_only = OFF');
    await ticking;
    expect((await w.session(v.id)).bytesOut).toBe(120 * MB);
  });

  it('the RouterOS fallback: when the Disconnect gets no answer, the customer is removed over the API', async () => {
    const w = await world({ api: true });
    const v = await w.sell(await w.pkg({ name: '1 hour', timeLimitS: 3600 }));
    await w.sim.login(phone, v.code, v.password);
    // The router's CoA service is broken: point the app at a dead port.
    const r = (await w.t.call('routers.list', {}))[0]!;
    await w.t.call('routers.update', { id: r.id, name: r.name, ip: r.ip, secret: r.secret, coaPort: 9, requireMessageAuthenticator: 'auto', api: { host: r.api!.host, port: r.api!.port, user: r.api!.user } });
    await w.t.call('sessions.end', { id: v.id, reason: 'Closing' });
    await until(() => w.sim.active.length === 0, 5000);
    await until(() => w.t.core.store.outbox.pending().length === 0);
    expect((await w.session(v.id)).connections[0]!.endCause).toMatch(/Kicked|Admin-Reset/);
  });

  it('test connection, provision and reconcile through the contract', async () => {
    const w = await world({ api: true });
    expect(await w.t.call('routers.test', { id: w.routerId })).toMatchObject({ ok: true, identity: 'MikroTik', version: '7.18.2 (stable)' });
    const p = await w.t.call('routers.provision', { id: w.routerId });
    expect(p).toMatchObject({ ok: true, serverAddress: '127.0.0.1' });
    expect(p.steps.every((s) => s.changed)).toBe(true);
    expect((await w.t.call('routers.provision', { id: w.routerId })).steps.every((s) => !s.changed)).toBe(true);
    const v = await w.sell(await w.pkg({ name: '1 hour', timeLimitS: 3600 }));
    await w.sim.login(phone, v.code, v.password);
    // The app thinks the device is online; the router lost it silently.
    w.sim.removeActive(w.sim.active[0]!.id);
    await until(() => w.t.core.store.connections.allOpen().length === 0); // the Stop arrives
    expect(await w.t.call('routers.reconcile', { id: w.routerId })).toMatchObject({ ok: true, active: 0, closed: 0, kicked: 0 });
    const bad = await w.t.call('routers.update', { id: w.routerId, name: 'hAP', ip: '127.0.0.1', secret: SECRET, coaPort: w.sim.coaPort, api: { host: '127.0.0.1', port: 1, user: 'iwas', password: 'x' } });
    expect((await w.t.call('routers.test', { id: bad.id })).error).toMatch(/refused the connection/);
  });
});
