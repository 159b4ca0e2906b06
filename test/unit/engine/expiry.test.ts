import { describe, expect, it } from 'vitest';
import { dueEnding, earliestEnding, expiryReason, unusedDeadline, unusedDeadlineAfterTopUp, type Expiry, type ExpirySnapshot } from '../../../src/shared/engine/expiry';
import { translator } from '../../../src/shared/i18n/translate';
import { validityStart } from '../../../src/shared/engine/remaining';
import { authSession, T0 } from '../../fixtures/auth-session';

const DAY = 86_400_000;
const pending: ExpirySnapshot = authSession({ timeLimitS: 3600 });
const active: ExpirySnapshot = { ...pending, state: 'ACTIVE', firstLoginAt: T0 - 60_000, timeUsedS: 60 };

describe('an unused voucher’s deadline after a top-up', () => {
  it('moves to the topped-up package’s time from now when later, is removed by a package without one, and stays once used', () => {
    const p = { state: 'PENDING' as const, unusedExpiresAt: 10 * DAY };
    expect(unusedDeadlineAfterTopUp(p, { unusedExpiryS: 7 * 86_400 }, 5 * DAY)).toBe(12 * DAY);
    expect(unusedDeadlineAfterTopUp(p, { unusedExpiryS: 86_400 }, 5 * DAY)).toBe(10 * DAY); // never earlier
    expect(unusedDeadlineAfterTopUp(p, { unusedExpiryS: null }, 5 * DAY)).toBeNull();
    expect(unusedDeadlineAfterTopUp({ state: 'PENDING', unusedExpiresAt: null }, { unusedExpiryS: 86_400 }, 5 * DAY)).toBeNull();
    expect(unusedDeadlineAfterTopUp({ state: 'ACTIVE', unusedExpiresAt: 10 * DAY }, { unusedExpiryS: null }, 5 * DAY)).toBe(10 * DAY);
  });

  it('a sale gets its package’s unused-voucher time from the sale, or none', () => {
    expect(unusedDeadline({ unusedExpiryS: 7 * 86_400 }, T0)).toBe(T0 + 7 * DAY);
    expect(unusedDeadline({ unusedExpiryS: null }, T0)).toBeNull();
  });
});

describe('when a session ends by itself', () => {
  it('validity opens at the first login', () => {
    expect(validityStart(pending)).toBeNull();
    expect(validityStart(active)).toBe(T0 - 60_000);
  });

  it('an unused voucher ends only at its unused-voucher deadline, as never used', () => {
    expect(dueEnding(pending, [], T0 + 400 * DAY)).toBeNull();
    expect(dueEnding({ ...pending, unusedExpiresAt: T0 }, [], T0 - 1)).toBeNull();
    expect(dueEnding({ ...pending, unusedExpiresAt: T0 }, [], T0)).toEqual({ event: 'never_used', expiry: 'unused' });
  });

  it('a used session ends when its time, data or validity runs out, with what ran out', () => {
    expect(dueEnding(active, [T0], T0)).toBeNull();
    expect(dueEnding(active, [T0], T0 + 3540_000)).toEqual({ event: 'limit_reached', expiry: 'time' });
    expect(dueEnding(active, [], T0 + 3540_000)).toBeNull(); // time is used only while connected
    expect(dueEnding({ ...active, timeLimitS: null }, [], T0 - 60_000 + DAY)).toEqual({ event: 'limit_reached', expiry: 'validity' });
    expect(dueEnding({ ...active, bytesIn: 99_990_000 }, [], T0)).toEqual({ event: 'limit_reached', expiry: 'data' });
    expect(dueEnding({ ...active, unusedExpiresAt: T0 - 1 }, [], T0)).toBeNull(); // the deadline is for unused vouchers only
  });

  it('an ended session does not end again', () => {
    expect(dueEnding({ ...active, state: 'EXPIRED', bytesIn: 100_000_000 }, [], T0)).toBeNull();
    expect(dueEnding({ ...pending, state: 'TERMINATED', unusedExpiresAt: T0 }, [], T0)).toBeNull();
  });
});

