/**
 * The database side of accounting: Start, Interim-Update and Stop fold the router's
 * cumulative counters into the connection and the session (positive deltas only, see
 * engine/usage.ts); a session found over its limit expires and its devices are queued
 * for disconnect; Accounting-On/Off closes everything the router had open. The reports
 * that arrived together are applied in one transaction (one fsync for the batch); if one
 * of them throws, the batch is applied again with each report in its own savepoint, so
 * the one that fails is dropped without losing the others; the RADIUS layer answers only
 * what committed.
 */
import { normalizeMac } from '../../shared/net';
import { CUT_OFF_CAUSES, STALE_CAUSE, type ConnectionState } from '../db/connections';
import type { RouterRow } from '../db/routers';
import type { AuthRow } from '../db/sessions';
import type { Store } from '../db/store';
import { inStock, isFinal } from '../../shared/engine/session-state';
import { applyReport, type Counters } from '../../shared/engine/usage';
import { normalizeCode } from '../../shared/engine/vouchers';
import { findByUserName, routerActor } from './login';
import type { Task } from '../scheduler';
import type { Lifecycle } from './lifecycle';
import type { SettingsService } from './settings';
import type { Changes, UnitOfWork } from './unit-of-work';

export interface AcctReport {
  /** Acct-Status-Type by name: Start, Interim-Update, Stop, Accounting-On, Accounting-Off (others are ignored). */
  status: string;
  acctSessionId: string | null;
  userName: string | null;
  callingMac: string | null;
  framedIp: string | null;
  /** From a Class we issued at login, if the router echoed it. */
  classSessionId: number | null;
  /** Cumulative counters (octets with gigawords); null when the packet has none (a Start). */
  counters: Counters | null;
  terminateCause: string | null;
  /** When the router generated the report (receipt time minus Acct-Delay-Time). */
  eventTime: number;
}

export interface AcctOutcome {
  /** Sessions whose usage or state changed. */
  sessions: number[];
  /** True when Disconnect requests were queued. */
  queued: boolean;
  /** The report names no session we know: answered, nothing stored. */
  unknownSession: boolean;
}

/** One report of a batch, from the router that sent it. */
export interface AcctEntry {
  router: RouterRow;
  report: AcctReport;
}

/** Per report of a batch, in order: applied (committed with the batch), or failed alone and rolled back. */
export type AcctResult = { ok: true; unknownSession: boolean } | { ok: false; error: unknown };

/**
 * A batch committed (its changes announced), or its transaction could not commit (disk
 * full, read-only, locked): then nothing of it is stored, and `results` still tells the
 * reports that had failed on their own from those lost with the batch.
 */
export type AcctBatchResult =
  | { committed: true; results: AcctResult[] }
  | { committed: false; error: unknown; results: AcctResult[] };

/**
 * A report made this soon after the app closed its connection as cut off may have been made
 * before (Acct-Delay-Time counts whole seconds): it does not show the device still online.
 */
const CUT_OFF_GRACE_MS = 1000;

/** How far a login's start worked out from a report may be off: Acct-Session-Time and Acct-Delay-Time count whole seconds. */
const LOGIN_START_SLACK_MS = 2000;

/**
 * Whether a report under a closed connection's id is of a login that began after that connection
 * ended: the same customer back under a reused id, its Start lost (merged, its counters, from zero,
 * would be under the old ones and add nothing). Both must show it: the login's start (the report's
 * time minus its Acct-Session-Time, which it must carry) is after the end, and a counter went back
 * (a login's counters never do). The start alone would take a connection closed as stale by a
 * forward jump of this PC's clock for a new login, the counters alone a late report of the old one.
 */
function restarted(closed: ConnectionState, c: Counters, eventTime: number): boolean {
  if (c.sessionTimeS === 0) return false;
  const wentBack = c.sessionTimeS < closed.sessionTimeS || c.inOctets < closed.inOctets || c.outOctets < closed.outOctets;
  return wentBack && eventTime - c.sessionTimeS * 1000 > closed.endedAt! + LOGIN_START_SLACK_MS;
}

const none = (unknownSession = false): AcctOutcome => ({ sessions: [], queued: false, unknownSession });

export type AccountingService = ReturnType<typeof createAccountingService>;

