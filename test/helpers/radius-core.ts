/** A core with its RADIUS listeners on 127.0.0.1 (free ports), one router at 127.0.0.1 and packages to sell. */
import { onTestFinished } from 'vitest';
import type { MethodInput } from '../../src/shared/contract';
import { SimulatedHotspot } from '../../src/main/sim/hotspot';
import type { CoreOptions } from '../../src/main/core';
import { hourPackage, startCore, type TestCore } from './core';

export const SECRET = 'testing123';

export interface RadiusTestCore extends TestCore {
  auth: number;
  acct: number;
  routerId: number;
  hourId: number;
  /** Sells a package and returns the session's voucher code, password and id. */
  sell(input?: Partial<MethodInput<'sales.sell'>>): Promise<{ code: string; password: string; id: number }>;
}

/** Fast Disconnect/CoA timing for tests: two tries 150 ms apart, retries after 300 ms. */
export const fastCoa = { normal: { attempts: 2, timeoutMs: 150 }, deviceSwitch: { attempts: 2, timeoutMs: 250 }, backoffMs: [300], coaMaxAttempts: 3 };

export async function startRadiusCore(router: Partial<MethodInput<'routers.create'>> = {}, options: Partial<CoreOptions> = {}): Promise<RadiusTestCore> {
  const t = await startCore({ radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 }, coaTiming: fastCoa, ...options });
  const r = await t.call('routers.create', { name: 'hAP ac²', ip: '127.0.0.1', secret: SECRET, ...router });
  const hour = await t.call('packages.create', { ...hourPackage, rateDownKbps: 5000, rateUpKbps: 2000 });
  return {
    ...t,
    auth: t.core.radius!.authPort,
    acct: t.core.radius!.acctPort,
    routerId: r.id,
    hourId: hour.id,
    async sell(input = {}) {
      const { session } = await t.call('sales.sell', { packageId: hour.id, paidMinor: 100_000, ...input });
      return { code: session.voucherCode, password: session.password, id: session.id };
    },
  };
}

/** A simulated MikroTik Hotspot on the core's test clock, talking to its RADIUS ports; closed after the test. */
export async function simulatedHotspot(t: TestCore): Promise<SimulatedHotspot> {
  const sim = new SimulatedHotspot({
    server: { host: '127.0.0.1', authPort: t.core.radius!.authPort, acctPort: t.core.radius!.acctPort },
    secret: SECRET,
    now: () => t.clock.now(),
    timeoutMs: 300,
  });
  await sim.start();
  onTestFinished(() => sim.close());
  return sim;
}

/**
 * A WAL flush the test lets go of (the core's `flushWal`): while holding, each flush waits in
 * `flushes` until its `done` (or `fail`) is called, and the disk has confirmed nothing till then.
 */
export function heldWalFlush(holding = true) {
  const flushes: { done: () => void; fail: (err: Error) => void }[] = [];
  const held = {
    holding,
    flushes,
    flushWal: () => (held.holding ? new Promise<void>((done, fail) => flushes.push({ done, fail })) : Promise.resolve()),
  };
  return held;
}
