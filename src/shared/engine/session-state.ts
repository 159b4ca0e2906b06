/**
 * The session state machine. The only legal moves:
 *
 *   PENDING ──authorized──▶ ACTIVE ──limit reached──▶ EXPIRED
 *      │ └──────never used (its unused-voucher deadline)──▶ EXPIRED
 *      │                      │
 *      └──────ended───────────┴──────ended──────────▶ TERMINATED
 *
 * "ended" is an admin end, a PC logout, a void. EXPIRED and TERMINATED are final.
 * A never-used session has consumed nothing, so no limit can run out; it expires
 * only when its package's unused-voucher deadline passes ("never used").
 */
import type { SessionState } from '../domain';

export type SessionEvent = 'authorized' | 'limit_reached' | 'never_used' | 'ended';

export type Transition = { ok: true; state: SessionState; changed: boolean } | { ok: false; reason: string };

const table: Record<SessionState, Partial<Record<SessionEvent, SessionState>>> = {
  PENDING: { authorized: 'ACTIVE', never_used: 'EXPIRED', ended: 'TERMINATED' },
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

/** True when a voucher sold with an unused-voucher deadline is still unused at `now` and the deadline has passed. */
export function unusedExpired(s: { state: SessionState; unusedExpiresAt: number | null }, now: number): boolean {
  return s.state === 'PENDING' && s.unusedExpiresAt !== null && s.unusedExpiresAt <= now;
}

/** True for EXPIRED and TERMINATED: nothing may happen to the session any more. */
export function isFinal(state: SessionState): boolean {
  return state === 'EXPIRED' || state === 'TERMINATED';
}

/** True for PENDING and ACTIVE: the voucher can still be used, topped up, ended. */
export function isLive(state: SessionState): boolean {
  return !isFinal(state);
}

/**
 * Whether a session belongs on the live Sessions screen: while it is live, and after it
 * ended for as long as a device of it is still connected (its Disconnect has not gone
 * through yet, so the cashier must see it). The core's paged list (db/sessions.ts
 * ON_SCREEN) selects the same rows in SQL; a test holds the two together.
 */
export function onLiveScreen(s: { state: SessionState }, openDevices: number): boolean {
  return isLive(s.state) || openDevices > 0;
}

function refusal(from: SessionState, event: SessionEvent): string {
  if (from === 'EXPIRED') return 'The session has expired';
  if (from === 'TERMINATED') return 'The session has been ended';
  if (from === 'PENDING' && event === 'limit_reached') return 'A session that was never used cannot run out';
  if (event === 'never_used') return 'A session that was used cannot expire as never used';
  return `A ${from} session cannot take "${event}"`;
}
