/**
 * Usage accounting from the routers' cumulative counters (RFC 2866/2869).
 *
 * Each connection (one Acct-Session-Id on one router) reports cumulative octets,
 * split into a 32-bit counter and a gigawords count. Per connection we keep the
 * highest counters seen, and add to the session only the positive difference of each
 * new report: the customer's own baseline, starting at zero with their connection,
 * independent of every other customer. A lower report (a late retransmission, a
 * reordered datagram) adds nothing and does not lower the baseline, so it can never
 * make a later report count twice. A router reboot starts a new Acct-Session-Id, i.e.
 * a new connection from zero; the old connection's totals stay.
 */

const TWO_32 = 2 ** 32;

/** Joins a 32-bit octet counter and its gigawords into one count; null when out of range (corrupt or beyond 2^53). */
export function counter64(octets: number, gigawords = 0): number | null {
  if (!isU32(octets) || !isU32(gigawords)) return null;
  const v = gigawords * TWO_32 + octets;
  return Number.isSafeInteger(v) ? v : null;
}

/** Splits a byte count into [gigawords, low 32 bits], as Mikrotik-Total-Limit(-Gigawords) carries it. */
export function splitGigawords(bytes: number): [gigawords: number, octets: number] {
  const b = Math.max(0, Math.floor(bytes));
  return [Math.floor(b / TWO_32), b % TWO_32];
}

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < TWO_32;
}

/** A connection's cumulative counters as last accepted. */
export interface Counters {
  inOctets: number;
  outOctets: number;
  sessionTimeS: number;
}

export const zeroCounters: Counters = { inOctets: 0, outOctets: 0, sessionTimeS: 0 };

export interface UsageDelta {
  inOctets: number;
  outOctets: number;
  sessionTimeS: number;
}

/** Folds a new cumulative report into a connection's baseline: returns the new baseline and what to add to the session (never negative). */
export function applyReport(baseline: Counters, report: Counters): { next: Counters; delta: UsageDelta } {
  const next: Counters = {
    inOctets: Math.max(baseline.inOctets, report.inOctets),
    outOctets: Math.max(baseline.outOctets, report.outOctets),
    sessionTimeS: Math.max(baseline.sessionTimeS, report.sessionTimeS),
  };
  return {
    next,
    delta: {
      inOctets: next.inOctets - baseline.inOctets,
      outOctets: next.outOctets - baseline.outOctets,
      sessionTimeS: next.sessionTimeS - baseline.sessionTimeS,
    },
  };
}

/** True when the delta adds nothing. */
export function isEmptyDelta(d: UsageDelta): boolean {
  return d.inOctets === 0 && d.outOctets === 0 && d.sessionTimeS === 0;
}
