/**
 * What a session has left. Online time is consumed only while a device is connected,
 * per device (two devices at once use it twice as fast, as the router's own
 * per-login Session-Timeout would); an optional validity window, opened by the first
 * login, caps it in wall-clock time. Data is upload + download against the limit; a
 * used session with less than USABLE_DATA_MIN_BYTES left is used up.
 */

export interface UsageSnapshot {
  timeLimitS: number | null;
  validityS: number | null;
  dataLimitBytes: number | null;
  bytesIn: number;
  bytesOut: number;
  /** Session time reported by the routers, summed over all connections. */
  timeUsedS: number;
  /** When it was sold. */
  createdAt: number;
  firstLoginAt: number | null;
}

export type Exhausted = 'time' | 'data' | 'validity';

/**
 * Fewer bytes left than this and a used data session is used up. The router enforces
 * Mikrotik-Total-Limit itself, and its last report can stop short of the limit; a login
 * for the rest would be accepted and cut at once. 64 KiB is less than one TCP receive
 * window: no web page fits (DNS and a TLS handshake alone take several KB), while 1 KB
 * would leave a session "Paused" whenever the last report is a packet or two short. It
 * is 0.07% of a 100 MB package (₱0.003 at ₱5 per 100 MB): nothing worth selling is lost.
 */
export const USABLE_DATA_MIN_BYTES = 64 * 1024;

export interface Remaining {
  /** Seconds left (time limit and validity window together); null = no time bound. */
  timeS: number | null;
  /** Bytes left; null = no data limit. Never negative. */
  dataBytes: number | null;
  /** End of the validity window; null while it has not started or there is none. */
  validUntil: number | null;
  /** What ran out first, if anything did. */
  exhausted: Exhausted | null;
}

/**
 * Online seconds consumed as of `now`: reported time plus each open connection's time
 * since its last report (`openSince`: the last report time of each open connection).
 */
export function timeUsedAt(timeUsedS: number, openSince: readonly number[], now: number): number {
  let used = timeUsedS;
  for (const since of openSince) used += Math.max(0, Math.floor((now - since) / 1000));
  return used;
}

/**
 * When a session's validity window opens: at its first login. Null while it has not
 * started. This is the one place that says so; the state machine, the expiry sweep and
 * the screens all follow from what `remaining` makes of it.
 */
export function validityStart(u: Pick<UsageSnapshot, 'createdAt' | 'firstLoginAt'>): number | null {
  return u.firstLoginAt;
}

/** How the slip and the package form tell the customer and the owner when validity starts (with `validityStart`). */
export const VALIDITY_STARTS = 'from the first login';

/** Computes what is left at `now`, with devices open since `openSince`, and which limit, if any, is used up. */
export function remaining(u: UsageSnapshot, openSince: readonly number[], now: number): Remaining {
  const timeLeft = u.timeLimitS === null ? null : u.timeLimitS - timeUsedAt(u.timeUsedS, openSince, now);
  const start = validityStart(u);
  const validUntil = u.validityS !== null && start !== null ? start + u.validityS * 1000 : null;
  const validLeft =
    u.validityS === null ? null : validUntil === null ? u.validityS : Math.floor((validUntil - now) / 1000);
  const dataLeft = u.dataLimitBytes === null ? null : u.dataLimitBytes - u.bytesIn - u.bytesOut;

  // A package smaller than the minimum (there is no reason to sell one) stays usable until its first byte.
  const dataUsedUp = dataLeft !== null && (dataLeft <= 0 || (dataLeft < USABLE_DATA_MIN_BYTES && u.bytesIn + u.bytesOut > 0));

  let exhausted: Exhausted | null = null;
  if (dataUsedUp) exhausted = 'data';
  else if (validLeft !== null && validLeft <= 0) exhausted = 'validity';
  else if (timeLeft !== null && timeLeft <= 0) exhausted = 'time';

  const timeS = timeLeft === null ? validLeft : validLeft === null ? timeLeft : Math.min(timeLeft, validLeft);
  return {
    timeS: timeS === null ? null : Math.max(0, timeS),
    dataBytes: dataLeft === null ? null : Math.max(0, dataLeft),
    validUntil,
    exhausted,
  };
}
