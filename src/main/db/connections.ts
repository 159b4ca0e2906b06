/** SQL for connections: one device's accounting session on one router. */
import type { LiveSessions } from './live-sessions';
import type { Db } from './sqlite';

export interface ConnectionRow {
  id: number;
  sessionId: number;
  routerId: number;
  routerName: string;
  acctSessionId: string;
  userName: string;
  mac: string | null;
  ip: string | null;
  startedAt: number;
  lastUpdateAt: number;
  endedAt: number | null;
  endCause: string | null;
  inOctets: number;
  outOctets: number;
  sessionTimeS: number;
  disconnect: 'pending' | 'failed' | null;
  disconnectError: string | null;
  /** How many times the router confirmed this device cut off and then reported it online again (its word on it is no proof since). */
  ignoredDisconnects: number;
}

const COLS = `c.id, c.session_id AS sessionId, c.router_id AS routerId, r.name AS routerName, c.acct_session_id AS acctSessionId,
  c.user_name AS userName, c.mac, c.ip, c.started_at AS startedAt, c.last_update_at AS lastUpdateAt, c.ended_at AS endedAt,
  c.end_cause AS endCause, c.in_octets AS inOctets, c.out_octets AS outOctets, c.session_time_s AS sessionTimeS,
  c.disconnect, c.disconnect_error AS disconnectError, c.ignored_disconnects AS ignoredDisconnects`;
const FROM = 'FROM connections c JOIN routers r ON r.id = c.router_id';

export interface NewConnection {
  sessionId: number;
  routerId: number;
  acctSessionId: string;
  userName: string;
  mac: string | null;
  ip: string | null;
  startedAt: number;
  lastUpdateAt: number;
}

export interface ConnectionReport {
  inOctets: number;
  outOctets: number;
  sessionTimeS: number;
  lastUpdateAt: number;
  /** The device's MAC for a connection that has none yet (null otherwise: a stored MAC is never changed). */
  mac: string | null;
  ip: string | null;
}

/** What an accounting report needs of its connection (the per-packet path). */
export interface ConnectionState {
  id: number;
  sessionId: number;
  inOctets: number;
  outOctets: number;
  sessionTimeS: number;
  mac: string | null;
  endedAt: number | null;
  endCause: string | null;
}

/** Why a connection closed when the router did not say (its own Acct-Terminate-Cause otherwise). */
export const STALE_CAUSE = 'Stale';

/** Why a connection closed when the app cut it off: the router acknowledged the Disconnect, had no such session (NAK 503), or its API removed it. */
export const CUT_OFF_CAUSES: ReadonlySet<string | null> = new Set(['Disconnected', 'Gone', 'Kicked']);

/**
 * Prepared statements for the connections table. Every write keeps `live` (the store's
 * in-memory index of open connections) in step, in the same transaction.
 */
