/**
 * The sessions a customer can log in with (cards in stock, sold vouchers still live) and
 * their open connections, held in memory so that an Access-Request or an Interim-Update
 * in the steady state runs no query to find them, and the periodic jobs never read every
 * open connection.
 *
 * The store owns it: the write functions of sessions.ts and connections.ts update it in
 * the same transaction as the rows they change (re-reading the row, or for the two hot
 * writes, accounting's counters, doing the same arithmetic as their UPDATE). A transaction
 * or savepoint that rolls back throws it away (`forget`): it is loaded again from the
 * database at the next read, which sees exactly what the database holds then.
 *
 * Reads return copies: a caller may change what it got without changing the index.
 */
import type { OpenDevice } from '../../shared/engine/authorize';
import { earliestEnding } from '../../shared/engine/expiry';
import { isLive, unusedCard, usable } from '../../shared/engine/session-state';
import type { ConnectionState } from './connections';
import type { AuthRow } from './sessions';
import type { Db } from './sqlite';

/** An open connection as the index holds it. */
interface OpenConnection {
  id: number;
  sessionId: number;
  routerId: number;
  acctSessionId: string;
  mac: string | null;
  startedAt: number;
  lastUpdateAt: number;
  inOctets: number;
  outOctets: number;
  sessionTimeS: number;
}

const CONNECTION_COLS = `id, session_id AS sessionId, router_id AS routerId, acct_session_id AS acctSessionId, mac,
  started_at AS startedAt, last_update_at AS lastUpdateAt, in_octets AS inOctets, out_octets AS outOctets, session_time_s AS sessionTimeS`;

/** On the live Sessions screen as a live session (engine: isLive and not an unused card): what the status bar counts. */
const countsAsLive = (s: AuthRow) => isLive(s.state) && !unusedCard(s);

/**
 * A copy of a session, field by field: every session the index holds or hands out has the
 * one shape this literal gives. (A spread copy of the rows as the index held them, read by
 * different statements and changed in place since, measured 4.3 µs a copy after a busy
 * minute of accounting; this one 0.2 µs. Every login and every report makes one.)
 */
const copySession = (s: AuthRow): AuthRow => ({
  id: s.id,
  login: s.login,
  voucherCode: s.voucherCode,
  password: s.password,
  mac: s.mac,
  state: s.state,
  endReason: s.endReason,
  timeLimitS: s.timeLimitS,
  validityS: s.validityS,
  dataLimitBytes: s.dataLimitBytes,
  rateDownKbps: s.rateDownKbps,
  rateUpKbps: s.rateUpKbps,
  deviceLimit: s.deviceLimit,
  idleTimeoutS: s.idleTimeoutS,
  bytesIn: s.bytesIn,
  bytesOut: s.bytesOut,
  timeUsedS: s.timeUsedS,
  createdAt: s.createdAt,
  firstLoginAt: s.firstLoginAt,
  unusedExpiresAt: s.unusedExpiresAt,
  batchId: s.batchId,
});

/** An open connection as the index holds it, field by field: one shape for all (see `copySession`). */
const openConnection = (c: OpenConnection): OpenConnection => ({
  id: c.id,
  sessionId: c.sessionId,
  routerId: c.routerId,
  acctSessionId: c.acctSessionId,
  mac: c.mac,
  startedAt: c.startedAt,
  lastUpdateAt: c.lastUpdateAt,
  inOctets: c.inOctets,
  outOctets: c.outOctets,
  sessionTimeS: c.sessionTimeS,
});

/** Orders a session's devices as the database lists them: by start, then id. */
const byStart = (a: OpenConnection, b: OpenConnection) => a.startedAt - b.startedAt || a.id - b.id;

/**
 * A min-heap of (time, id) with lazy deletion: an entry counts only while it matches what the
 * index holds for the id. Kept in typed arrays, which the garbage collector neither scans nor
 * copies (as JS arrays, the heap of every report's entry was copied by each young-generation
 * collection until promoted); it doubles as needed and `clear` keeps its room.
 */
