import { describe, expect, it } from 'vitest';
import { dueEnding, unusedDeadline, unusedDeadlineAfterTopUp, type ExpirySnapshot } from '../../../src/shared/engine/expiry';
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
