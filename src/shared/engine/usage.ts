/**
 * Usage accounting from the routers' cumulative counters (RFC 2866/2869).
 *
 * Each connection (one Acct-Session-Id on one router) reports cumulative octets (the
 * RADIUS layer joins each 32-bit counter with its gigawords). Per connection we keep the
 * highest counters seen, and add to the session only the positive difference of each
 * new report: the customer's own baseline, starting at zero with their connection,
 * independent of every other customer. A lower report (a late retransmission, a
 * reordered datagram) adds nothing and does not lower the baseline, so it can never
 * make a later report count twice. A router reboot starts a new Acct-Session-Id, i.e.
 * a new connection from zero; the old connection's totals stay.
 */

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
