/** SQL for sessions (a customer's entitlement) and their connections (devices on routers). */
import { allottedLimitNames, allottedLimits, type AllottedLimits, type LimitName, type Limits, type SessionState } from '../../shared/domain';
import { insertLimits, selectLimits, setLimits as setLimitColumns } from './limits';
import type { LiveSessions } from './live-sessions';
import type { Db } from './sqlite';
import { normalizeCode } from '../../shared/engine/vouchers';
import { likePattern, Where } from './where';

export interface SessionRow extends Limits {
  id: number;
  login: 'voucher' | 'mac';
  voucherCode: string;
  password: string;
  mac: string | null;
  state: SessionState;
  packageId: number;
  packageName: string;
  pcUser: string | null;
  pcStation: string | null;
  bytesIn: number;
  bytesOut: number;
  timeUsedS: number;
  createdAt: number;
  firstLoginAt: number | null;
  lastUpdateAt: number | null;
  endedAt: number | null;
  endReason: string | null;
  unusedExpiresAt: number | null;
  /** The card batch it was printed in; null for a voucher sold at the counter. */
  batchId: number | null;
  /** The name of the payment source whose event sold it; null when sold at the counter or as a card. */
  sourceName: string | null;
}

/** The columns an Access-Request decision reads (the per-packet path: fewer columns, less to build). */
export type AuthRow = Pick<
  SessionRow,
  | 'id'
  | 'login'
  | 'voucherCode'
  | 'password'
  | 'mac'
  | 'state'
  | 'endReason'
  | LimitName
  | 'bytesIn'
  | 'bytesOut'
  | 'timeUsedS'
  | 'createdAt'
  | 'firstLoginAt'
  | 'unusedExpiresAt'
  | 'batchId'
>;

/** Finding a session by what a customer typed, in the full or the per-packet shape. */
export interface SessionFinder<T> {
  liveByMac(mac: string): T | undefined;
  liveByCode(code: string): T | undefined;
  latestByCode(code: string): T | undefined;
}

export type NewSession = Pick<
  SessionRow,
  | 'login'
  | 'voucherCode'
  | 'password'
  | 'mac'
  | 'packageId'
  | 'packageName'
  | LimitName
  | 'pcUser'
  | 'pcStation'
  | 'createdAt'
  | 'unusedExpiresAt'
> & { sourceId?: number | null };

/** A card of a batch: in stock (first-use batches) or sold at generation (PENDING), with its batch. */
export type NewCard = NewSession & { state: 'STOCK' | 'PENDING'; batchId: number };

export interface SessionListQuery {
  /** live: PENDING/ACTIVE plus ended sessions whose devices are not yet confirmed disconnected; a search also finds cards in stock. */
  scope: 'live' | 'ended' | 'all';
  search?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
  before?: number | undefined;
}

const COLS = `s.id, s.login, s.voucher_code AS voucherCode, s.password, s.mac, s.state, s.package_id AS packageId,
  s.package_name AS packageName, ${selectLimits('s')}, s.pc_user AS pcUser, s.pc_station AS pcStation,
  s.bytes_in AS bytesIn, s.bytes_out AS bytesOut, s.time_used_s AS timeUsedS, s.created_at AS createdAt,
  s.first_login_at AS firstLoginAt, s.last_update_at AS lastUpdateAt, s.ended_at AS endedAt, s.end_reason AS endReason,
  s.unused_expires_at AS unusedExpiresAt, s.batch_id AS batchId,
  (SELECT ps.name FROM payment_sources ps WHERE ps.id = s.source_id) AS sourceName`;

/** The AuthRow columns of `sessions s` (the live-session index loads the same shape). */
export const AUTH_COLS = `s.id, s.login, s.voucher_code AS voucherCode, s.password, s.mac, s.state, s.end_reason AS endReason,
  ${selectLimits('s')}, s.bytes_in AS bytesIn,
  s.bytes_out AS bytesOut, s.time_used_s AS timeUsedS, s.created_at AS createdAt, s.first_login_at AS firstLoginAt,
  s.unused_expires_at AS unusedExpiresAt, s.batch_id AS batchId`;

const LIVE = "s.state IN ('PENDING', 'ACTIVE')";
/** A customer may log in with it: live, or a card in stock (engine: `usable`). Codes are unique among these. */
const USABLE = "s.state IN ('STOCK', 'PENDING', 'ACTIVE')";
/** A batch's card nobody has logged in with (engine: `unusedCard`): on the Batches screen, not the Sessions lists. */
const UNUSED_CARD = '(s.batch_id IS NOT NULL AND s.first_login_at IS NULL)';
/** Live (not an unused card), or ended but with a device the router has not confirmed gone: the counter must still see it. */
const ON_SCREEN = `((${LIVE} AND NOT ${UNUSED_CARD}) OR EXISTS (SELECT 1 FROM connections oc WHERE oc.session_id = s.id AND oc.ended_at IS NULL))`;

/**
 * Prepared statements for the sessions table. Every write keeps `live` (the store's
 * in-memory index of usable sessions) in step, in the same transaction.
 */
