/**
 * Delivers the disconnect outbox: every Disconnect-/CoA-Request the core decided on,
 * durably queued in the same transaction as the decision. Each request goes to the
 * router its connection is on:
 *
 *   ACK                    → the connection is closed, the request done;
 *   NAK 503 (no session)   → closed as already gone, done;
 *   either, from a router that reported the device online after such an answer before
 *                          → no proof: removed over the API where it is set up, else
 *                            retried and flagged like a failure (below);
 *   any other NAK, silence → the connection is flagged "disconnect failed" with the
 *                            reason, the request retried with backoff (and, where the
 *                            router's API is configured, the customer is removed from
 *                            /ip/hotspot/active instead).
 *
 * A connection never has two Disconnects on the wire at once: the worker, a device
 * switch and a cashier's retry share one in-flight attempt per connection. What each
 * outcome means for the connection and the request is recorded by services/outbox.ts;
 * this worker only puts requests on the wire.
 */
import type { Actor } from '../db/audit';
import type { ConnectionRow } from '../db/connections';
import type { OutboxRow } from '../db/outbox';
import type { RouterRow } from '../db/routers';
import type { OpenDevice } from '../../shared/engine/authorize';
import type { Logger } from '../log';
import type { Attribute } from '../radius/codec';
import { coaAttributes, connectionUsage } from '../radius/entitlement';
import type { Delivery, OutboxService, RetryPolicy } from '../services/outbox';
import { SESSION_CONTEXT_NOT_FOUND, type CoaClient, type SendOptions } from './client';

/**
 * Removes a customer from the router's /ip/hotspot/active over its API; true when they are gone.
 * With `until` (a `performance.now()` time), nothing is removed once the removal could end
 * after it: false then, and the device stays. With `mustFind`, false too when the active list shows
 * the device under a login that does not match (no proof that it is gone).
 */
export type Kick = (router: RouterRow, connection: ConnectionRow, until?: number, mustFind?: boolean) => Promise<boolean>;

/** Delivery timing: tries per delivery (RFC 5176 retransmission), and when to try again (the outbox's retry policy). */
export interface CoaTiming extends RetryPolicy {
  /** Normal delivery: tries and wait per try. */
  normal: SendOptions;
  /** Device switch: must fit well inside the router's 1100 ms RADIUS timeout. */
  deviceSwitch: SendOptions;
}

export const defaultCoaTiming: CoaTiming = {
  normal: { attempts: 3, timeoutMs: 1000 },
  deviceSwitch: { attempts: 2, timeoutMs: 300 },
  backoffMs: [5_000, 15_000, 30_000, 60_000, 120_000, 300_000],
  coaMaxAttempts: 5,
};

/**
 * A device switch is settled within this long of its start, the RouterOS fallback included:
 * the router waits 1100 ms for the Access-Request's answer (MikroTik's default RADIUS
 * timeout), and an answer later than that is one nobody hears.
 */
export const SWITCH_ANSWER_MS = 1000;

export interface WorkerDeps {
  /** What each request is for, and the record of every outcome (services/outbox.ts). */
  outbox: OutboxService;
  coa: CoaClient;
  now: () => number;
  log: Logger;
  timing: CoaTiming;
  /** The RouterOS fallback (routeros module); absent: none. */
  kick?: Kick | undefined;
  /** Resolves once everything committed so far is on disk (store.durable). */
  durable: () => Promise<void>;
}

export type DisconnectWorker = ReturnType<typeof createDisconnectWorker>;

/** Less than this left of a device switch's budget: no Disconnect is sent (no answer could come back in time). */
const MIN_TRY_MS = 50;

/**
 * A device switch's tries, all ending within the `leftMs` of its budget the disk left it: a
 * Disconnect on the wire after the switch gave up would cut the very device it kept. Null: no time.
 */
function inBudget(o: SendOptions, leftMs: number): SendOptions | null {
  if (leftMs < MIN_TRY_MS) return null;
  const attempts = Math.max(1, Math.min(o.attempts, Math.floor(leftMs / o.timeoutMs)));
  return { attempts, timeoutMs: Math.min(o.timeoutMs, Math.floor(leftMs / attempts)) };
}

/** What `attempt` resolves to if it does by `until` (a `performance.now()` time), else false. */
function inTime(attempt: Promise<boolean>, until: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, until - performance.now()));
  });
  return Promise.race([attempt, late]).finally(() => clearTimeout(timer));
}