export function createAccountingService(d: { store: Store; uow: UnitOfWork; settings: SettingsService; lifecycle: Lifecycle; now: () => number }) {
  const { store, lifecycle, uow } = d;

  const namesSession = (s: AuthRow, userName: string | null) =>
    userName !== null && (s.voucherCode === normalizeCode(userName) || (s.mac !== null && s.mac === normalizeMac(userName)));

  /** The session a new connection belongs to (a live one from memory, as for a login). */
  const resolveSession = (r: AcctReport): AuthRow | undefined => {
    if (r.classSessionId !== null) {
      const s = store.sessions.forAuth.byId(r.classSessionId);
      if (s && namesSession(s, r.userName)) return s;
    }
    return r.userName === null ? undefined : (findByUserName(store.sessions.forAuth, r.userName).session ?? undefined);
  };

  const openConnection = (router: RouterRow, r: AcctReport, acctSessionId: string): ConnectionState | undefined => {
    const s = resolveSession(r);
    if (!s) return undefined;
    const elapsedMs = (r.counters?.sessionTimeS ?? 0) * 1000;
    store.connections.insert({
      sessionId: s.id,
      routerId: router.id,
      acctSessionId,
      userName: r.userName ?? '',
      mac: r.callingMac,
      ip: r.framedIp,
      startedAt: r.eventTime - elapsedMs,
      lastUpdateAt: r.eventTime,
    });
    // A card in stock is sold only by an accepted login: a router reporting one online it was never
    // accepted for gets it disconnected (enforce), not sold.
    if (!inStock(s.state)) lifecycle.activate(s, routerActor(router), r.eventTime, { router: router.name, mac: r.callingMac, ip: r.framedIp, via: 'accounting' });
    return store.connections.byKey(router.id, acctSessionId);
  };

  /**
   * Whether a report for a closed connection is that connection's (a late report after its Stop, or
   * a quiet one the stale sweep closed) rather than a new login the router gave the same
   * Acct-Session-Id (MikroTik restarts its ids at boot): a report naming another session (by Class,
   * else by User-Name) is a new login, and so is a Start made after the connection ended (one made
   * before is its own Start, retransmitted late), and a report of a login that began after it ended.
   */
  const continues = (closed: ConnectionState, r: AcctReport): boolean => {
    if (r.status === 'Start' && r.eventTime > closed.endedAt!) return false;
    if (r.counters && restarted(closed, r.counters, r.eventTime)) return false;
    if (r.classSessionId !== null) return r.classSessionId === closed.sessionId;
    const s = store.sessions.forAuth.byId(closed.sessionId);
    return r.userName === null || (s !== undefined && namesSession(s, r.userName));
  };

  /** Ends or disconnects as the session's state demands after new usage; returns whether requests were queued. */
  const enforce = (sessionId: number, connection: ConnectionState, router: RouterRow, stillOpen: boolean, now: number): boolean => {
    const s = store.sessions.forAuth.byId(sessionId)!;
    if (isFinal(s.state) || inStock(s.state)) {
      // A final session (or an unsold card) must not be online: every report from one gets another Disconnect.
      if (!stillOpen) return false;
      const reason = inStock(s.state) ? 'A card in stock must log in to be sold' : (s.endReason ?? 'Session ended');
      store.outbox.enqueue({ kind: 'disconnect', connectionId: connection.id, sessionId, routerId: router.id, reason }, now);
      return true;
    }
    const open = store.connections.openDevices(sessionId);
    const ended = lifecycle.expireIfDue(s, open.map((c) => c.lastUpdateAt), routerActor(router), now);
    return ended !== null && open.length > 0;
  };

  /**
   * A connection the app had closed at `closedAt` (the stale sweep, at its last report; or cut
   * off) reports again: what the live session became meanwhile is applied to it. Another device
   * may have logged in in its place: over the device limit, this one is disconnected (the
   * customer's latest login is the device they chose; the others were accepted within the
   * limit). A top-up or a voided one reached no CoA while it was closed: it gets one with the
   * limits now. Returns whether a request was queued.
   */
  const rejoin = (conn: ConnectionState, closedAt: number, router: RouterRow, now: number): boolean => {
    const s = store.sessions.forAuth.byId(conn.sessionId)!;
    if (isFinal(s.state) || inStock(s.state)) return false;
    const others = store.connections.openDevices(conn.sessionId).filter((o) => o.connectionId !== conn.id && (o.mac === null || o.mac !== conn.mac));
    if (others.length >= s.deviceLimit) {
      const reason = 'Device limit: another device logged in while this one seemed gone';
      store.audit.record(routerActor(router), { action: 'session.device-switch', entity: 'session', entityId: s.id, reason, details: { disconnect: [{ connectionId: conn.id, mac: conn.mac }] } }, now);
      store.outbox.enqueue({ kind: 'disconnect', connectionId: conn.id, sessionId: s.id, routerId: router.id, reason }, now);
      return true;
    }
    if (!store.sales.limitsChangedSince(s.id, closedAt)) return false;
    store.outbox.enqueue({ kind: 'coa', connectionId: conn.id, sessionId: s.id, routerId: router.id, reason: 'Top-up while the device seemed gone' }, now);
    return true;
  };

  /** Closes, at its last report, an open connection whose id the router gave to another login (it rebooted); returns its session. */
  const retire = (c: ConnectionState, now: number): number => {
    const row = store.connections.get(c.id)!;
    store.connections.close(c.id, row.lastUpdateAt, 'NAS-Reboot');
    store.outbox.settleForConnection(c.id, 'the router gave its Acct-Session-Id to another login', now);
    return c.sessionId;
  };

  /** Accounting-On/Off: the router lost (or is about to lose) every session it had. */
  const closeAllOf = (router: RouterRow, cause: string, now: number): AcctOutcome => {
    const sessions = new Set<number>();
    for (const c of store.connections.openOfRouter(router.id)) {
      store.connections.close(c.id, c.lastUpdateAt, cause);
      store.outbox.settleForConnection(c.id, `the router sent ${cause}`, now);
      sessions.add(c.sessionId);
    }
    return { sessions: [...sessions], queued: false, unknownSession: false };
  };

  /** Applies one accounting report from `router`; runs inside the batch's unit of work. */
  const apply = (router: RouterRow, r: AcctReport): AcctOutcome => {
    const now = d.now();
    if (r.status === 'Accounting-On' || r.status === 'Accounting-Off') return closeAllOf(router, r.status === 'Accounting-On' ? 'NAS-Reboot' : 'NAS-Off', now);
    if (r.status !== 'Start' && r.status !== 'Interim-Update' && r.status !== 'Stop') return none();
    if (r.acctSessionId === null) return none();

    let known = store.connections.byKey(router.id, r.acctSessionId);
    let retired: number | null = null;
    // An open connection whose id a report of another session (by its Class) carries: the router
    // rebooted and reused the id, and its Accounting-On never reached us.
    if (known && known.endedAt === null && r.classSessionId !== null && r.classSessionId !== known.sessionId && (resolveSession(r)?.id ?? known.sessionId) !== known.sessionId) {
      retired = retire(known, now);
      known = undefined;
    }
    const conn = known && (known.endedAt === null || continues(known, r)) ? known : openConnection(router, r, r.acctSessionId);
    if (!conn) return none(true);

    const { next, delta } = applyReport(conn, r.counters ?? conn);
    // Field by field, not `{ ...next, … }`: that spread made V8 build a new hidden class for
    // each report (garbage in the old generation: more than half of what accounting promoted; BENCHMARKS.md).
    store.connections.report(conn.id, { inOctets: next.inOctets, outOctets: next.outOctets, sessionTimeS: next.sessionTimeS, lastUpdateAt: r.eventTime, mac: conn.mac === null ? r.callingMac : null, ip: r.framedIp });
    store.sessions.addUsage(conn.sessionId, { bytesIn: delta.inOctets, bytesOut: delta.outOctets, timeS: delta.sessionTimeS }, r.eventTime);

    let stillOpen = conn.endedAt === null;
    let reopened = false;
    if (r.status === 'Stop') {
      store.connections.close(conn.id, r.eventTime, r.terminateCause ?? 'Stop');
      store.outbox.settleForConnection(conn.id, 'the router reported Stop', now);
      stillOpen = false;
    } else if (conn.endedAt !== null && (conn.endCause === STALE_CAUSE || (CUT_OFF_CAUSES.has(conn.endCause) && r.eventTime > conn.endedAt + CUT_OFF_GRACE_MS))) {
      // Closed by the stale sweep, but the router still reports it: it was only quiet. Or cut off,
      // but the router reports it online since (it confirmed a Disconnect it did not carry out; it
      // is counted, and its next confirmation is not taken as proof: coa/worker.ts): it is open
      // again, and gets what the session demands now (another Disconnect if it ended).
      store.connections.reopen(conn.id, conn.endCause !== STALE_CAUSE);
      stillOpen = reopened = true;
    }
    const queued = enforce(conn.sessionId, conn, router, stillOpen, now) || (reopened && rejoin(conn, conn.endedAt!, router, now));
    return { sessions: retired === null ? [conn.sessionId] : [conn.sessionId, retired], queued, unknownSession: false };
  };

  /** Applies one report and notes in the unit of work what it changed. */
  const applyNoting = (changes: Changes, router: RouterRow, report: AcctReport): AcctOutcome => {
    const o = apply(router, report);
    changes.sessions(o.sessions);
    if (o.queued) changes.queued();
    return o;
  };

  /**
   * Closes connections silent for more than `staleAfterIntervals` interim intervals,
   * at their last report (the time after it was never reported, so it is not
   * charged), in one transaction. Returns the sessions touched.
   */
  const sweepStale = (now: number): number[] => {
    const { interimIntervalS, staleAfterIntervals } = d.settings.get().radius;
    const stale = store.connections.staleBefore(now - staleAfterIntervals * interimIntervalS * 1000);
    // None (most sweeps): no transaction. Else committed without waiting for the disk (nothing answers a sweep).
    if (!stale.length) return [];
    return uow.run(
      (changes) => {
        const sessions = new Set<number>();
        for (const c of stale) {
          store.connections.close(c.id, c.lastUpdateAt, STALE_CAUSE);
          sessions.add(c.sessionId);
        }
        changes.sessions(sessions);
        return [...sessions];
      },
      { announceOnDisk: true },
    );
  };

  return {
    /**
     * Applies reports that arrived together in one transaction; when a report throws, again
     * with each in a savepoint: that report is rolled back alone (its result says so) and the
     * others commit. When the
     * transaction itself cannot commit, nothing of the batch is stored and nothing may be
     * answered (`committed: false`).
     */
    applyBatch(batch: readonly AcctEntry[]): AcctBatchResult {
      // The common case: every report applies; one transaction, no savepoint per report.
      // Committed without waiting for the disk: the RADIUS layer answers after store.durable().
      let failedReport = false;
      try {
        const results = uow.run(
          (changes) =>
            batch.map(({ router, report }): AcctResult => {
              try {
                return { ok: true, unknownSession: applyNoting(changes, router, report).unknownSession };
              } catch (error) {
                failedReport = true;
                throw error;
              }
            }),
          { announceOnDisk: true },
        );
        return { committed: true, results };
      } catch (error) {
        // Nothing of it is stored. The commit itself failed (disk full, read-only): so would a retry.
        if (!failedReport) return { committed: false, error, results: [] };
      }
      // A report threw: everything was rolled back; again, each report in its own savepoint, so the bad one is dropped alone.
      const results: AcctResult[] = [];
      try {
        uow.run(() => {
          for (const { router, report } of batch) {
            try {
              const outcome = uow.run((changes) => applyNoting(changes, router, report));
              results.push({ ok: true, unknownSession: outcome.unknownSession });
            } catch (error) {
              // The database rolled the whole batch back (disk full, I/O error): it is lost, not this report alone.
              if (!store.db.inTransaction) throw error;
              results.push({ ok: false, error });
            }
          }
        }, { announceOnDisk: true });
      } catch (error) {
        return { committed: false, error, results };
      }
      return { committed: true, results };
    },

    sweepStale,

    /** Resolves once every batch applied so far is on disk (its reports may then be answered). */
    durable: () => store.durable(),

    /** Every 30 s: close the connections the routers stopped reporting. */
    tasks: [{ name: 'stale-sweep', everyMs: 30_000, run: () => void sweepStale(d.now()) }] satisfies Task[],
  };
}
