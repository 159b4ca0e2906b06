/**
 * The database side of delivering the Disconnect/CoA outbox: what each queued request is
 * for, what a delivery's outcome means for the connection and the request (done, gone,
 * retried later with backoff, abandoned), the RouterOS fallback's removal, and scenario D's
 * queued disconnects. Every write is one unit of work, announced after its commit; the
 * coa/ worker only puts requests on the wire.
 */
import type { Actor } from '../db/audit';
import { STALE_CAUSE, type ConnectionRow } from '../db/connections';
import type { OutboxRow } from '../db/outbox';
import type { RouterRow } from '../db/routers';
import type { Store } from '../db/store';
import { entitlement, type Entitlement, type OpenDevice } from '../../shared/engine/authorize';
import { remaining } from '../../shared/engine/remaining';
import type { Changes, UnitOfWork } from './unit-of-work';

/** When a failed delivery is tried again, and when a CoA is given up. */
export interface RetryPolicy {
  /** Waits before the next delivery after a failed one; the last repeats. */
  backoffMs: readonly number[];
  /** A CoA (new limits) is given up after this many failed deliveries; a Disconnect never is. */
  coaMaxAttempts: number;
}

/** What a delivery came to, as the outbox records it. */
export type Delivery =
  | { outcome: 'ack' }
  /** The router has no such session (NAK with Error-Cause 503): the device is already gone. */
  | { outcome: 'gone' }
  | { outcome: 'failed'; reason: string };

export type OutboxService = ReturnType<typeof createOutboxService>;

export function createOutboxService(d: { store: Store; uow: UnitOfWork; now: () => number; retry: RetryPolicy }) {
  const { store, uow } = d;

  /** Closes a connection the router no longer has, and settles every request for it. */
  const closeGone = (changes: Changes, c: ConnectionRow, cause: string, note: string) => {
    const now = d.now();
    store.connections.close(c.id, now, cause);
    store.outbox.settleForConnection(c.id, note, now);
    changes.sessions(c.sessionId);
  };

  return {
    /** Requests due now, oldest first, at most `limit`. */
    due: (limit: number) => store.outbox.due(d.now(), limit),

    /** The connection and router a request goes to; null when the device already left (the request is then done). */
    target(row: OutboxRow): { connection: ConnectionRow; router: RouterRow } | null {
      const c = store.connections.get(row.connectionId);
      if (!c || (c.endedAt !== null && c.endCause !== STALE_CAUSE)) {
        uow.run(() => store.outbox.finish(row.id, 'done', 'the device had already left', d.now()), { announceOnDisk: true });
        return null;
      }
      return { connection: c, router: store.routers.getAny(c.routerId)! };
    },

    /** What a session entitles its customer to now (a CoA carries it). */
    entitlementOf(sessionId: number): Entitlement {
      const s = store.sessions.get(sessionId)!;
      return entitlement(s, remaining(s, store.connections.openDevices(sessionId).map((x) => x.lastUpdateAt), d.now()));
    },

    /**
     * Records a delivery's outcome for the request and its connection; true when the request is
     * settled. Committed without waiting for the disk (the router has its answer, and a request
     * a power cut sets back is sent again and answered "gone"); the screens' update follows the flush.
     */
    record(row: OutboxRow, c: ConnectionRow, r: RouterRow, delivery: Delivery): boolean {
      return uow.run((changes) => {
        changes.sessions(row.sessionId);
        if (delivery.outcome === 'ack' && row.kind === 'disconnect') {
          closeGone(changes, c, 'Disconnected', `Disconnect-ACK from ${r.name}`);
          return true;
        }
        if (delivery.outcome === 'ack') {
          store.outbox.finish(row.id, 'done', `CoA-ACK from ${r.name}`, d.now());
          return true;
        }
        if (delivery.outcome === 'gone') {
          closeGone(changes, c, 'Gone', `${r.name}: no such session (NAK 503)`);
          return true;
        }
        const reason = `${r.name}: ${delivery.reason}`;
        const attempts = (store.outbox.get(row.id)?.attempts ?? row.attempts) + 1;
        if (row.kind === 'coa' && attempts >= d.retry.coaMaxAttempts) {
          store.outbox.finish(row.id, 'abandoned', reason, d.now());
          return false;
        }
        const wait = d.retry.backoffMs[Math.min(attempts - 1, d.retry.backoffMs.length - 1)] ?? 60_000;
        // A request no longer pending (a device switch that gave up withdrew it) leaves its device unflagged: it was kept on purpose.
        const pending = store.outbox.reschedule(row.id, d.now() + wait, reason, d.now()) > 0;
        if (row.kind === 'disconnect' && pending) store.outbox.flagFailed(c.id, reason);
        return false;
      }, { announceOnDisk: true });
    },

    /** The RouterOS fallback removed the device from the router's active list. */
    kicked(c: ConnectionRow, r: RouterRow): void {
      uow.run((changes) => closeGone(changes, c, 'Kicked', `removed from /ip/hotspot/active on ${r.name} over the RouterOS API`), { announceOnDisk: true });
    },

    /** Scenario D: queues, audited, the Disconnect of a session's devices that must make room; returns the requests (own: made by this switch). */
    queueDeviceSwitch(sessionId: number, devices: readonly OpenDevice[], reason: string, actor: Actor): { row: OutboxRow; own: boolean }[] {
      return uow.run((changes) => {
        const now = d.now();
        store.audit.record(
          actor,
          { action: 'session.device-switch', entity: 'session', entityId: sessionId, reason, details: { disconnect: devices.map((x) => ({ connectionId: x.connectionId, mac: x.mac })) } },
          now,
        );
        changes.sessions(sessionId);
        return devices.map((dev) => {
          const c = store.connections.get(dev.connectionId)!;
          // A Disconnect already on its way for another cause (the session ending) is joined, never withdrawn with the switch.
          const own = store.outbox.pendingFor(c.id, 'disconnect') === undefined;
          const id = store.outbox.enqueue({ kind: 'disconnect', connectionId: c.id, sessionId, routerId: c.routerId, reason }, now);
          return { row: store.outbox.get(id)!, own };
        });
      });
    },

    /**
     * Scenario D when the router did not confirm in time: the new device was refused, so the
     * switch's own Disconnects are withdrawn (never sent again) and the old devices keep
     * working: the customer keeps one device rather than ending with none. Audited.
     */
    withdrawSwitch(sessionId: number, rows: readonly OutboxRow[], why: string, actor: Actor): void {
      if (!rows.length) return;
      uow.run((changes) => {
        const now = d.now();
        const withdrawn = rows.filter((row) => store.outbox.finish(row.id, 'abandoned', `withdrawn: ${why}`, now) > 0);
        for (const row of withdrawn) store.outbox.unflag(row.connectionId);
        if (!withdrawn.length) return;
        store.audit.record(
          actor,
          { action: 'session.device-switch-withdrawn', entity: 'session', entityId: sessionId, reason: why, details: { connections: withdrawn.map((r) => r.connectionId) } },
          now,
        );
        changes.sessions(sessionId);
      });
    },

    /** The cashier's retry: a session's pending requests become due now. */
    retrySession(sessionId: number): void {
      uow.run(() => store.outbox.retrySession(sessionId, d.now()));
    },
  };
}
