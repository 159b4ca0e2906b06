/**
 * Counters the café (and a support person) can read: per router and per reason a
 * datagram was dropped. In memory; they restart at zero with the app.
 */

export const dropReasons = [
  'unknown_client',
  'malformed',
  'wrong_code',
  'bad_authenticator',
  'bad_message_authenticator',
  'missing_message_authenticator',
  'missing_attribute',
  'duplicate_in_progress',
  'write_failed',
  'processing_error',
  'overloaded',
] as const;
export type DropReason = (typeof dropReasons)[number];

export interface RouterCounters {
  accessRequests: number;
  accepts: number;
  rejects: number;
  accountingRequests: number;
  accountingResponses: number;
  duplicates: number;
  drops: Record<DropReason, number>;
  lastSeenAt: number | null;
  /** Status-Server probes answered (RFC 5997: monitoring asking whether the server is up). */
  statusServers: number;
  /** Device switches refused because the router did not confirm the old device gone in time, and the last one. */
  switchesUnconfirmed: number;
  lastSwitchUnconfirmedAt: number | null;
}

const zeroDrops = (): Record<DropReason, number> => Object.fromEntries(dropReasons.map((r) => [r, 0])) as Record<DropReason, number>;

function emptyCounters(): RouterCounters {
  return { accessRequests: 0, accepts: 0, rejects: 0, accountingRequests: 0, accountingResponses: 0, duplicates: 0, drops: zeroDrops(), lastSeenAt: null, statusServers: 0, switchesUnconfirmed: 0, lastSwitchUnconfirmedAt: null };
}

export type RadiusStats = ReturnType<typeof createStats>;

/** Creates the counters; `drop` with a null router counts against no router (unknown sources). */
export function createStats() {
  const routers = new Map<number, RouterCounters>();
  const drops = zeroDrops();
  const of = (routerId: number) => {
    let c = routers.get(routerId);
    if (!c) routers.set(routerId, (c = emptyCounters()));
    return c;
  };
  return {
    seen(routerId: number, at: number, kind: 'access' | 'accounting') {
      const c = of(routerId);
      c.lastSeenAt = at;
      if (kind === 'access') c.accessRequests++;
      else c.accountingRequests++;
    },
    answered(routerId: number, kind: 'accept' | 'reject' | 'accounting') {
      const c = of(routerId);
      if (kind === 'accept') c.accepts++;
      else if (kind === 'reject') c.rejects++;
      else c.accountingResponses++;
    },
    duplicate(routerId: number) {
      of(routerId).duplicates++;
    },
    /** A signed Status-Server was answered. */
    statusServer(routerId: number) {
      of(routerId).statusServers++;
    },
    /** The router did not answer a device switch's Disconnect in time (the cashier sees it flagged). */
    switchUnconfirmed(routerId: number, at: number) {
      const c = of(routerId);
      c.switchesUnconfirmed++;
      c.lastSwitchUnconfirmedAt = at;
    },
    drop(routerId: number | null, reason: DropReason, count = 1) {
      drops[reason] += count;
      if (routerId !== null) of(routerId).drops[reason] += count;
    },
    /** Totals per drop reason over all sources. */
    drops: () => ({ ...drops }),
    router: (routerId: number): RouterCounters => {
      const c = of(routerId);
      return { ...c, drops: { ...c.drops } };
    },
  };
}
