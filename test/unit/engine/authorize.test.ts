import { describe, expect, it } from 'vitest';
import { authorize, type AuthDecision, type AuthSession } from '../../../src/shared/engine/authorize';
import { expiryReason } from '../../../src/shared/engine/expiry';
import { replyMessage } from '../../../src/main/radius/entitlement';
import { authSession, T0 } from '../../fixtures/auth-session';

const ctx = { callingMac: 'AA:BB:CC:DD:EE:01', now: T0, interimIntervalS: 120 };
const session: AuthSession = authSession();

/** A refusal as the customer reads it (the RADIUS layer words the engine's reason) and what it expires. */
function refusal(d: AuthDecision) {
  return d.kind === 'reject' ? { kind: d.kind, message: replyMessage[d.reason], expire: d.expire } : d;
}

describe('authorize: the issue-12 rules', () => {
  it('an ACTIVE data session a few bytes short of its limit is refused and expires as data used up', () => {
    const s = { ...session, state: 'ACTIVE' as const, firstLoginAt: T0 - 60_000, bytesIn: 99_999_990 };
    expect(authorize(s, [], ctx)).toEqual({ kind: 'reject', reason: 'data', expire: 'data' });
    expect(refusal(authorize(s, [], ctx))).toEqual({ kind: 'reject', message: 'Data used up', expire: 'data' });
  });

  it('an unused voucher is accepted before its deadline and refused from it on, expiring as never used', () => {
    const s = { ...session, unusedExpiresAt: T0 + 1 };
    expect(authorize(s, [], ctx)).toMatchObject({ kind: 'accept', activate: true });
    expect(refusal(authorize(s, [], { ...ctx, now: T0 + 1 }))).toEqual({ kind: 'reject', message: 'Voucher expired', expire: 'unused' });
    expect(expiryReason('unused')).toBe('Never used');
  });

  it('the deadline does not touch a voucher already in use, and a voucher expired unused reads "Voucher expired"', () => {
    const active = { ...session, state: 'ACTIVE' as const, firstLoginAt: T0 - 60_000, unusedExpiresAt: T0 - 1 };
    expect(authorize(active, [], ctx).kind).toBe('accept');
    const expired = { ...session, state: 'EXPIRED' as const, endReason: 'Never used', unusedExpiresAt: T0 - 1 };
    expect(refusal(authorize(expired, [], ctx))).toEqual({ kind: 'reject', message: 'Voucher expired', expire: null });
  });
});

describe('authorize: an entitlement in café words, a refusal as a reason', () => {
  it('an accepted login is entitled to what is left from now (validity counted from the first login)', () => {
    const s = { ...session, state: 'ACTIVE' as const, firstLoginAt: T0 - 60_000, timeLimitS: 3600, timeUsedS: 60, bytesIn: 1_000, bytesOut: 9_000, rateUpKbps: 2000, idleTimeoutS: 300 };
    expect(authorize(s, [], ctx)).toEqual({
      kind: 'accept',
      activate: false,
      interimIntervalS: 120,
      entitlement: { sessionId: 7, timeLeftS: 3540, bytesLeft: 99_990_000, rateUpKbps: 2000, rateDownKbps: null, idleTimeoutS: 300, deviceLimit: 1 },
    });
    expect(authorize({ ...session, validityS: null, dataLimitBytes: null, timeLimitS: 60 }, [], ctx)).toMatchObject({ entitlement: { timeLeftS: 60, bytesLeft: null } });
  });

  it('refuses an ended session, a MAC session from another device, and one whose time ran out, each with its reason', () => {
    expect(authorize({ ...session, state: 'TERMINATED' }, [], ctx)).toEqual({ kind: 'reject', reason: 'ended', expire: null });
    expect(authorize({ ...session, login: 'mac', mac: 'AA:BB:CC:DD:EE:02' }, [], ctx)).toEqual({ kind: 'reject', reason: 'other_device', expire: null });
    expect(authorize({ ...session, state: 'EXPIRED', endReason: expiryReason('time') }, [], ctx)).toEqual({ kind: 'reject', reason: 'time', expire: null });
    const used = { ...session, state: 'ACTIVE' as const, firstLoginAt: T0 - 60_000, timeLimitS: 60, timeUsedS: 60 };
    expect(authorize(used, [], ctx)).toEqual({ kind: 'reject', reason: 'time', expire: 'time' });
    expect([expiryReason('time'), expiryReason('data'), expiryReason('validity')]).toEqual(['Time used up', 'Data used up', 'Voucher expired']);
  });
});

describe('authorize: voucher cards', () => {
  it('a card in stock logs in like a sold voucher and is activated by it (which sells it), whenever it was printed', () => {
    const card = { ...session, state: 'STOCK' as const, createdAt: T0 - 400 * 86_400_000, unusedExpiresAt: null };
    expect(authorize(card, [], ctx)).toMatchObject({ kind: 'accept', activate: true, entitlement: { timeLeftS: 86_400, bytesLeft: 100_000_000 } });
  });

  it('a card voided with its batch is refused in its own words; another ended session is just ended', () => {
    const voided = { ...session, state: 'TERMINATED' as const, endReason: 'Card voided: sheet stolen' };
    expect(refusal(authorize(voided, [], ctx))).toEqual({ kind: 'reject', message: 'This card was voided: ask at the counter', expire: null });
    expect(refusal(authorize({ ...voided, endReason: 'Customer left' }, [], ctx))).toEqual({ kind: 'reject', message: 'Session ended', expire: null });
  });
});
