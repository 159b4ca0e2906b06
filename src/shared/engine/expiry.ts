/**
 * When a live session ends by itself: a limit runs out (time, data, validity), or a
 * voucher is still unused at its package's unused-voucher deadline. One function decides
 * it for every caller (the login, accounting, the scheduler's sweep, a voided top-up);
 * the service layer commits what it returns.
 */
import type { SessionState } from '../domain';
import { remaining, validityStart, type Exhausted, type Remaining, type UsageSnapshot } from './remaining';
import { isLive, unusedExpired, type SessionEvent } from './session-state';

/** Why a session expires: a limit ran out, or the voucher was never used before its deadline. */
export type Expiry = Exhausted | 'unused';

const exhaustedReason: Record<Exhausted, string> = {
  time: 'Time used up',
  data: 'Data used up',
  validity: 'Voucher expired',
};

/** The reason stored on a voucher that expired unused (a later login is refused as expired). */
export const NEVER_USED = 'Never used';

/** The reason stored on a session that expired because `e` ran out or it was never used (the cashier reads it). */
export function expiryReason(e: Expiry): string {
  return e === 'unused' ? NEVER_USED : exhaustedReason[e];
}

/** What ran out of an EXPIRED session, from its stored end reason; one expired unused counts as its validity. */
export function expiredBy(endReason: string | null): Exhausted {
  return (Object.keys(exhaustedReason) as Exhausted[]).find((e) => exhaustedReason[e] === endReason) ?? 'validity';
}

/** A session's end as the state machine takes it: the event, and why. */
export interface Ending {
  event: Extract<SessionEvent, 'limit_reached' | 'never_used'>;
  expiry: Expiry;
}

/** What the expiry rule reads of a session. */
export type ExpirySnapshot = UsageSnapshot & { state: SessionState; unusedExpiresAt: number | null };

/**
 * Whether the session ends at `now` (devices open since `openSince`, each connection's last
 * report), and how; null while it goes on or when it has already ended. `left`: what
 * `remaining` says of it at `now`, when the caller has it already (the login does). A
 * session that has not been used ends as never used, whatever ran out (with today's rules
 * only its unused-voucher deadline can: it has consumed nothing, its validity has not begun).
 */
export function dueEnding(s: ExpirySnapshot, openSince: readonly number[], now: number, left?: Remaining): Ending | null {
  // A card in stock is not sold: nothing of it runs until its first login.
  if (!isLive(s.state)) return null;
  if (unusedExpired(s, now)) return { event: 'never_used', expiry: 'unused' };
  const { exhausted } = left ?? remaining(s, openSince, now);
  if (!exhausted) return null;
  return { event: s.state === 'PENDING' ? 'never_used' : 'limit_reached', expiry: exhausted };
}

/** An unused voucher's deadline when sold at `now` with a package that has (or has no) unused-voucher expiry. */
export function unusedDeadline(pkg: { unusedExpiryS: number | null }, now: number): number | null {
  return pkg.unusedExpiryS === null ? null : now + pkg.unusedExpiryS * 1000;
}

/**
 * An unused voucher's deadline after a top-up with `pkg` at `now`: the customer just paid
 * again, so it gets the topped-up package's unused-voucher time from now if that is later
 * (none, if that package has none). Unchanged once the voucher has been used.
 */
export function unusedDeadlineAfterTopUp(
  s: { state: SessionState; unusedExpiresAt: number | null },
  pkg: { unusedExpiryS: number | null },
  now: number,
): number | null {
  if (s.state !== 'PENDING' || s.unusedExpiresAt === null) return s.unusedExpiresAt;
  const fresh = unusedDeadline(pkg, now);
  return fresh === null ? null : Math.max(s.unusedExpiresAt, fresh);
}

/**
 * The earliest time `dueEnding` could say the session ends, as it stands (devices open
 * since `openSince`): never earlier, possibly a little later (online time is counted in
 * whole seconds per device). The expiry sweep looks only at sessions whose time has come,
 * instead of every live session every time. Infinity when only a new report could end it
 * (no open device, no validity window running, no unused-voucher deadline); -Infinity when
 * it has run out whatever the time.
 */
export function earliestEnding(s: ExpirySnapshot, openSince: readonly number[]): number {
  if (!isLive(s.state)) return Infinity;
  // What is left only shrinks as time goes on: run out at the dawn of time, run out now.
  if (remaining(s, openSince, -Infinity).exhausted !== null) return -Infinity;
  let at = s.state === 'PENDING' && s.unusedExpiresAt !== null ? s.unusedExpiresAt : Infinity;
  // Validity is counted in whole seconds left: floor((validUntil − now) / 1000) ≤ 0 from validUntil − 999 ms on.
  const start = validityStart(s);
  if (s.validityS !== null && start !== null) at = Math.min(at, start + s.validityS * 1000 - 999);
  if (s.timeLimitS !== null && openSince.length > 0) {
    // At time t only the devices last heard before t count (a router's clock may run ahead), each
    // at most (t − since) / 1000 seconds: with the j earliest counting, Σ (t − since) ≥ 1000 · left
    // needs t ≥ (1000 · left + Σ since) / j. The earliest t over every j is the bound.
    const left = (s.timeLimitS - s.timeUsedS) * 1000;
    const sorted = [...openSince].sort((a, b) => a - b);
    let sum = 0;
    for (let j = 1; j <= sorted.length; j++) {
      sum += sorted[j - 1]!;
      at = Math.min(at, Math.ceil((left + sum) / j));
    }
  }
  return at;
}
