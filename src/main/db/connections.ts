/** SQL for connections: one device's accounting session on one router. */
import type { Db } from './connection';

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
}

const COLS = `c.id, c.session_id AS sessionId, c.router_id AS routerId, r.name AS routerName, c.acct_session_id AS acctSessionId,
  c.user_name AS userName, c.mac, c.ip, c.started_at AS startedAt, c.last_update_at AS lastUpdateAt, c.ended_at AS endedAt,
  c.end_cause AS endCause, c.in_octets AS inOctets, c.out_octets AS outOctets, c.session_time_s AS sessionTimeS,
  c.disconnect, c.disconnect_error AS disconnectError`;
const FROM = 'FROM connections c JOIN routers r ON r.id = c.router_id';

/** Prepared statements for the connections table. */
export function connectionQueries(db: Db) {
  const open = db.prepare<[], ConnectionRow>(`SELECT ${COLS} ${FROM} WHERE c.ended_at IS NULL ORDER BY c.started_at, c.id`);
  const openBySession = db.prepare<[number], ConnectionRow>(
    `SELECT ${COLS} ${FROM} WHERE c.session_id = ? AND c.ended_at IS NULL ORDER BY c.started_at, c.id`,
  );
  const openBySessions = db.prepare<[string], ConnectionRow>(
    `SELECT ${COLS} ${FROM} WHERE c.session_id IN (SELECT value FROM json_each(?)) AND c.ended_at IS NULL ORDER BY c.started_at, c.id`,
  );
  const bySession = db.prepare<[number], ConnectionRow>(`SELECT ${COLS} ${FROM} WHERE c.session_id = ? ORDER BY c.started_at, c.id`);
  return {
    /** Every open connection, oldest first. */
    allOpen: () => open.all(),
    openBySession: (sessionId: number) => openBySession.all(sessionId),
    openBySessions: (sessionIds: readonly number[]) => openBySessions.all(JSON.stringify(sessionIds)),
    bySession: (sessionId: number) => bySession.all(sessionId),
  };
}
