/**
 * Accounting-Request handling with group commit. Each datagram is checked (known
 * router, structure, Request Authenticator, Message-Authenticator when present) and
 * decoded at once; the reports that arrived together are then handed to the accounting
 * service as one batch (one SQLite transaction), and only after it is committed and on
 * disk (the WAL flushed off the event loop, see db/wal-sync.ts) do their
 * Accounting-Responses go out. If the commit or the flush fails, nothing is answered
 * and the routers retransmit. Reports are idempotent
 * (cumulative counters, see engine/usage.ts), so a retransmission, even one whose
 * Acct-Delay-Time changed, is counted once.
 */
import type { RemoteInfo } from 'node:dgram';
import { normalizeMac } from '../../shared/net';
import type { RouterRow } from '../db/routers';
import type { Counters } from '../../shared/engine/usage';
import type { Logger } from '../log';
import type { AccountingService, AcctReport, AcctResult } from '../services/accounting';
import { bytes, encodePacket, enumName, int, proxyStates, str, verifyRequestAuthenticator, verifyRequestMessageAuthenticator, type Attributes, type Frame } from './codec';
import type { RouterRegistry } from './clients';
import { Code } from './dictionary';
import { sessionIdFromClass } from './entitlement';
import { counter64 } from './gigawords';
import { createIntake, type Send } from './intake';
import { givingWay } from './logins-first';
import { ReplyCache, type RequestKey } from './reply-cache';
import type { RadiusStats } from './stats';
import { doneWithin } from './udp';

/** Reports waiting for the next commit beyond which new ones are dropped (the routers retransmit). */
const MAX_QUEUED = 20_000;
/** Reports per transaction: ~30–40 µs each, so a transaction keeps the event loop about a millisecond. */
const MAX_BATCH = 32;
/** Acct-Delay-Time beyond this is taken as this (a router does not hold a report for a day). */
const MAX_DELAY_MS = 24 * 3600_000;

interface Pending {
  router: RouterRow;
  report: AcctReport;
  frame: Frame;
  attrs: Attributes;
  key: RequestKey;
  send: Send;
}

export interface AcctHandlerDeps {
  registry: RouterRegistry;
  /** Applies a batch in one transaction and announces its changes after the commit. */
  accounting: Pick<AccountingService, 'applyBatch' | 'durable'>;
  stats: RadiusStats;
  now: () => number;
  log: Logger;
  /** After each commit (the accounting service has announced the batch's changes). */
  committed: () => void;
  /** A commit failed (disk full, read-only, locked): the app must show it. */
  writeFailed: (err: unknown) => void;
  /** Access-Requests wait to be read: the next batch gives way to them (logins-first.ts). */
  loginsWaiting?: () => boolean;
}

export type Unusable = { drop: 'missing_attribute' | 'malformed'; detail: string };

/** Reads the report from a decoded Accounting-Request, or says why it cannot be used. */
export function readReport(attrs: Attributes, receivedAt: number): AcctReport | Unusable {
  const status = enumName(attrs, 'Acct-Status-Type');
  if (status === null) return { drop: 'missing_attribute', detail: 'no Acct-Status-Type' };
  const acctSessionId = str(attrs, 'Acct-Session-Id');
  const perSession = status === 'Start' || status === 'Interim-Update' || status === 'Stop';
  if (perSession && !acctSessionId) return { drop: 'missing_attribute', detail: `${status} without Acct-Session-Id` };

  let counters: Counters | null = null;
  const inOctets = int(attrs, 'Acct-Input-Octets');
  const outOctets = int(attrs, 'Acct-Output-Octets');
  if (inOctets !== null || outOctets !== null || int(attrs, 'Acct-Session-Time') !== null) {
    const i = counter64(inOctets ?? 0, int(attrs, 'Acct-Input-Gigawords') ?? 0);
    const o = counter64(outOctets ?? 0, int(attrs, 'Acct-Output-Gigawords') ?? 0);
    if (i === null || o === null) return { drop: 'malformed', detail: 'octet counters beyond 2^53' };
    counters = { inOctets: i, outOctets: o, sessionTimeS: int(attrs, 'Acct-Session-Time') ?? 0 };
  }

  // Our clock minus the router's own count of how long it held the report (RFC 2866 §5.2), never
  // Event-Timestamp: that is the router's wall clock, and a hAP has no battery clock (wrong until NTP
  // syncs, or always without it). Its time becomes the connection's last report, from which time
  // online is charged and staleness judged: a clock minutes behind would charge those minutes, and
  // make every device look silent. Acct-Delay-Time is counted by the router, not read off its clock.
  const delayMs = Math.min((int(attrs, 'Acct-Delay-Time') ?? 0) * 1000, MAX_DELAY_MS);
  const eventTime = receivedAt - delayMs;

  return {
    status,
    acctSessionId,
    userName: str(attrs, 'User-Name'),
    callingMac: normalizeMac(str(attrs, 'Calling-Station-Id') ?? ''),
    framedIp: str(attrs, 'Framed-IP-Address'),
    classSessionId: sessionIdFromClass(bytes(attrs, 'Class')),
    counters,
    terminateCause: enumName(attrs, 'Acct-Terminate-Cause'),
    eventTime,
  };
}

