/**
 * A top-up while the customer is online: the CoA-Request gives the router limits counted
 * from the login, as RouterOS keeps them (Session-Timeout against the login's uptime,
 * Mikrotik-Total-Limit against its bytes since login), so the customer gets exactly what
 * was paid for. Limits "left from now" would cut them early by what the login had used.
 */
import { describe, expect, it } from 'vitest';
import type { SimDevice, SimHost } from '../../src/main/sim/hotspot';
import { fastCoa, SECRET, simulatedHotspot } from '../helpers/radius-core';
import { startCore } from '../helpers/core';
import { until } from '../helpers/udp';

const MB = 1_000_000;

async function world() {
  const t = await startCore({ radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 }, coaTiming: fastCoa });
  const sim = await simulatedHotspot(t);
  await t.call('routers.create', { name: 'hAP', ip: '127.0.0.1', secret: SECRET, coaPort: sim.coaPort });
  const cuts: { host: SimHost; cause: string; uptimeS: number }[] = [];
  sim.on('logout', (host, cause) => cuts.push({ host, cause, uptimeS: (host.lastAt - host.loginAt) / 1000 }));
  const loginAt = t.clock.now();
  return {
    t,
    sim,
    cuts,
    pkg: async (p: { name: string; timeLimitS?: number; dataLimitBytes?: number }) => (await t.call('packages.create', { pricing: 'fixed', priceMinor: 2000, ...p })).id,
    sell: async (packageId: number) => (await t.call('sales.sell', { packageId, paidMinor: 5000 })).session,
    topUp: async (sessionId: number, packageId: number) => {
      await t.call('sessions.topUp', { sessionId, packageId, paidMinor: 2000 });
      await until(() => sim.counts.coas === 1 && t.core.store.outbox.pending().length === 0);
    },
    /** Moves the café's clock and the router to `s` seconds after the login, 10 s a tick (interims every 120 s). */
    uptime: async (s: number) => {
      while (t.clock.now() < loginAt + s * 1000) {
        t.clock.set(Math.min(t.clock.now() + 10_000, loginAt + s * 1000));
        await sim.tick();
      }
    },
  };
}

describe('a top-up mid-login counts from the login, as RouterOS does', () => {
  it('1 h sold, 60 s online, 1 h topped up: the router cuts at 7,200 s of uptime, not 7,140', async () => {
    const w = await world();
    const hour = await w.pkg({ name: '1 hour', timeLimitS: 3600 });
    const v = await w.sell(hour);
    const phone: SimDevice = { mac: 'AA:BB:CC:00:00:01', ip: '10.5.50.11', downBps: 100_000, upBps: 20_000 };
    expect(await w.sim.login(phone, v.voucherCode, v.password)).toMatchObject({ accepted: true, host: { sessionTimeoutS: 3600 } });

    await w.uptime(60);
    await w.topUp(v.id, hour);
    expect(w.sim.host(phone.mac)!.sessionTimeoutS).toBe(7200);

    await w.uptime(7199);
    expect(w.sim.active).toHaveLength(1);
    await w.uptime(7200);
    expect(w.sim.active).toEqual([]);
    expect(w.cuts).toMatchObject([{ cause: 'Session-Timeout', uptimeS: 7200 }]);
    // The Stop was answered, so committed: the session used exactly its two hours.
    expect(await w.t.call('sessions.get', { id: v.id })).toMatchObject({ state: 'EXPIRED', endReason: 'Time used up', timeUsedS: 7200 });
  });

  it('3 GB sold, 2.6 GB used (2.4 GB reported), 3 GB topped up: the router cuts at 6 GB of the login (gigawords), not 3.6 GB', async () => {
    const w = await world();
    const data = await w.pkg({ name: '3 GB', dataLimitBytes: 3000 * MB });
    const v = await w.sell(data);
    const laptop: SimDevice = { mac: 'AA:BB:CC:00:00:02', ip: '10.5.50.12', downBps: 16 * MB, upBps: 4 * MB }; // 20 MB/s
    expect(await w.sim.login(laptop, v.voucherCode, v.password)).toMatchObject({ accepted: true, host: { totalLimit: 3000 * MB } });

    await w.uptime(130); // the interim at 120 s reported 2.4 GB; 2.6 GB by now
    const reported = await w.t.call('sessions.get', { id: v.id });
    expect(reported.bytesIn + reported.bytesOut).toBe(2400 * MB);
    await w.topUp(v.id, data);
    expect(w.sim.host(laptop.mac)!.totalLimit).toBe(6000 * MB); // above 4 GiB: Mikrotik-Total-Limit-Gigawords = 1

    await w.uptime(290);
    expect(w.sim.active).toHaveLength(1);
    await w.uptime(300);
    expect(w.sim.active).toEqual([]);
    expect(w.cuts).toMatchObject([{ cause: 'NAS-Request', uptimeS: 300 }]);
    expect(w.cuts[0]!.host.inBytes + w.cuts[0]!.host.outBytes).toBe(6000 * MB);
    const s = await w.t.call('sessions.get', { id: v.id });
    expect(s).toMatchObject({ state: 'EXPIRED', endReason: 'Data used up' });
    expect(s.bytesIn + s.bytesOut).toBe(6000 * MB);
  });
});
