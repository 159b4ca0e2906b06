/**
 * The session state machine. The only legal moves:
 *
 *   PENDING ──authorized──▶ ACTIVE ──limit reached──▶ EXPIRED
 *      │                      │
 *      └──────ended───────────┴──────ended──────────▶ TERMINATED
 *
 * "ended" is an admin end, a PC logout, a void. EXPIRED and TERMINATED are final.
 * A never-used session cannot expire (nothing was consumed), so PENDING has no
 * move to EXPIRED.
 */
import type { SessionState } from '../../shared/domain';

export type SessionEvent = 'authorized' | 'limit_reached' | 'ended';

export type Transition = { ok: true; state: SessionState; changed: boolean } | { ok: false; reason: string };

const table: Record<SessionState, Partial<Record<SessionEvent, SessionState>>> = {
  PENDING: { authorized: 'ACTIVE', ended: 'TERMINATED' },
  ACTIVE: { authorized: 'ACTIVE', limit_reached: 'EXPIRED', ended: 'TERMINATED' },
  EXPIRED: {},
  TERMINATED: {},
};

/** Applies an event to a state; refuses (ok: false, with a reason) every move not in the table. */
export function transition(from: SessionState, event: SessionEvent): Transition {
  const to = table[from][event];
  if (to === undefined) {
    return { ok: false, reason: refusal(from, event) };
  }
  return { ok: true, state: to, changed: to !== from };
}

/** True for EXPIRED and TERMINATED: nothing may happen to the session any more. */
export function isFinal(state: SessionState): boolean {
  return state === 'EXPIRED' || state === 'TERMINATED';
}

function refusal(from: SessionState, event: SessionEvent): string {
  if (from === 'EXPIRED') return 'The session has expired';
  if (from === 'TERMINATED') return 'The session has been ended';
  if (from === 'PENDING' && event === 'limit_reached') return 'A session that was never used cannot run out';
  return `A ${from} session cannot take "${event}"`;
}