export function sessionQueries(db: Db, live: LiveSessions) {
  const byId = db.prepare<[number], SessionRow>(`SELECT ${COLS} FROM sessions s WHERE s.id = ?`);
  const many = db.prepare<[string], SessionRow>(`SELECT ${COLS} FROM sessions s WHERE s.id IN (SELECT value FROM json_each(?))`);
  const liveByCode = db.prepare<[string], SessionRow>(`SELECT ${COLS} FROM sessions s WHERE s.voucher_code = ? AND ${USABLE}`);
  const latestByCode = db.prepare<[string], SessionRow>(
    `SELECT ${COLS} FROM sessions s WHERE s.voucher_code = ? ORDER BY s.id DESC LIMIT 1`,
  );
  const liveByMac = db.prepare<[string], SessionRow>(`SELECT ${COLS} FROM sessions s WHERE s.mac = ? AND ${LIVE}`);
  const liveByPcUser = db.prepare<[string], SessionRow>(`SELECT ${COLS} FROM sessions s WHERE s.pc_user = ? AND ${LIVE}`);
  const authLatestByCode = db.prepare<[string], AuthRow>(`SELECT ${AUTH_COLS} FROM sessions s WHERE s.voucher_code = ? ORDER BY s.id DESC LIMIT 1`);
  const authById = db.prepare<[number], AuthRow>(`SELECT ${AUTH_COLS} FROM sessions s WHERE s.id = ?`);
  const codeTaken = db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM sessions s WHERE s.voucher_code = ? AND ${USABLE}`);
  const insert = db.prepare<NewSession>(
    `INSERT INTO sessions (login, voucher_code, password, mac, state, package_id, package_name, ${insertLimits.columns},
       pc_user, pc_station, created_at, unused_expires_at, source_id)
     VALUES (@login, @voucherCode, @password, @mac, 'PENDING', @packageId, @packageName, ${insertLimits.values},
       @pcUser, @pcStation, @createdAt, @unusedExpiresAt, @sourceId)`,
  );
  const insertCard = db.prepare<NewCard>(
    `INSERT INTO sessions (login, voucher_code, password, mac, state, package_id, package_name, ${insertLimits.columns},
       pc_user, pc_station, created_at, unused_expires_at, batch_id)
     VALUES (@login, @voucherCode, @password, @mac, @state, @packageId, @packageName, ${insertLimits.values},
       @pcUser, @pcStation, @createdAt, @unusedExpiresAt, @batchId)`,
  );
  const activate = db.prepare<{ id: number; at: number }>(
    "UPDATE sessions SET state = 'ACTIVE', first_login_at = coalesce(first_login_at, @at) WHERE id = @id AND state IN ('STOCK', 'PENDING')",
  );
  const end = db.prepare<{ id: number; state: SessionState; at: number; reason: string }>(
    `UPDATE sessions SET state = @state, ended_at = @at, end_reason = @reason WHERE id = @id AND state IN ('STOCK', 'PENDING', 'ACTIVE')`,
  );
  const unusedOfBatch = db.prepare<[number], { id: number; state: SessionState }>(
    "SELECT id, state FROM sessions WHERE batch_id = ? AND state IN ('STOCK', 'PENDING') AND first_login_at IS NULL ORDER BY id",
  );
  const endUnusedOfBatch = db.prepare<{ batchId: number; at: number; reason: string }>(
    `UPDATE sessions SET state = 'TERMINATED', ended_at = @at, end_reason = @reason
     WHERE batch_id = @batchId AND state IN ('STOCK', 'PENDING') AND first_login_at IS NULL`,
  );
  const setLimits = db.prepare<AllottedLimits & { id: number }>(
    `UPDATE sessions SET ${setLimitColumns(allottedLimitNames)} WHERE id = @id`,
  );
  // Positional parameters: the per-report statement binds faster without names.
  const addUsage = db.prepare<[bytesIn: number, bytesOut: number, timeS: number, at: number, id: number]>(
    `UPDATE sessions SET bytes_in = bytes_in + ?, bytes_out = bytes_out + ?,
       time_used_s = time_used_s + ?, last_update_at = max(coalesce(last_update_at, 0), ?) WHERE id = ?`,
  );
  const setPc = db.prepare<[string | null, string | null, number]>('UPDATE sessions SET pc_user = ?, pc_station = ? WHERE id = ?');
  const setUnusedExpiry = db.prepare<[number | null, number]>("UPDATE sessions SET unused_expires_at = ? WHERE id = ? AND state = 'PENDING'");

  /** The row was written: the index reads it again; returns `result`. */
  const changes = (id: number, result: number) => {
    if (result) live.sessionChanged(id);
    return result;
  };
  const changed = (id: number) => changes(id, id);

  return {
    get: (id: number) => byId.get(id),
    getMany: (ids: readonly number[]) => many.all(JSON.stringify(ids)),
    liveByCode: (code: string) => liveByCode.get(code),
    latestByCode: (code: string) => latestByCode.get(code),
    liveByMac: (mac: string) => liveByMac.get(mac),
    liveByPcUser: (pcUser: string) => liveByPcUser.all(pcUser),
    /**
     * The same lookups, with only what an Access-Request decision reads: a usable session
     * from memory (no query in the steady state); an ended one from the database.
     */
    forAuth: {
      liveByCode: (code: string) => live.byCode(code),
      latestByCode: (code: string) => live.byCode(code) ?? authLatestByCode.get(code),
      liveByMac: (mac: string) => live.byMac(mac),
      byId: (id: number) => live.byId(id) ?? authById.get(id),
    } satisfies SessionFinder<AuthRow> & { byId(id: number): AuthRow | undefined },
    /** Live sessions on the Sessions screen (unused cards aside), from memory. */
    countLive: () => live.liveCount(),
    /**
     * Live sessions that may have ended by themselves at `now` (from memory, by their earliest
     * ending: the engine's dueEnding decides), with their open devices' last reports.
     */
    dueBy: (now: number) => live.dueBy(now),
    /** Puts a session the sweep found not yet ended back on the due list, at `at`. */
    recheckAt: (id: number, at: number) => live.recheckAt(id, at),
    isCodeLive: (code: string) => codeTaken.get(code) !== undefined,
    insert: (s: NewSession) => changed(Number(insert.run({ ...s, sourceId: s.sourceId ?? null }).lastInsertRowid)),
    insertCard: (c: NewCard) => changed(Number(insertCard.run(c).lastInsertRowid)),
    /** A batch's cards nobody has used that can still be used (in stock, or sold at generation and waiting). */
    unusedOfBatch: (batchId: number) => unusedOfBatch.all(batchId),
    /** Ends a batch's cards nobody has used (in stock, or sold at generation and still unused); returns how many. */
    endUnusedOfBatch: (batchId: number, at: number, reason: string) => {
      const ids = unusedOfBatch.all(batchId).map((r) => r.id);
      const n = endUnusedOfBatch.run({ batchId, at, reason }).changes;
      for (const id of ids) live.sessionChanged(id);
      return n;
    },
    /** The first login: a sold voucher or a card in stock becomes ACTIVE; 0 when it is not one of those (any more). */
    activate: (id: number, at: number) => changes(id, activate.run({ id, at }).changes),
    end: (id: number, state: 'EXPIRED' | 'TERMINATED', at: number, reason: string) => changes(id, end.run({ id, state, at, reason }).changes),
    setLimits: (id: number, l: AllottedLimits) => changes(id, setLimits.run({ id, ...allottedLimits(l) }).changes),
    addUsage: (id: number, u: { bytesIn: number; bytesOut: number; timeS: number }, at: number) => {
      addUsage.run(u.bytesIn, u.bytesOut, u.timeS, at, id);
      live.usageAdded(id, u.bytesIn, u.bytesOut, u.timeS);
    },
    setPc: (id: number, pcUser: string | null, pcStation: string | null) => setPc.run(pcUser, pcStation, id).changes,
    /** Moves (or removes, with null) an unused voucher's deadline; only while it is PENDING. */
    setUnusedExpiry: (id: number, at: number | null) => changes(id, setUnusedExpiry.run(at, id).changes),
    list: (q: SessionListQuery) => listSessions(db, q),
  };
}

function listSessions(db: Db, q: SessionListQuery): SessionRow[] {
  const where = new Where();
  // An unused card is on no list, but a search by its exact code finds it (the cashier holds the card).
  const code = q.search ? normalizeCode(q.search) : undefined;
  const orCard = (sql: string) => (code ? `(${sql} OR (${UNUSED_CARD} AND s.voucher_code = @code))` : sql);
  if (code) where.params.code = code;
  if (q.scope === 'live') where.always(orCard(ON_SCREEN));
  if (q.scope === 'ended') where.always(orCard(`(s.state IN ('EXPIRED', 'TERMINATED') AND NOT ${UNUSED_CARD})`));
  if (q.scope === 'all') where.always(orCard(`NOT ${UNUSED_CARD}`));
  const timeCol = q.scope === 'ended' ? 's.ended_at' : 's.created_at';
  where
    .when(q.before, 's.id < @before', 'before')
    .when(q.from, `${timeCol} >= @from`, 'from')
    .when(q.to, `${timeCol} < @to`, 'to')
    .when(
      q.search ? likePattern(q.search) : undefined,
      `(s.voucher_code LIKE @search ESCAPE '\\' OR s.mac LIKE @search ESCAPE '\\' OR s.pc_user LIKE @search ESCAPE '\\'
        OR s.pc_station LIKE @search ESCAPE '\\' OR s.package_name LIKE @search ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM payment_sources ps WHERE ps.id = s.source_id AND ps.name LIKE @search ESCAPE '\\')
        OR EXISTS (SELECT 1 FROM connections c WHERE c.session_id = s.id
          AND (c.mac LIKE @search ESCAPE '\\' OR c.ip LIKE @search ESCAPE '\\')))`,
      'search',
    );
  const sql = `SELECT ${COLS} FROM sessions s ${where} ORDER BY s.id DESC LIMIT @limit`;
  return db.prepare<Record<string, string | number>, SessionRow>(sql).all({ ...where.params, limit: q.limit });
}
