/**
 * The session moves every entry point shares (the counter, RADIUS, the webhook, the
 * scheduler), each meant to run inside the caller's transaction: activate on first
 * login, finish (expire or terminate) with its disconnects, queue requests for the
 * open devices. Every move is audited with its actor.
 */
import { AppError } from '../../shared/errors';
import type { Actor } from '../db/audit';
import type { SessionRow } from '../db/sessions';
import type { Store } from '../db/store';
import { transition, type SessionEvent } from '../../shared/engine/session-state';

export type Lifecycle = ReturnType<typeof createLifecycle>;

export function createLifecycle(store: Store) {
  /** Queues a Disconnect or CoA for every open connection of a session; returns how many. */
  const queueForOpenConnections = (sessionId: number, kind: 'disconnect' | 'coa', reason: string, now: number): number => {
    const open = store.connections.openBySession(sessionId);
    for (const c of open) store.outbox.enqueue({ kind, connectionId: c.id, sessionId, routerId: c.routerId, reason }, now);
    return open.length;
  };

  return {
    queueForOpenConnections,

    /** PENDING → ACTIVE on the first login; no-op for an ACTIVE session. */
    activate(s: SessionRow, actor: Actor, now: number, details: Record<string, unknown>): boolean {
      if (s.state !== 'PENDING') return false;
      store.sessions.activate(s.id, now);
      store.audit.record(actor, { action: 'session.activate', entity: 'session', entityId: s.id, fromState: 'PENDING', toState: 'ACTIVE', details }, now);
      return true;
    },

    /**
     * Moves a session to EXPIRED (limit reached) or TERMINATED (ended) and queues the
     * disconnect of its open devices; throws a conflict when the move is illegal.
     */
    finish(s: SessionRow, event: Exclude<SessionEvent, 'authorized'>, reason: string, actor: Actor, now: number): number {
      const t = transition(s.state, event);
      if (!t.ok) throw new AppError('conflict', `${t.reason} (session ${s.voucherCode})`);
      const to = t.state as 'EXPIRED' | 'TERMINATED';
      store.sessions.end(s.id, to, now, reason);
      store.audit.record(
        actor,
        { action: to === 'EXPIRED' ? 'session.expire' : 'session.end', entity: 'session', entityId: s.id, fromState: s.state, toState: to, reason },
        now,
      );
      return queueForOpenConnections(s.id, 'disconnect', reason, now);
    },
  };
}
