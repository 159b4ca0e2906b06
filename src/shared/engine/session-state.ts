/**
 * The session state machine. The only legal moves:
 *
 *   STOCK ───authorized (first login sells the card)──┐
 *     └───────ended (batch voided)────────────────────┼──▶ TERMINATED
 *                                                     ▼
 *   PENDING ──authorized──▶ ACTIVE ──limit reached──▶ EXPIRED
 *      │ └──────never used (its unused-voucher deadline)──▶ EXPIRED
 *      │                      │
 *      └──────ended───────────┴──────ended──────────▶ TERMINATED
 *
 * STOCK is a voucher card of a batch, printed but not sold: it logs in like a sold
 * voucher, and that first login records its sale. Nothing of it runs while in stock
 * (no validity, no unused-voucher deadline); only voiding its batch ends it.
 * "ended" is an admin end, a PC logout, a void. EXPIRED and TERMINATED are final.
 * A never-used session has consumed nothing, so no limit can run out; it expires
 * only when its package's unused-voucher deadline passes ("never used").
 */
import type { SessionState } from '../domain';

export type SessionEvent = 'authorized' | 'limit_reached' | 'never_used' | 'ended';

export type Transition = { ok: true; state: SessionState; changed: boolean } | { ok: false; reason: string };

const table: Record<SessionState, Partial<Record<SessionEvent, SessionState>>> = {
  STOCK: { authorized: 'ACTIVE', ended: 'TERMINATED' },
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

/** True for PENDING and ACTIVE: a sold voucher that can still be used, topped up, ended. */
export function isLive(state: SessionState): boolean {
  return state === 'PENDING' || state === 'ACTIVE';
}

/** True for a card of a batch not sold yet: it logs in (and is sold by that), nothing else. */
export function inStock(state: SessionState): boolean {
  return state === 'STOCK';
}

/** True when a customer may log in with it: a sold voucher still live, or a card in stock. */
export function usable(state: SessionState): boolean {
  return isLive(state) || inStock(state);
}

/**
 * A card of a batch nobody has logged in with yet, whatever its state (in stock, sold at
 * generation and waiting, voided or expired unused). Such cards are kept on the Batches
 * screen, not on the Sessions lists: a sheet of 2,000 would bury the counter's customers,
 * and their codes are as good as cash until used.
 */
export function unusedCard(s: { batchId: number | null; firstLoginAt: number | null }): boolean {
  return s.batchId !== null && s.firstLoginAt === null;
}

/**
 * Whether a session belongs on the live Sessions screen: while it is live (an unused card
 * is not), and after it ended for as long as a device of it is still connected (its
 * Disconnect has not gone through yet, so the cashier must see it). The core's paged list
 * (db/sessions.ts ON_SCREEN) selects the same rows in SQL; a test holds the two together.
 */
export function onLiveScreen(s: { state: SessionState; batchId: number | null; firstLoginAt: number | null }, openDevices: number): boolean {
  return (isLive(s.state) && !unusedCard(s)) || openDevices > 0;
}

function refusal(from: SessionState, event: SessionEvent): string {
  if (from === 'EXPIRED') return 'The session has expired';
  if (from === 'TERMINATED') return 'The session has been ended';
  if (from === 'STOCK') return event === 'limit_reached' ? 'A card in stock cannot run out' : 'A card in stock has not been sold; void its batch instead';
  if (from === 'PENDING' && event === 'limit_reached') return 'A session that was never used cannot run out';
  if (event === 'never_used') return 'A session that was used cannot expire as never used';
  return `A ${from} session cannot take "${event}"`;
}