export class MinHeap {
  private at = new Float64Array(1024);
  private ids = new Float64Array(1024);
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(at: number, id: number): void {
    if (this.n === this.at.length) {
      const at2 = new Float64Array(this.n * 2);
      const ids2 = new Float64Array(this.n * 2);
      at2.set(this.at);
      ids2.set(this.ids);
      this.at = at2;
      this.ids = ids2;
    }
    const heapAt = this.at;
    const heapIds = this.ids;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapAt[parent]! <= at) break;
      heapAt[i] = heapAt[parent]!;
      heapIds[i] = heapIds[parent]!;
      i = parent;
    }
    heapAt[i] = at;
    heapIds[i] = id;
  }

  peekAt(): number {
    return this.n ? this.at[0]! : Infinity;
  }

  /** Removes the earliest entry and returns its id. */
  pop(): number {
    const heapAt = this.at;
    const heapIds = this.ids;
    const id = heapIds[0]!;
    const n = --this.n;
    const lastAt = heapAt[n]!;
    const lastId = heapIds[n]!;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && heapAt[l + 1]! < heapAt[l]! ? l + 1 : l;
        if (heapAt[c]! >= lastAt) break;
        heapAt[i] = heapAt[c]!;
        heapIds[i] = heapIds[c]!;
        i = c;
      }
      heapAt[i] = lastAt;
      heapIds[i] = lastId;
    }
    return id;
  }

  /** Empties the heap; `release` also gives back its room (the index is dropped). */
  clear(release = false): void {
    this.n = 0;
    if (release && this.at.length > 1024) {
      this.at = new Float64Array(1024);
      this.ids = new Float64Array(1024);
    }
  }
}

export type LiveSessions = ReturnType<typeof liveSessions>;

/**
 * The index over `db`; `authCols` selects an AuthRow from `sessions s`. `written` is told of
 * every session row a transaction changes, loaded or not (the store keeps which are not on
 * disk yet: store.sessionOnDisk).
 */
