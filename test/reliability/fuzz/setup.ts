/**
 * The core the servers target attacks: a real createCore on a temporary SQLite file,
 * RADIUS on 127.0.0.1 (free ports), the two known routers of input.ts (each with a
 * CoA port that acknowledges), and sold sessions for the seeds to log in with, plus
 * one the fuzzer never learns of, for the liveness checks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../src/main/core';
import { createLogger, type LogLine } from '../../../src/main/log';
import { contract, type MethodInput, type MethodName, type MethodOutput } from '../../../src/shared/contract';
import { SOURCES } from './input';
import type { Rng } from './prng';
import { startRouterCoa } from './router-coa';
import type { SeedSessions, Voucher } from './seeds';

export interface FuzzCore {
  core: Core;
  ports: { auth: number; acct: number };
  /** Router ids of SOURCES[0] and SOURCES[1]. */
  routerIds: number[];
  /**
   * Sells fresh sessions for the seeds: the fuzzed reports use the old ones up (data,
   * Stop, a final state) within seconds, and logins would then only ever be rejected.
   */
  sellSessions(): Promise<SeedSessions>;
  /** Sold for the liveness checks only (a data package no fuzzed report can use up in a run). */
  live: Voucher;
  /** Disconnect- and CoA-Requests the routers acknowledged so far. */
  coaAcks(): number;
  close(): Promise<void>;
}

/** Starts the core; `onError` sees every error-level log line (each one is a failure the core noticed). */
export async function startFuzzCore(rng: Rng, onError: (line: LogLine) => void): Promise<FuzzCore> {
  const dir = mkdtempSync(join(tmpdir(), 'iwas-fuzz-core-'));
  const core = await createCore({
    dataDir: dir,
    radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 },
    log: createLogger(onError, 'error'),
    // Voucher codes from the run's seed, so the seeds (which carry them) replay exactly.
    randomInt: (max) => rng.int(max),
    backups: false,
  });
  const coas = [await startRouterCoa(0), await startRouterCoa(1)];
  const { token } = await core.operators.createFirstAdmin('Fuzz', '1234');
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>) => contract[method].output.parse(await core.api.call(method, input, token)) as MethodOutput<M>;

  const routerIds: number[] = [];
  for (const [i, coa] of coas.entries()) {
    const s = SOURCES[i]!;
    const r = await call('routers.create', { name: `router ${i}`, ip: s.address, secret: s.secret, coaPort: coa.port, requireMessageAuthenticator: s.requireMessageAuthenticator ?? 'auto' });
    routerIds.push(r.id);
  }
  const hour = await call('packages.create', { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600, dataLimitBytes: 500_000_000, rateDownKbps: 5000, rateUpKbps: 2000 });
  const day = await call('packages.create', { name: 'Day data', pricing: 'fixed', priceMinor: 5000, validityS: 86_400, dataLimitBytes: 2_000_000_000, deviceLimit: 2, idleTimeoutS: 300 });
  const unlimited = await call('packages.create', { name: 'Liveness', pricing: 'fixed', priceMinor: 0, dataLimitBytes: 1e15, deviceLimit: 16 });
  const sell = async (packageId: number, mac?: string): Promise<Voucher> => {
    const { session } = await call('sales.sell', { packageId, paidMinor: 100_000, ...(mac ? { mac } : {}) });
    return { code: session.voucherCode, password: session.password, id: session.id };
  };
  let sold = 0;
  const octet = (n: number) => (n & 0xff).toString(16).padStart(2, '0').toUpperCase();
  const sellSessions = async (): Promise<SeedSessions> => {
    // A live MAC-login session holds its MAC: each batch gets its own device.
    sold++;
    const mac = `AA:BB:CC:00:${octet(sold >> 8)}:${octet(sold)}`;
    return { hour: await sell(hour.id), data: await sell(day.id), device: { mac, id: (await sell(hour.id, mac)).id } };
  };
  const live = await sell(unlimited.id);

  return {
    core,
    ports: { auth: core.radius!.authPort, acct: core.radius!.acctPort },
    routerIds,
    sellSessions,
    live,
    coaAcks: () => coas.reduce((n, c) => n + c.counts.disconnects + c.counts.coas, 0),
    async close() {
      await core.close();
      await Promise.all(coas.map((c) => c.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
