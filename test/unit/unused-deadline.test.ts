import { describe, expect, it } from 'vitest';
import { unusedDeadlineAfterTopUp } from '../../src/main/services/sessions';

const DAY = 86_400_000;

describe('an unused voucher’s deadline after a top-up', () => {
  it('moves to the topped-up package’s time from now when later, is removed by a package without one, and stays once used', () => {
    const pending = { state: 'PENDING' as const, unusedExpiresAt: 10 * DAY };
    expect(unusedDeadlineAfterTopUp(pending, { unusedExpiryS: 7 * 86_400 }, 5 * DAY)).toBe(12 * DAY);
    expect(unusedDeadlineAfterTopUp(pending, { unusedExpiryS: 86_400 }, 5 * DAY)).toBe(10 * DAY); // never earlier
    expect(unusedDeadlineAfterTopUp(pending, { unusedExpiryS: null }, 5 * DAY)).toBeNull();
    expect(unusedDeadlineAfterTopUp({ state: 'PENDING', unusedExpiresAt: null }, { unusedExpiryS: 86_400 }, 5 * DAY)).toBeNull();
    expect(unusedDeadlineAfterTopUp({ state: 'ACTIVE', unusedExpiresAt: 10 * DAY }, { unusedExpiryS: null }, 5 * DAY)).toBe(10 * DAY);
  });
});