export function liveSessions(db: Db, authCols: string, written: (id: number) => void = () => {}) {
  const loadSessions = db.prepare<[], AuthRow>(`SELECT ${authCols} FROM sessions s WHERE s.state IN ('STOCK', 'PENDING', 'ACTIVE')`);
  const loadConnections = db.prepare<[], OpenConnection>(`SELECT ${CONNECTION_COLS} FROM connections WHERE ended_at IS NULL`);
  const sessionById = db.prepare<[number], AuthRow>(`SELECT ${authCols} FROM sessions s WHERE s.id = ?`);
  const connectionById = db.prepare<[number], OpenConnection & { endedAt: number | null }>(
    `SELECT ${CONNECTION_COLS}, ended_at AS endedAt FROM connections WHERE id = ?`,
  );

  let loaded = false;
  const sessions = new Map<number, AuthRow>();
  const byCode = new Map<string, number>();
  const byMac = new Map<string, number>();
  const connections = new Map<number, OpenConnection>();
  const devicesOf = new Map<number, OpenConnection[]>();
  const byRouter = new Map<number, Map<string, OpenConnection>>();
  const due = new Map<number, number>();
  const heap = new MinHeap();
  /** Open connections by their last report, for the stale sweep. */
  const quiet = new MinHeap();
  let liveCount = 0;

  const openSince = (sessionId: number): number[] => (devicesOf.get(sessionId) ?? []).map((c) => c.lastUpdateAt);

  const schedule = (id: number, at: number) => {
    if (at === Infinity) {
      due.delete(id);
      return;
    }
    if (due.get(id) === at) return;
    due.set(id, at);
    heap.push(at, id);
    // Entries left behind by earlier due times are dropped when the heap outgrows the sessions twice over.
    if (heap.length > 2 * due.size + 1024) {
      heap.clear();
      for (const [sid, t] of due) heap.push(t, sid);
    }
  };

  /**
   * Sessions changed since their due times were last worked out. A change only notes the
   * session; `dueBy` works each one out once before it looks (an Interim-Update changes a
   * session twice, and a busy one is reported on many times between two expiry sweeps).
   */
  const changed = new Set<number>();
  const reschedule = (id: number) => {
    changed.add(id);
  };
  const settle = () => {
    for (const id of changed) {
      const s = sessions.get(id);
      schedule(id, s ? earliestEnding(s, openSince(id)) : Infinity);
    }
    changed.clear();
  };

  const dropSession = (id: number) => {
    const old = sessions.get(id);
    if (!old) return;
    sessions.delete(id);
    if (byCode.get(old.voucherCode) === id) byCode.delete(old.voucherCode);
    if (old.mac !== null && byMac.get(old.mac) === id) byMac.delete(old.mac);
    if (countsAsLive(old)) liveCount--;
    due.delete(id);
  };

  const putSession = (row: AuthRow) => {
    dropSession(row.id);
    if (!usable(row.state)) return;
    const s = copySession(row);
    sessions.set(s.id, s);
    byCode.set(s.voucherCode, s.id);
    if (s.mac !== null && isLive(s.state)) byMac.set(s.mac, s.id);
    if (countsAsLive(s)) liveCount++;
    reschedule(s.id);
  };

  const dropConnection = (id: number) => {
    const c = connections.get(id);
    if (!c) return;
    connections.delete(id);
    byRouter.get(c.routerId)?.delete(c.acctSessionId);
    const list = devicesOf.get(c.sessionId);
    if (list) {
      const rest = list.filter((x) => x.id !== id);
      if (rest.length) devicesOf.set(c.sessionId, rest);
      else devicesOf.delete(c.sessionId);
    }
  };

  /** Files a copy of `row` (its open-connection fields, in the one shape). */
  const putConnection = (row: OpenConnection) => fileConnection(openConnection(row));

  /** Files `c`, the index's own object in the one shape (made by openConnection or its literal twin below). */
  const fileConnection = (c: OpenConnection) => {
    dropConnection(c.id);
    connections.set(c.id, c);
    let keys = byRouter.get(c.routerId);
    if (!keys) byRouter.set(c.routerId, (keys = new Map()));
    keys.set(c.acctSessionId, c);
    devicesOf.set(c.sessionId, [...(devicesOf.get(c.sessionId) ?? []), c].sort(byStart));
    heard(c);
  };

  /** Files a connection under its last report; entries of earlier reports are dropped when the heap outgrows the connections twice over. */
  const heard = (c: OpenConnection) => {
    quiet.push(c.lastUpdateAt, c.id);
    if (quiet.length > 2 * connections.size + 1024) {
      quiet.clear();
      for (const x of connections.values()) quiet.push(x.lastUpdateAt, x.id);
    }
  };

  const load = () => {
    if (loaded) return;
    for (const c of loadConnections.all()) putConnection(c);
    for (const s of loadSessions.all()) putSession(s);
    loaded = true;
  };

  return {
    // ---- reads (copies)

    /** A usable session by its voucher code (a card in stock, or live). */
    byCode(code: string): AuthRow | undefined {
      load();
      const id = byCode.get(code);
      return id === undefined ? undefined : copySession(sessions.get(id)!);
    },
    /** A live MAC-login session by its MAC. */
    byMac(mac: string): AuthRow | undefined {
      load();
      const id = byMac.get(mac);
      return id === undefined ? undefined : copySession(sessions.get(id)!);
    },
    /** A usable session by id; undefined for one that has ended (the caller asks the database). */
    byId(id: number): AuthRow | undefined {
      load();
      const s = sessions.get(id);
      return s ? copySession(s) : undefined;
    },
    /** A session's open devices, oldest first. */
    openDevices(sessionId: number): OpenDevice[] {
      load();
      return (devicesOf.get(sessionId) ?? []).map((c) => ({ connectionId: c.id, mac: c.mac, startedAt: c.startedAt, lastUpdateAt: c.lastUpdateAt }));
    },
    /** An open connection by router and Acct-Session-Id; undefined when none is open (the caller asks the database). */
    openByKey(routerId: number, acctSessionId: string): ConnectionState | undefined {
      load();
      const c = byRouter.get(routerId)?.get(acctSessionId);
      return c && { id: c.id, sessionId: c.sessionId, inOctets: c.inOctets, outOctets: c.outOctets, sessionTimeS: c.sessionTimeS, mac: c.mac, endedAt: null, endCause: null };
    },
    /** Live sessions on the Sessions screen (unused cards aside). */
    liveCount(): number {
      load();
      return liveCount;
    },
    /** Open connections per router. */
    openPerRouter(): Map<number, number> {
      load();
      const counts = new Map<number, number>();
      for (const [routerId, keys] of byRouter) if (keys.size) counts.set(routerId, keys.size);
      return counts;
    },
    /**
     * The sessions that may have ended by themselves at `now` (engine: earliestEnding), each
     * with its open devices' last reports; each is taken off the due list until it changes
     * or `recheckAt` puts it back.
     */
    dueBy(now: number): { session: AuthRow; openSince: number[] }[] {
      load();
      settle();
      const out: { session: AuthRow; openSince: number[] }[] = [];
      while (heap.peekAt() <= now) {
        const at = heap.peekAt();
        const id = heap.pop();
        if (due.get(id) !== at) continue;
        due.delete(id);
        out.push({ session: copySession(sessions.get(id)!), openSince: openSince(id) });
      }
      return out;
    },
    /**
     * Open connections whose last report is older than `before` (the stale sweep closes them),
     * found by their last report: only those are read.
     */
    quietSince(before: number): { id: number; sessionId: number; lastUpdateAt: number }[] {
      load();
      const out: { id: number; sessionId: number; lastUpdateAt: number }[] = [];
      const seen = new Set<number>();
      const keep: OpenConnection[] = [];
      while (quiet.peekAt() < before) {
        const at = quiet.peekAt();
        const c = connections.get(quiet.pop());
        // Closed since, or reported since (a later entry files it), or already taken: not this entry's to give.
        if (!c || c.lastUpdateAt !== at || seen.has(c.id)) continue;
        seen.add(c.id);
        keep.push(c);
        out.push({ id: c.id, sessionId: c.sessionId, lastUpdateAt: c.lastUpdateAt });
      }
      // Filed again: the caller closes them (and the index drops them); if it does not, they stay findable.
      for (const c of keep) quiet.push(c.lastUpdateAt, c.id);
      return out;
    },
    /** Puts a session the sweep found not yet ended back on the due list, at `at`. */
    recheckAt(id: number, at: number): void {
      if (loaded && sessions.has(id)) schedule(id, at);
    },

    // ---- writes (inside the transaction that changes the rows)

    /** A session row changed (inserted, moved, limits, deadline): read it again. */
    sessionChanged(id: number): void {
      written(id);
      if (!loaded) return;
      const s = sessionById.get(id);
      if (s) putSession(s);
      else dropSession(id);
    },
    /** Usage added to a session: the same arithmetic as the UPDATE. */
    usageAdded(id: number, bytesIn: number, bytesOut: number, timeS: number): void {
      const s = loaded ? sessions.get(id) : undefined;
      if (!s) return;
      s.bytesIn += bytesIn;
      s.bytesOut += bytesOut;
      s.timeUsedS += timeS;
      reschedule(id);
    },
    /** A connection row was inserted as `id`, open, with these values (its counters start at 0; no spread: see services/accounting.ts). */
    connectionOpened(id: number, c: Omit<OpenConnection, 'id' | 'inOctets' | 'outOctets' | 'sessionTimeS'>): void {
      if (!loaded) return;
      // openConnection's fields in its order (one hidden class for every entry), made once rather than copied again.
      fileConnection({ id, sessionId: c.sessionId, routerId: c.routerId, acctSessionId: c.acctSessionId, mac: c.mac, startedAt: c.startedAt, lastUpdateAt: c.lastUpdateAt, inOctets: 0, outOctets: 0, sessionTimeS: 0 });
      reschedule(c.sessionId);
    },
    /** A connection row was reopened (or changed otherwise): read it again. */
    connectionChanged(id: number): void {
      if (!loaded) return;
      const c = connectionById.get(id);
      dropConnection(id);
      if (c && c.endedAt === null) putConnection(c);
      if (c) reschedule(c.sessionId);
    },
    /** New cumulative counters of a connection: the same arithmetic as the UPDATE. */
    connectionReported(id: number, r: { inOctets: number; outOctets: number; sessionTimeS: number; lastUpdateAt: number; mac: string | null }): void {
      const c = loaded ? connections.get(id) : undefined;
      if (!c) return;
      c.inOctets = r.inOctets;
      c.outOctets = r.outOctets;
      c.sessionTimeS = r.sessionTimeS;
      if (r.lastUpdateAt > c.lastUpdateAt) {
        c.lastUpdateAt = r.lastUpdateAt;
        heard(c);
      }
      c.mac ??= r.mac;
      reschedule(c.sessionId);
    },
    /** A connection closed. */
    connectionClosed(id: number): void {
      const c = connections.get(id);
      if (!c) return;
      dropConnection(id);
      reschedule(c.sessionId);
    },
    /** A transaction or savepoint rolled back: forget everything; the next read loads it again. */
    forget(): void {
      loaded = false;
      sessions.clear();
      byCode.clear();
      byMac.clear();
      connections.clear();
      devicesOf.clear();
      byRouter.clear();
      due.clear();
      changed.clear();
      heap.clear(true);
      quiet.clear(true);
      liveCount = 0;
    },
  };
}
