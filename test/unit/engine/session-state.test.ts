import { describe, expect, it } from 'vitest';
import { sessionStates, type SessionState } from '../../../src/shared/domain';
import { inStock, isFinal, isLive, transition, unusedExpired, usable, type SessionEvent } from '../../../src/shared/engine/session-state';

const events: SessionEvent[] = ['authorized', 'limit_reached', 'never_used', 'ended'];

// The whole table: every (state, event) pair and what must happen.
const expected: Record<SessionState, Record<SessionEvent, SessionState | null>> = {
  STOCK: { authorized: 'ACTIVE', limit_reached: null, never_used: null, ended: 'TERMINATED' },
  PENDING: { authorized: 'ACTIVE', limit_reached: null, never_used: 'EXPIRED', ended: 'TERMINATED' },
  ACTIVE: { authorized: 'ACTIVE', limit_reached: 'EXPIRED', never_used: null, ended: 'TERMINATED' },
  EXPIRED: { authorized: null, limit_reached: null, never_used: null, ended: null },
  TERMINATED: { authorized: null, limit_reached: null, never_used: null, ended: null },
};

describe('session state machine', () => {
  for (const from of sessionStates) {
    for (const event of events) {
      const to = expected[from][event];
      it(`${from} + ${event} → ${to ?? 'refused'}`, () => {
        const t = transition(from, event);
        if (to === null) {
          expect(t.ok).toBe(false);
          if (!t.ok) expect(t.reason).toMatch(/\w/);
        } else {
          expect(t).toEqual({ ok: true, state: to, changed: to !== from });
        }
      });
    }
  }

  it('final states are exactly EXPIRED and TERMINATED', () => {
    expect(sessionStates.filter(isFinal)).toEqual(['EXPIRED', 'TERMINATED']);
  });

  it('a card in stock is neither live nor final; a customer may log in with it', () => {
    expect(sessionStates.filter(isLive)).toEqual(['PENDING', 'ACTIVE']);
    expect(sessionStates.filter(inStock)).toEqual(['STOCK']);
    expect(sessionStates.filter(usable)).toEqual(['STOCK', 'PENDING', 'ACTIVE']);
    expect(transition('STOCK', 'never_used')).toEqual({ ok: false, reason: 'A card in stock has not been sold; void its batch instead' });
  });

  it('explains refusals in the customer’s terms', () => {
    expect(transition('EXPIRED', 'authorized')).toEqual({ ok: false, reason: 'The session has expired' });
    expect(transition('TERMINATED', 'authorized')).toEqual({ ok: false, reason: 'The session has been ended' });
  });

  it('an unused voucher expires at its deadline, and only while unused', () => {
    const T = 1_800_000_000_000;
    expect(unusedExpired({ state: 'PENDING', unusedExpiresAt: T }, T - 1)).toBe(false);
    expect(unusedExpired({ state: 'PENDING', unusedExpiresAt: T }, T)).toBe(true);
    expect(unusedExpired({ state: 'PENDING', unusedExpiresAt: null }, T)).toBe(false);
    expect(unusedExpired({ state: 'ACTIVE', unusedExpiresAt: T }, T + 1)).toBe(false);
  });
});
