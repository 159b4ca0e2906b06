/** A real core on a real SQLite file in a temp directory, with typed calls. */
import { onTestFinished } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { contract } from '../../src/shared/contract';
import { createCore, type Core, type CoreOptions } from '../../src/main/core';
import { tempDir } from './temp';

export interface TestClock {
  now(): number;
  set(t: number): void;
  advance(ms: number): void;
}

/** A clock tests move by hand. */
export function testClock(start = Date.UTC(2026, 10, 21, 8, 0, 0)): TestClock {
  let t = start;
  return { now: () => t, set: (v) => (t = v), advance: (ms) => (t += ms) };
}

export interface TestCore {
  core: Core;
  clock: TestClock;
  dir: string;
  adminToken: string;
  /** Calls a method as the admin (or with the given operator token); checks the output against the contract. */
  call<M extends MethodName>(method: M, input: MethodInput<M>, token?: string | null): Promise<MethodOutput<M>>;
  cashierToken(): Promise<string>;
}

/** Starts a core with a first admin "Ana" (PIN 1234); closed after the test. */
export async function startCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dir = options.dataDir ?? tempDir();
  const clock = testClock();
  const core = await createCore({ dataDir: dir, clock, eventBatchMs: 5, ...options });
  onTestFinished(() => core.close());
  const { token: adminToken } = await core.operators.createFirstAdmin('Ana', '1234');
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>, token: string | null = adminToken) => {
    const out = await core.api.call(method, input, token);
    return contract[method].output.parse(out) as MethodOutput<M>;
  };
  let cashier: string | null = null;
  return {
    core,
    clock,
    dir,
    adminToken,
    call,
    async cashierToken() {
      if (!cashier) {
        const op = await call('operators.create', { name: 'Ben', role: 'cashier', pin: '5678' });
        cashier = (await call('operators.signIn', { operatorId: op.id, pin: '5678' }, null)).token;
      }
      return cashier;
    },
  };
}

export const hourPackage = { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600, dataLimitBytes: 500_000_000 } as const;
export const dataByAmount = { name: 'Data by amount', pricing: 'per_unit', priceMinor: 500, validityS: 86400, dataLimitBytes: 100_000_000 } as const;