describe('the earliest a session can end by the clock (the expiry sweep’s due time)', () => {
  // A seeded generator: the same cases every run.
  let seed = 20261201;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

  const randomCase = () => {
    const state = pick(['PENDING', 'ACTIVE', 'ACTIVE', 'EXPIRED', 'STOCK'] as const);
    const firstLoginAt = state === 'PENDING' || state === 'STOCK' ? null : T0 - rand(7_200_000);
    const s: ExpirySnapshot = {
      ...authSession({ timeLimitS: pick([null, 60, 3600, rand(5000)]), validityS: pick([null, 0, 30, 86_400, rand(10_000)]), dataLimitBytes: pick([null, 100_000, 500_000_000]) }),
      state,
      firstLoginAt,
      timeUsedS: rand(4000),
      bytesIn: pick([0, rand(200_000), 499_990_000]),
      bytesOut: rand(1000),
      unusedExpiresAt: pick([null, T0 + rand(3_600_000) - 1_800_000]),
    };
    // Last reports mostly in the past; now and then one from a router whose clock runs ahead.
    const open = Array.from({ length: pick([0, 0, 1, 1, 2, 3]) }, () => (rand(8) === 0 ? T0 + rand(900_000) : T0 - rand(600_000)));
    return { s, open };
  };

  it('is never later than the engine’s own answer, and at most a second per device earlier (2,000 seeded cases)', () => {
    for (let i = 0; i < 2000; i++) {
      const { s, open } = randomCase();
      const at = earliestEnding(s, open);
      const ctx = JSON.stringify({ i, s, open, at });
      if (at === -Infinity) {
        expect(dueEnding(s, open, T0 - 10 * DAY), ctx).not.toBeNull();
        continue;
      }
      // Before it: never due.
      for (const before of [at - 1, at - 999, at - 60_000, T0 - 10 * DAY]) {
        if (Number.isFinite(before)) expect(dueEnding(s, open, before), ctx).toBeNull();
      }
      if (at === Infinity) {
        expect(dueEnding(s, open, T0 + 3650 * DAY), ctx).toBeNull();
        continue;
      }
      // At most one second per open device after it (online time counts whole seconds): due.
      expect(dueEnding(s, open, at + 1000 * Math.max(1, open.length)), ctx).not.toBeNull();
    }
  });

  it('follows what runs out first', () => {
    const a = { ...active, timeLimitS: 3600, timeUsedS: 600, validityS: null };
    // One device open since T0: 3,000 s left → at T0 + 3,000 s.
    expect(earliestEnding(a, [T0])).toBe(T0 + 3_000_000);
    // Two devices use it twice as fast.
    expect(earliestEnding(a, [T0, T0])).toBe(T0 + 1_500_000);
    // Nobody online: only a report can use more time.
    expect(earliestEnding(a, [])).toBe(Infinity);
    // A validity window closes by the wall clock whoever is online.
    expect(earliestEnding({ ...a, validityS: 600 }, [])).toBe(active.firstLoginAt! + 600_000 - 999);
    // An unused voucher's deadline.
    expect(earliestEnding({ ...pending, unusedExpiresAt: T0 + 5 }, [])).toBe(T0 + 5);
    // Used up already.
    expect(earliestEnding({ ...a, timeUsedS: 3600 }, [])).toBe(-Infinity);
    expect(earliestEnding({ ...a, state: 'EXPIRED' }, [T0])).toBe(Infinity);
    // A device whose router's clock runs ahead does not count before its own last report: the other device alone runs it out.
    const short = { ...a, timeLimitS: 610, timeUsedS: 600 };
    expect(earliestEnding(short, [T0, T0 + 1_000_000])).toBe(T0 + 10_000);
    expect(dueEnding(short, [T0, T0 + 1_000_000], T0 + 10_000)).not.toBeNull();
  });
});

describe('why a session ends, in the catalog', () => {
  it('a refused top-up names each expiry in English as the stored end reason reads', () => {
    const en = translator('en');
    for (const expiry of ['time', 'data', 'validity', 'unused'] satisfies Expiry[]) {
      expect(en('errors.topUp.stillEnds', { code: 'abc234', package: '1 hour', expiry })).toBe(`abc234 would still end now, topped up with "1 hour" (${expiryReason(expiry)}): it could not be used; sell a new voucher`);
    }
  });
});
