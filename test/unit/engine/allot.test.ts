import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addAllotment, allot, removeAllotment, topUpAllotment, replayValidity, type Allotment, type PackageTerms } from '../../../src/shared/engine/allot';

const money = (m: number) => `₱${(m / 100).toFixed(2)}`;
const fixed: PackageTerms = { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600, validityS: null, dataLimitBytes: null };
const perData: PackageTerms = { name: 'Data', pricing: 'per_unit', priceMinor: 500, timeLimitS: null, validityS: 86400, dataLimitBytes: 100_000_000 };
const perTime: PackageTerms = { name: 'Time', pricing: 'per_unit', priceMinor: 1000, timeLimitS: 3600, validityS: null, dataLimitBytes: null };

describe('allot', () => {
  it('grants a fixed package as sold, ignoring any amount', () => {
    expect(allot(fixed, 99999, money)).toEqual({ ok: true, allotment: { chargeMinor: 2000, timeS: 3600, dataBytes: null, validityS: null } });
  });

  it('turns an amount into proportional data (the seed’s 682 MB example)', () => {
    const r = allot(perData, 3410, money);
    expect(r).toEqual({ ok: true, allotment: { chargeMinor: 3410, timeS: null, dataBytes: 682_000_000, validityS: 86400 } });
  });

  it('rounds down to the whole second: ₱10.01 at ₱10/hour is 3603 s, not 3603.6', () => {
    const r = allot(perTime, 1001, money);
    expect(r.ok && r.allotment.timeS).toBe(3603);
  });

  it('refuses less than one unit, naming the minimum', () => {
    expect(allot(perData, 499, money)).toEqual({ ok: false, field: 'amountMinor', said: { id: 'errors.amount.tooSmall', values: { package: 'Data', price: '₱5.00' } } });
    expect(allot(perData, undefined, money)).toMatchObject({ ok: false, field: 'amountMinor' });
  });

  it('is exact for huge amounts (no floating point drift)', () => {
    const big: PackageTerms = { ...perData, priceMinor: 3, dataLimitBytes: 1_000_000_007 };
    const r = allot(big, 1_000_000_000_000, money);
    expect(r.ok).toBe(false); // 3.3e20 bytes cannot be counted: refused, not silently wrong
    const r2 = allot(big, 2_000_000, money);
    expect(r2.ok && r2.allotment.dataBytes).toBe(Number((2_000_000n * 1_000_000_007n) / 3n));
  });

  it('never grants more than was paid for (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e7 }), fc.integer({ min: 0, max: 1e8 }), (unitPrice, perUnit, extra) => {
        const pkg: PackageTerms = { ...perTime, priceMinor: unitPrice, timeLimitS: perUnit };
        const amount = unitPrice + extra;
        const r = allot(pkg, amount, money);
        if (!r.ok) return false;
        const t = BigInt(r.allotment.timeS!);
        // t ≤ amount·perUnit/unitPrice < t + 1
        return t * BigInt(unitPrice) <= BigInt(amount) * BigInt(perUnit) && (t + 1n) * BigInt(unitPrice) > BigInt(amount) * BigInt(perUnit);
      }),
    );
  });
});

describe('top-up', () => {
  const limits = { timeLimitS: 3600, validityS: null, dataLimitBytes: 500 };
  it('adds time and data where the session has them', () => {
    expect(addAllotment(limits, { chargeMinor: 1, timeS: 1800, dataBytes: 100, validityS: 60 })).toEqual({
      ok: true,
      limits: { timeLimitS: 5400, validityS: null, dataLimitBytes: 600 },
    });
  });
  it('keeps unlimited unlimited and leaves a dimension the package does not give alone', () => {
    const r = addAllotment({ timeLimitS: null, validityS: null, dataLimitBytes: 500 }, { chargeMinor: 1, timeS: 3600, dataBytes: 50, validityS: null });
    expect(r).toEqual({ ok: true, limits: { timeLimitS: null, validityS: null, dataLimitBytes: 550 } });
  });
  it('refuses a top-up that adds nothing', () => {
    const r = addAllotment({ timeLimitS: null, validityS: null, dataLimitBytes: 500 }, { chargeMinor: 1, timeS: 3600, dataBytes: null, validityS: null });
    expect(r.ok).toBe(false);
  });
  it('voiding a top-up takes back exactly what it gave, never below zero', () => {
    const a = { chargeMinor: 1, timeS: 1800, dataBytes: 100, validityS: null };
    const r = addAllotment(limits, a);
    expect(r.ok && removeAllotment(r.limits, a)).toEqual(limits);
    expect(removeAllotment({ timeLimitS: 10, validityS: null, dataLimitBytes: 5 }, a)).toEqual({ timeLimitS: 0, validityS: null, dataLimitBytes: 0 });
  });
});

