/**
 * The session moves every entry point shares (the counter, RADIUS, the webhook, the
 * scheduler), each run inside the caller's unit of work: activate on first login,
 * finish (expire or terminate) with its disconnects, expire a session the engine finds
 * due, queue requests for the open devices. The engine's state table decides every
 * move; each is audited with its actor and noted in the unit (the session's view, the
 * sender's wake-up), so it is announced once the unit commits.
 */
import { AppError } from '../../shared/errors';
import { dueEnding, expiryReason, type Ending, type ExpirySnapshot } from '../../shared/engine/expiry';
import { transition, type SessionEvent } from '../../shared/engine/session-state';
import type { Actor } from '../db/audit';
import type { SessionRow } from '../db/sessions';
import type { Store } from '../db/store';
import { firstUseSale } from './card-sale';
import type { UnitOfWork } from './unit-of-work';
import { toSaleView } from './views';

/** What a move needs to know of a session. */
export type MovingSession = Pick<SessionRow, 'id' | 'state' | 'voucherCode'>;

export type Lifecycle = ReturnType<typeof createLifecycle>;

export function createLifecycle(store: Store, uow: Pick<UnitOfWork, 'current'>) {
  /** Queues a Disconnect or CoA for every open connection of a session; returns how many. */
  const queueForOpenConnections = (sessionId: number, kind: 'disconnect' | 'coa', reason: string, now: number): number => {
    const changes = uow.current();
    const open = store.connections.openBySession(sessionId);
    for (const c of open) store.outbox.enqueue({ kind, connectionId: c.id, sessionId, routerId: c.routerId, reason }, now);
    if (open.length) changes.queued();
    return open.length;
  };

  /**
   * Moves a session to EXPIRED (limit reached, never used) or TERMINATED (ended) and
   * queues the disconnect of its open devices; returns how many. Throws a conflict when
   * the state table has no such move.
   */
  const finish = (s: MovingSession, event: Exclude<SessionEvent, 'authorized'>, reason: string, actor: Actor, now: number): number => {
    const changes = uow.current();
    const t = transition(s.state, event);
    if (!t.ok) throw new AppError('conflict', `${t.reason} (session ${s.voucherCode})`);
    const to = t.state as 'EXPIRED' | 'TERMINATED';
    store.sessions.end(s.id, to, now, reason);
    store.audit.record(
      actor,
      { action: to === 'EXPIRED' ? 'session.expire' : 'session.end', entity: 'session', entityId: s.id, fromState: s.state, toState: to, reason },
      now,
    );
    changes.sessions(s.id);
    return queueForOpenConnections(s.id, 'disconnect', reason, now);
  };

  /** Records the sale of a card at its first login (inside the activation's transaction). */
  const sellCard = (s: MovingSession, actor: Actor, now: number): void => {
    const changes = uow.current();
    const batch = store.batches.ofSession(s.id);
    if (!batch) throw new Error(`card ${s.id} is in stock without a batch`);
    const saleId = store.sales.insert(firstUseSale(batch, s.id, now));
    store.audit.record(actor, { action: 'sale.record', entity: 'sale', entityId: saleId, details: { priceMinor: batch.priceMinor, packageId: batch.packageId, batchId: batch.id, soldBy: 'first use' } }, now);
    changes.emit('sale.recorded', { sale: toSaleView(store.sales.get(saleId)!) });
    changes.emit('batches.changed', { batchId: batch.id });
  };

  return {
    queueForOpenConnections,
    finish,

    /**
     * PENDING or STOCK → ACTIVE on the first login; false when the state table makes it no
     * move (ACTIVE already, or final). A card in stock is sold by it: its sale row is written
     * in this same transaction, so a card is never online unsold, nor sold twice.
     */
    activate(s: MovingSession, actor: Actor, now: number, details: Record<string, unknown>): boolean {
      const changes = uow.current();
      const t = transition(s.state, 'authorized');
      // A final session is never brought back: the caller disconnects whatever still uses it.
      if (!t.ok || !t.changed) return false;
      if (!store.sessions.activate(s.id, now)) return false;
      store.audit.record(actor, { action: 'session.activate', entity: 'session', entityId: s.id, fromState: s.state, toState: t.state, details }, now);
      if (s.state === 'STOCK') sellCard(s, actor, now);
      changes.sessions(s.id);
      return true;
    },

    /**
     * THE expiry of a live session: when the engine's `dueEnding` says it ends at `now`
     * (with devices open since `openSince`: each open connection's last report), finishes
     * it as the engine says, with the engine's reason, and queues its disconnects; returns
     * the ending, or null when it goes on. With a `cause` (a voided top-up) the reason is
     * the cause, and a voucher that was never online is ended rather than expired "never
     * used": its purchase was taken back, it was not left unused. A voucher past its
     * unused-voucher deadline still expires "Never used" whatever the cause.
     */
    expireIfDue(s: MovingSession & ExpirySnapshot, openSince: readonly number[], actor: Actor, now: number, cause?: string): Ending | null {
      const ending = dueEnding(s, openSince, now);
      if (!ending) return null;
      const byCause = cause !== undefined && ending.expiry !== 'unused';
      const event = byCause && ending.event === 'never_used' ? 'ended' : ending.event;
      finish(s, event, byCause ? cause : expiryReason(ending.expiry), actor, now);
      return ending;
    },
  };
}