export function createDisconnectWorker(d: WorkerDeps) {
  const { outbox } = d;
  const inFlight = new Map<number, Promise<boolean>>();
  let pass: Promise<void> | null = null;
  let again = false;
  let closed = false;

  /** The attributes that identify a connection to its router (RFC 5176 section 3). */
  const identification = (c: ConnectionRow, r: RouterRow): Attribute[] => {
    const attrs: Attribute[] = [['User-Name', c.userName]];
    // An Acct-Session-Id the router sent as bytes that are not UTF-8 is stored longer than an
    // attribute can hold (each bad byte becomes U+FFFD); User-Name with the device's addresses
    // still identifies the session (RFC 5176 section 3).
    if (Buffer.byteLength(c.acctSessionId) <= 253) attrs.push(['Acct-Session-Id', c.acctSessionId]);
    if (c.ip && !c.ip.includes(':')) attrs.push(['Framed-IP-Address', c.ip]);
    if (c.mac) attrs.push(['Calling-Station-Id', c.mac]);
    if (!r.ip.includes(':')) attrs.push(['NAS-IP-Address', r.ip]);
    attrs.push(['Event-Timestamp', Math.floor(d.now() / 1000)]);
    return attrs;
  };

  /** What a CoA changes: the connection's time and data limits, counted from its login as the router counts them. */
  const newLimits = (c: ConnectionRow): Attribute[] => coaAttributes(outbox.entitlementOf(c.sessionId), connectionUsage(c, d.now()));

  /** Sends one queued request and records the outcome; true when it is settled. `until`: a device switch's deadline (see Kick). */
  const deliver = async (row: OutboxRow, options: SendOptions, until?: number): Promise<boolean> => {
    const target = outbox.target(row);
    if (!target) return true;
    const { connection: c, router: r } = target;
    const fit = until === undefined ? options : inBudget(options, until - performance.now());
    if (!fit) return false;
    const attributes = row.kind === 'disconnect' ? identification(c, r) : [...identification(c, r), ...newLimits(c)];
    const result = await d.coa.send({ ip: r.ip, port: r.coaPort, secret: r.secret }, row.kind, attributes, fit);
    if (closed) return false;

    const gone = result.outcome === 'nak' && result.errorCause === SESSION_CONTEXT_NOT_FOUND;
    const said: Delivery = result.outcome === 'ack' ? { outcome: 'ack' } : gone ? { outcome: 'gone' } : { outcome: 'failed', reason: result.reason };
    if (row.kind === 'disconnect' && said.outcome !== 'failed' && c.endedAt === null && c.ignoredDisconnects > 0) return notProof(row, c, r, said.outcome, until);
    const settled = outbox.record(row, c, r, said);
    if (settled || result.outcome === 'ack') return true;
    d.log.warn(`${row.kind} for session ${row.sessionId} failed: ${result.reason}`);
    return row.kind === 'disconnect' ? tryKick(c, r, until) : false;
  };

  /**
   * The router confirmed the device cut off (ACK, or NAK "no such session": say an identification
   * it does not match) but it reported the device online after such a confirmation before: its
   * word is no proof. The RouterOS API removes the device where it is set up; else the
   * Disconnect stays pending, retried with backoff and flagged for the cashier with why, until
   * a Stop, the device going quiet (the stale sweep) or the API settles it.
   */
  const notProof = async (row: OutboxRow, c: ConnectionRow, r: RouterRow, said: 'ack' | 'gone', until?: number): Promise<boolean> => {
    if (await tryKick(c, r, until, true)) return true;
    if (closed) return false;
    const answer = said === 'ack' ? 'acknowledged the Disconnect' : 'answered it has no such session (NAK 503)';
    const before = c.ignoredDisconnects === 1 ? 'once before' : `${c.ignoredDisconnects} times before`;
    // With an API: it lists the device under a login the app cannot match, or could not be reached.
    const what = r.apiHost ? 'its API did not remove it either; remove it on the router' : "remove it on the router, or set up the router's API (Settings → Routers)";
    const reason = `${answer}, but reported the device online after such an answer ${before}; ${what}`;
    d.log.warn(`disconnect for session ${row.sessionId}: ${r.name} ${reason}`);
    outbox.record(row, c, r, { outcome: 'failed', reason });
    return false;
  };

  const tryKick = async (c: ConnectionRow, r: RouterRow, until?: number, mustFind = false): Promise<boolean> => {
    if (!d.kick || !r.apiHost) return false;
    if (until !== undefined && performance.now() >= until) return false;
    try {
      if (!(await d.kick(r, c, until, mustFind))) return false;
    } catch (err) {
      d.log.warn(`RouterOS fallback for ${r.name} failed`, { err });
      return false;
    }
    outbox.kicked(c, r);
    return true;
  };

  /** Delivers a row unless its connection already has an attempt on the wire, which it then joins. */
  const deliverOnce = (row: OutboxRow, options: SendOptions, until?: number): Promise<boolean> => {
    const key = row.kind === 'disconnect' ? row.connectionId : -row.id;
    const running = inFlight.get(key);
    if (running) return running;
    const attempt = deliver(row, options, until)
      .catch((err: unknown) => {
        d.log.error(`delivering ${row.kind} ${row.id} failed`, { err });
        return false;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, attempt);
    return attempt;
  };

  /**
   * A request goes on the wire only once it is on disk, with the change that queued it (a
   * power cut must not leave a customer cut off for a change the app then no longer has).
   * False: the disk failed the flush, and nothing is sent.
   */
  const confirmedOnDisk = (): Promise<boolean> =>
    d.durable().then(
      () => true,
      (err: unknown) => {
        d.log.error('Disconnect/CoA requests not sent: the disk did not confirm them', { err });
        return false;
      },
    );

  const runDue = async (): Promise<void> => {
    do {
      again = false;
      const read = outbox.due(64);
      let due = read;
      if (read.length) {
        if (!(await confirmedOnDisk()) || closed) return;
        // Read again: while the disk worked, a request may have been settled, withdrawn (a device switch that
        // gave up) or put off; only those still due go out — as read now, of the ones the flush covered.
        const covered = new Set(read.map((r) => r.id));
        due = outbox.due(64).filter((r) => covered.has(r.id));
      }
      await Promise.all(due.map((row) => deliverOnce(row, d.timing.normal)));
      if (read.length === 64) again = true;
    } while (again && !closed);
  };

  return {
    /** Delivers what is due now (after a commit that queued requests, and on the scheduler's beat). */
    wake(): Promise<void> {
      if (closed) return Promise.resolve();
      if (pass) {
        again = true;
        return pass;
      }
      pass = runDue().finally(() => {
        pass = null;
      });
      return pass;
    },

    /**
     * Scenario D: disconnects a session's oldest devices before a new one is accepted.
     * The intent is queued durably first; resolves true once every device is confirmed
     * gone within the device-switch budget. False: the new device is refused and the
     * switch's Disconnects are withdrawn, so the customer keeps the device they had.
     */
    async switchDevices(sessionId: number, devices: readonly OpenDevice[], reason: string, actor: Actor): Promise<boolean> {
      const until = performance.now() + SWITCH_ANSWER_MS;
      const queued = outbox.queueDeviceSwitch(sessionId, devices, reason, actor);
      // A Disconnect already on the wire for another cause is joined, but waited for only until the deadline.
      const results = (await confirmedOnDisk()) && !closed ? await Promise.all(queued.map((q) => inTime(deliverOnce(q.row, d.timing.deviceSwitch, until), until))) : queued.map(() => false);
      if (results.every(Boolean)) return true;
      // Not confirmed in time: the new device is refused, so the old ones must keep working. The
      // switch's own Disconnects still pending are withdrawn: never sent again, so a router that comes back
      // cuts nobody (one already received and acted on late is the router's: UDP cannot take it back).
      const own = queued.filter((q, i) => q.own && !results[i]).map((q) => q.row);
      if (!closed) outbox.withdrawSwitch(sessionId, own, 'the router did not confirm the old device gone in time; the new device was refused, the old one keeps working', actor);
      return false;
    },

    /** The cashier's retry: a session's pending requests become due now. */
    retrySession(sessionId: number): Promise<void> {
      outbox.retrySession(sessionId);
      return this.wake();
    },

    /** Waits for deliveries on the wire to end; new ones are not started. */
    async close(): Promise<void> {
      closed = true;
      await Promise.allSettled([...inFlight.values(), pass]);
    },
  };
}
