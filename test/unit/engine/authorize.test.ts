import { describe, expect, it } from 'vitest';
import { authorize, expiryReason, type AuthSession } from '../../../src/shared/engine/authorize';

const T0 = 1_800_000_000_000;
const ctx = { callingMac: 'AA:BB:CC:DD:EE:01', now: T0, interimIntervalS: 120 };
const session: AuthSession = {
  id: 7,
  login: 'voucher',
  mac: null,
  state: 'PENDING',
  endReason: null,
  timeLimitS: null,
  validityS: 86_400,
  dataLimitBytes: 100_000_000,
  rateDownKbps: null,
  rateUpKbps: null,
  deviceLimit: 1,
  idleTimeoutS: null,
  bytesIn: 0,
  bytesOut: 0,
  timeUsedS: 0,
  firstLoginAt: null,
  unusedExpiresAt: null,
};

describe('authorize: the issue-12 rules', () => {
  it('an ACTIVE data session a few bytes short of its limit is refused and expires as data used up', () => {
    const s = { ...session, state: 'ACTIVE' as const, firstLoginAt: T0 - 60_000, bytesIn: 99_999_990 };
    expect(authorize(s, [], ctx)).toEqual({ kind: 'reject', message: 'Data used up', expire: 'data' });
  });

  it('an unused voucher is accepted before its deadline and refused from it on, expiring as never used', () => {
    const s = { ...session, unusedExpiresAt: T0 + 1 };
    expect(authorize(s, [], ctx)).toMatchObject({ kind: 'accept', activate: true });
    expect(authorize(s, [], { ...ctx, now: T0 + 1 })).toEqual({ kind: 'reject', message: 'Voucher expired', expire: 'unused' });
    expect(expiryReason('unused')).toBe('Never used');
  });

  it('the deadline does not touch a voucher already in use, and a voucher expired unused reads "Voucher expired"', () => {
    const active = { ...session, state: 'ACTIVE' as const, firstLoginAt: T0 - 60_000, unusedExpiresAt: T0 - 1 };
    expect(authorize(active, [], ctx).kind).toBe('accept');
    const expired = { ...session, state: 'EXPIRED' as const, endReason: 'Never used', unusedExpiresAt: T0 - 1 };
    expect(authorize(expired, [], ctx)).toEqual({ kind: 'reject', message: 'Voucher expired', expire: null });
  });
});
