import { describe, expect, it } from 'vitest';
import { sessionStates, type SessionState } from '../../../src/shared/domain';
import { isFinal, transition, type SessionEvent } from '../../../src/main/engine/session-state';

const events: SessionEvent[] = ['authorized', 'limit_reached', 'ended'];

// The whole table: every (state, event) pair and what must happen.
const expected: Record<SessionState, Record<SessionEvent, SessionState | null>> = {
  PENDING: { authorized: 'ACTIVE', limit_reached: null, ended: 'TERMINATED' },
  ACTIVE: { authorized: 'ACTIVE', limit_reached: 'EXPIRED', ended: 'TERMINATED' },
  EXPIRED: { authorized: null, limit_reached: null, ended: null },
  TERMINATED: { authorized: null, limit_reached: null, ended: null },
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

  it('explains refusals in the customer’s terms', () => {
    expect(transition('EXPIRED', 'authorized')).toEqual({ ok: false, reason: 'The session has expired' });
    expect(transition('TERMINATED', 'authorized')).toEqual({ ok: false, reason: 'The session has been ended' });
  });
});