/** Creates the Accounting-Request handler; `handle` never throws. */
export function createAcctHandler(d: AcctHandlerDeps) {
  const cache = new ReplyCache();
  let queue: Pending[] = [];
  let scheduled = false;
  /** Batches committed and not yet answered: they wait for a flush of the WAL to cover them. */
  let onDisk: { batch: Pending[]; results: AcctResult[] }[] = [];
  /** A flush of the WAL is in flight. */
  let syncing = false;
  /** The app is stopping: nothing new is taken; once `stopped`, nothing more is sent (the socket is closing). */
  let closing = false;
  let stopped = false;
  /** Resolves `stop`'s wait once everything committed has been answered. */
  let answeredAll: (() => void) | null = null;

  const intake = createIntake({
    ...d,
    cache,
    port: 'accounting',
    code: Code.AccountingRequest,
    authentic: (frame, router) =>
      !verifyRequestAuthenticator(frame, router.secret)
        ? 'bad_authenticator'
        : frame.maOffset !== -1 && !verifyRequestMessageAuthenticator(frame, router.secret)
          ? 'bad_message_authenticator'
          : null,
  });
  const { drop } = intake;
  const gate = d.loginsWaiting ? givingWay(d.loginsWaiting) : null;

  const respond = (p: Pending): Buffer =>
    encodePacket({
      code: Code.AccountingResponse,
      identifier: p.frame.identifier,
      authenticator: p.frame.authenticator,
      secret: p.router.secret,
      messageAuthenticator: p.frame.maOffset !== -1,
      attributes: proxyStates(p.attrs),
    });

  /** Answers a committed batch once it is on disk; a report that failed alone is dropped (the router retransmits it). */
  const answer = (batch: Pending[], results: AcctResult[]) => {
    // Stopped: the socket is closing, and the routers send these reports again.
    if (stopped) return;
    batch.forEach((p, i) => {
      const r = results[i];
      if (r && !r.ok) {
        // Rolled back alone: not stored, so not answered (the router retransmits).
        cache.abandon(p.key);
        drop(p.router, 'processing_error');
        d.log.error('an accounting report could not be applied; not answered', { router: p.router.name, err: r.error });
        return;
      }
      if (r?.unknownSession) d.log.debug('accounting for an unknown user (answered, not stored)', { user: p.report.userName, router: p.router.name });
      let bytes: Buffer;
      try {
        bytes = respond(p);
      } catch (err) {
        // Stored, but no answer could be built: the router retransmits and the report, counted once, is answered then.
        cache.abandon(p.key);
        drop(p.router, 'processing_error');
        d.log.error('an accounting answer could not be built', { router: p.router.name, err });
        return;
      }
      cache.answer(p.key, bytes);
      d.stats.answered(p.router.id, 'accounting');
      try {
        p.send(bytes);
      } catch (err) {
        // The socket closed under the batch (the app is stopping): the router retransmits, and the cache answers it.
        d.log.warn('an accounting answer could not be sent', { router: p.router.name, err });
      }
    });
  };

  /** Nothing of the batch is known to be stored: nothing is answered, and the routers retransmit. */
  const lose = (batch: Pending[], err: unknown) => {
    for (const p of batch) {
      cache.abandon(p.key);
      drop(p.router, 'write_failed');
    }
    d.writeFailed(err);
  };

  /**
   * One transaction for the reports that arrived together, at most MAX_BATCH of them (one
   * event-loop turn of work: logins are answered between two), committed without waiting for
   * the disk. While more wait, the next transaction follows on the next turn; while logins
   * wait, it waits for them (a few milliseconds at most).
   */
  const flush = () => {
    scheduled = false;
    if (closing) return;
    if (gate && !gate.go()) return schedule();
    const batch = queue.length <= MAX_BATCH ? queue : queue.slice(0, MAX_BATCH);
    queue = queue.length <= MAX_BATCH ? [] : queue.slice(MAX_BATCH);
    const applied = d.accounting.applyBatch(batch);
    if (applied.committed) {
      onDisk.push({ batch, results: applied.results });
      sync();
    } else lose(batch, applied.error);
    if (queue.length > 0) schedule();
  };

  /**
   * Flushes the WAL off the event loop and then answers every batch committed before the
   * flush began; batches committed meanwhile wait for the next flush (group commit: the disk
   * and the event loop work at the same time).
   */
  const sync = () => {
    if (syncing || onDisk.length === 0) return;
    syncing = true;
    const covered = onDisk;
    onDisk = [];
    d.accounting
      .durable()
      .then(
        () => {
          for (const c of covered) answer(c.batch, c.results);
          d.committed();
        },
        (err: unknown) => {
          for (const c of covered) lose(c.batch, err);
        },
      )
      .finally(() => {
        syncing = false;
        sync();
        if (!syncing) answeredAll?.();
      });
  };

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  return {
    /** Handles one datagram; its response goes out after the batch it joins commits. */
    handle(msg: Buffer, from: RemoteInfo, send: Send): void {
      if (closing) return;
      const req = intake.admit(msg, from, send);
      if (!req) return;
      const { router, frame, attrs, key, now } = req;
      const report = readReport(attrs, now);
      if ('drop' in report) {
        cache.abandon(key);
        return drop(router, report.drop, report.detail);
      }
      if (queue.length >= MAX_QUEUED) {
        cache.abandon(key);
        return drop(router, 'overloaded');
      }
      queue.push({ router, report, frame, attrs, key, send });
      schedule();
    },

    /**
     * Before the socket closes: what is committed is answered once the flush covering it
     * returns (waiting at most `withinMs`: a disk that does not answer does not hold the app
     * open); what is not yet committed is left, and nothing is sent after. The routers send
     * the unanswered reports again, to this app once it is back, and each is counted once.
     */
    async stop(withinMs: number): Promise<void> {
      closing = true;
      for (const p of queue) cache.abandon(p.key);
      queue = [];
      if (syncing || onDisk.length > 0) await doneWithin((done) => (answeredAll = done), withinMs);
      stopped = true;
    },
  };
}