export function connectionQueries(db: Db, live: LiveSessions) {
  const byKey = db.prepare<[number, string], ConnectionState>(
    `SELECT id, session_id AS sessionId, in_octets AS inOctets, out_octets AS outOctets, session_time_s AS sessionTimeS, mac,
       ended_at AS endedAt, end_cause AS endCause FROM connections WHERE router_id = ? AND acct_session_id = ? ORDER BY id DESC LIMIT 1`,
  );
  const insert = db.prepare<NewConnection>(
    `INSERT INTO connections (session_id, router_id, acct_session_id, user_name, mac, ip, started_at, last_update_at)
     VALUES (@sessionId, @routerId, @acctSessionId, @userName, @mac, @ip, @startedAt, @lastUpdateAt)`,
  );
  // Positional parameters: the per-report statement binds faster without names. The MAC is
  // set only when the connection has none: naming it in the SET makes SQLite rewrite its
  // index entry (connections_open_by_mac), which about doubles the UPDATE (measured with its
  // share of a 32-report commit: 27–32 µs against 14–18).
  const report = db.prepare<[inOctets: number, outOctets: number, sessionTimeS: number, lastUpdateAt: number, ip: string | null, id: number]>(
    `UPDATE connections SET in_octets = ?, out_octets = ?, session_time_s = ?, last_update_at = max(last_update_at, ?), ip = coalesce(?, ip) WHERE id = ?`,
  );
  const reportWithMac = db.prepare<[inOctets: number, outOctets: number, sessionTimeS: number, lastUpdateAt: number, ip: string | null, mac: string, id: number]>(
    `UPDATE connections SET in_octets = ?, out_octets = ?, session_time_s = ?, last_update_at = max(last_update_at, ?), ip = coalesce(?, ip),
       mac = coalesce(mac, ?) WHERE id = ?`,
  );
  const close = db.prepare<{ id: number; at: number; cause: string }>(
    'UPDATE connections SET ended_at = max(@at, started_at), end_cause = @cause, disconnect = NULL, disconnect_error = NULL WHERE id = @id',
  );
  const reopen = db.prepare<[number, number]>('UPDATE connections SET ended_at = NULL, end_cause = NULL, ignored_disconnects = ignored_disconnects + ? WHERE id = ?');
  const openOfRouter = db.prepare<[number], ConnectionRow>(`SELECT ${COLS} ${FROM} WHERE c.router_id = ? AND c.ended_at IS NULL`);
  const open = db.prepare<[], ConnectionRow>(`SELECT ${COLS} ${FROM} WHERE c.ended_at IS NULL ORDER BY c.started_at, c.id`);
  const byId = db.prepare<[number], ConnectionRow>(`SELECT ${COLS} ${FROM} WHERE c.id = ?`);
  const openBySession = db.prepare<[number], ConnectionRow>(
    `SELECT ${COLS} ${FROM} WHERE c.session_id = ? AND c.ended_at IS NULL ORDER BY c.started_at, c.id`,
  );
  const openBySessions = db.prepare<[string], ConnectionRow>(
    `SELECT ${COLS} ${FROM} WHERE c.session_id IN (SELECT value FROM json_each(?)) AND c.ended_at IS NULL ORDER BY c.started_at, c.id`,
  );
  const bySession = db.prepare<[number], ConnectionRow>(`SELECT ${COLS} ${FROM} WHERE c.session_id = ? ORDER BY c.started_at, c.id`);
  const openByMac = db.prepare<[string], ConnectionRow>(`SELECT ${COLS} ${FROM} WHERE c.mac = ? AND c.ended_at IS NULL ORDER BY c.started_at DESC, c.id DESC`);
  return {
    /**
     * A connection by router and Acct-Session-Id, with what accounting reads: the open one from
     * memory, else the latest closed one from the database (a router reuses its ids).
     */
    byKey: (routerId: number, acctSessionId: string) => live.openByKey(routerId, acctSessionId) ?? byKey.get(routerId, acctSessionId),
    get: (id: number) => byId.get(id),
    insert: (c: NewConnection) => {
      const id = Number(insert.run(c).lastInsertRowid);
      live.connectionOpened(id, c);
      return id;
    },
    /** Stores a connection's new cumulative counters (the caller keeps them monotone). */
    report: (id: number, r: ConnectionReport) => {
      if (r.mac === null) report.run(r.inOctets, r.outOctets, r.sessionTimeS, r.lastUpdateAt, r.ip, id);
      else reportWithMac.run(r.inOctets, r.outOctets, r.sessionTimeS, r.lastUpdateAt, r.ip, r.mac, id);
      live.connectionReported(id, r);
    },
    /** Closes a connection (clearing any disconnect flag: it is gone). */
    close: (id: number, at: number, cause: string) => {
      close.run({ id, at, cause });
      live.connectionClosed(id);
    },
    /** Opens a closed connection the router still reports; `afterCutOff`: the app had cut it off (the router's confirmation was not true). */
    reopen: (id: number, afterCutOff: boolean) => {
      reopen.run(afterCutOff ? 1 : 0, id);
      live.connectionChanged(id);
    },
    openOfRouter: (routerId: number) => openOfRouter.all(routerId),
    /** A session's open devices, with only what an Access-Request decision reads (from memory). */
    openDevices: (sessionId: number) => live.openDevices(sessionId),
    /** Open connections whose last report is older than `before` (from memory, by last report: only those are read). */
    staleBefore: (before: number) => live.quietSince(before),
    /** Open connections per router, from memory. */
    openPerRouter: () => live.openPerRouter(),
    /** Every open connection, oldest first. */
    allOpen: () => open.all(),
    openBySession: (sessionId: number) => openBySession.all(sessionId),
    openBySessions: (sessionIds: readonly number[]) => openBySessions.all(JSON.stringify(sessionIds)),
    bySession: (sessionId: number) => bySession.all(sessionId),
    /** The open connections of a device (by MAC), newest first. */
    openByMac: (mac: string) => openByMac.all(mac),
  };
}