describe('a top-up’s validity', () => {
  const DAY = 86_400;
  const coin = (amountMinor: number): Allotment => (allot(perData, amountMinor, money) as { allotment: Allotment }).allotment;
  const soldAt = 1_000_000;
  const online = { validityS: DAY, createdAt: soldAt, firstLoginAt: soldAt };

  it('a fixed package adds its validity whole (a bundle: two day passes are two days)', () => {
    const dayPass: Allotment = { chargeMinor: 5000, timeS: null, dataBytes: null, validityS: DAY };
    expect(topUpAllotment('fixed', dayPass, online, soldAt + 3600_000)).toEqual(dayPass);
  });

  it('per unit: the window is extended to the package’s validity from now, no further', () => {
    // Ten hours into a one-day window, a ₱5 coin: the window now ends a day from now (10 h more), not a day more.
    expect(topUpAllotment('per_unit', coin(500), online, soldAt + 10 * 3600_000)).toEqual({ ...coin(500), validityS: 10 * 3600 });
    // Not logged in yet (the window has not opened): it already spans the package's validity.
    expect(topUpAllotment('per_unit', coin(500), { ...online, firstLoginAt: null }, soldAt + 10 * 3600_000).validityS).toBe(0);
    // Part of a second counts whole (never a window ending before the validity from now).
    expect(topUpAllotment('per_unit', coin(500), online, soldAt + 1).validityS).toBe(1);
    // A session without a validity window keeps none.
    expect(topUpAllotment('per_unit', coin(500), { ...online, validityS: null }, soldAt + 5000)).toEqual(coin(500));
  });

  it('per unit: coins paid one by one get the window one payment of their sum gets (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 500, max: 5000 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3 * DAY }), (coins, elapsedS) => {
        const now = soldAt + elapsedS * 1000;
        let limits = { timeLimitS: null as number | null, validityS: DAY as number | null, dataLimitBytes: 100_000_000 as number | null };
        for (const c of coins) {
          const r = addAllotment(limits, topUpAllotment('per_unit', coin(c), { ...online, ...limits }, now));
          if (!r.ok) return false;
          limits = r.limits;
        }
        const once = addAllotment({ timeLimitS: null, validityS: DAY, dataLimitBytes: 100_000_000 }, topUpAllotment('per_unit', coin(coins.reduce((a, b) => a + b, 0)), online, now));
        return once.ok && once.limits.validityS === limits.validityS && limits.validityS === Math.max(DAY, elapsedS + DAY);
      }),
    );
  });
});

describe('the validity window replayed from the purchases still standing (a void)', () => {
  const start = 1_000_000;
  it('is what the top-ups made of the sale’s window, in order: fixed ones add, per-unit ones extend to their validity from when paid', () => {
    const fixedDay = { pricing: 'fixed' as const, validityS: 86_400 };
    const coinHour = { pricing: 'per_unit' as const, validityS: 3600 };
    // Before the first login a coin's whole validity; then a coin 30 h in: 31 h; then a fixed day on top.
    expect(replayValidity(86_400, [{ ...coinHour, at: start - 5000 }, { ...coinHour, at: start + 30 * 3600_000 + 1 }, { ...fixedDay, at: start + 31 * 3600_000 }], start)).toBe(31 * 3600 + 1 + 86_400);
    // A fixed day first, then the coin at 30 h needs no more than the 48 h already there.
    expect(replayValidity(86_400, [{ ...fixedDay, at: start }, { ...coinHour, at: start + 30 * 3600_000 }], start)).toBe(2 * 86_400);
    // Not logged in: a coin's validity is the window it needs.
    expect(replayValidity(1800, [{ ...coinHour, at: start }], null)).toBe(3600);
    // No window stays none; a top-up without validity changes nothing.
    expect(replayValidity(null, [{ ...coinHour, at: start }], start)).toBeNull();
    expect(replayValidity(3600, [{ pricing: 'per_unit', validityS: null, at: start + 99 * 3600_000 }], start)).toBe(3600);
  });

  it('matches what the top-ups did when none is voided (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ fixed: fc.boolean(), validityS: fc.integer({ min: 60, max: 3 * 86_400 }), afterS: fc.integer({ min: 0, max: 2 * 86_400 }) }), { maxLength: 6 }), (buys) => {
        let limits = { timeLimitS: null as number | null, validityS: 86_400 as number | null, dataLimitBytes: 1 as number | null };
        let at = start;
        const replay: { pricing: 'fixed' | 'per_unit'; validityS: number; at: number }[] = [];
        for (const b of buys) {
          at += b.afterS * 1000;
          const pricing = b.fixed ? ('fixed' as const) : ('per_unit' as const);
          const a = topUpAllotment(pricing, { chargeMinor: 1, timeS: null, dataBytes: 1, validityS: b.validityS }, { ...limits, createdAt: start, firstLoginAt: start }, at);
          const r = addAllotment(limits, a);
          if (!r.ok) return false;
          limits = r.limits;
          replay.push({ pricing, validityS: b.validityS, at });
        }
        return replayValidity(86_400, replay, start) === limits.validityS;
      }),
    );
  });
});
