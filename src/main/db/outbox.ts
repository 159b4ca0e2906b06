/**
 * SQL for the disconnect outbox: every Disconnect-/CoA-Request the core decides to
 * send is written here in the same transaction as the decision, so a crash between
 * "the cashier ended it" and "the router confirmed" loses nothing.
 */
import type { Db } from './sqlite';

export type OutboxKind = 'disconnect' | 'coa';

export interface OutboxRow {
  id: number;
  kind: OutboxKind;
  connectionId: number;
  sessionId: number;
  routerId: number;
  reason: string;
  attributes: string | null;
  status: 'pending' | 'done' | 'abandoned';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
}

const COLS = `id, kind, connection_id AS connectionId, session_id AS sessionId, router_id AS routerId, reason, attributes,
  status, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError, created_at AS createdAt`;

/** Prepared statements for the disconnect outbox and the connection flags it drives. */
export function outboxQueries(db: Db) {
  const insert = db.prepare<{ kind: OutboxKind; connectionId: number; sessionId: number; routerId: number; reason: string; attributes: string | null; now: number }>(
    `INSERT INTO disconnect_outbox (kind, connection_id, session_id, router_id, reason, attributes, next_attempt_at, created_at, updated_at)
     VALUES (@kind, @connectionId, @sessionId, @routerId, @reason, @attributes, @now, @now, @now)`,
  );
  const pendingFor = db.prepare<[number, string], { id: number }>(
    "SELECT id FROM disconnect_outbox WHERE connection_id = ? AND kind = ? AND status = 'pending'",
  );
  const flag = db.prepare<[number]>("UPDATE connections SET disconnect = 'pending', disconnect_error = NULL WHERE id = ? AND ended_at IS NULL");
  const due = db.prepare<[number, number], OutboxRow>(
    `SELECT ${COLS} FROM disconnect_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
  );
  const pending = db.prepare<[], OutboxRow>(`SELECT ${COLS} FROM disconnect_outbox WHERE status = 'pending' ORDER BY id`);
  const byId = db.prepare<[number], OutboxRow>(`SELECT ${COLS} FROM disconnect_outbox WHERE id = ?`);
  const pendingForConnection = db.prepare<[number, string], OutboxRow>(
    `SELECT ${COLS} FROM disconnect_outbox WHERE connection_id = ? AND kind = ? AND status = 'pending' ORDER BY id LIMIT 1`,
  );
  const finish = db.prepare<{ id: number; status: 'done' | 'abandoned'; note: string | null; now: number }>(
    "UPDATE disconnect_outbox SET status = @status, last_error = @note, updated_at = @now WHERE id = @id AND status = 'pending'",
  );
  const reschedule = db.prepare<{ id: number; next: number; error: string; now: number }>(
    `UPDATE disconnect_outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error, updated_at = @now
     WHERE id = @id AND status = 'pending'`,
  );
  const flagFailed = db.prepare<[string, number]>("UPDATE connections SET disconnect = 'failed', disconnect_error = ? WHERE id = ? AND ended_at IS NULL");
  const unflag = db.prepare<[number]>('UPDATE connections SET disconnect = NULL, disconnect_error = NULL WHERE id = ? AND ended_at IS NULL');
  const retrySession = db.prepare<[number, number, number]>(
    "UPDATE disconnect_outbox SET next_attempt_at = ?, updated_at = ? WHERE session_id = ? AND status = 'pending'",
  );
  const counts = db.prepare<[], { pending: number; failing: number }>(
    "SELECT count(*) AS pending, coalesce(sum(attempts > 0), 0) AS failing FROM disconnect_outbox WHERE status = 'pending'",
  );
  const settle = db.prepare<{ connectionId: number; note: string; now: number }>(
    `UPDATE disconnect_outbox SET status = 'done', last_error = @note, updated_at = @now
     WHERE connection_id = @connectionId AND status = 'pending'`,
  );
  return {
    /**
     * Queues a request for an open connection unless the same kind is already pending
     * for it (a Disconnect already on its way is not sent twice); returns the row id.
     */
    enqueue(e: { kind: OutboxKind; connectionId: number; sessionId: number; routerId: number; reason: string; attributes?: unknown }, now: number): number {
      const existing = pendingFor.get(e.connectionId, e.kind);
      if (existing && e.kind === 'disconnect') return existing.id;
      const id = Number(
        insert.run({ ...e, attributes: e.attributes === undefined ? null : JSON.stringify(e.attributes), now }).lastInsertRowid,
      );
      if (e.kind === 'disconnect') flag.run(e.connectionId);
      return id;
    },
    due: (now: number, limit: number) => due.all(now, limit),
    get: (id: number) => byId.get(id),
    pendingFor: (connectionId: number, kind: OutboxKind) => pendingForConnection.get(connectionId, kind),
    /** Ends a request: done (confirmed, or nothing left to do) or abandoned (given up; CoA only). */
    finish: (id: number, status: 'done' | 'abandoned', note: string | null, now: number) => finish.run({ id, status, note, now }).changes,
    /** Counts a failed attempt and sets the next one. */
    reschedule: (id: number, next: number, error: string, now: number) => reschedule.run({ id, next, error, now }).changes,
    /** Shows a connection's disconnect as failed (with why) until it succeeds or the device leaves. */
    flagFailed: (connectionId: number, error: string) => flagFailed.run(error, connectionId),
    /** The connection has no Disconnect on its way any more (a withdrawn device switch): it shows as a plain online device. */
    unflag: (connectionId: number) => unflag.run(connectionId),
    /** Makes a session's pending requests due now (the cashier's "retry"). */
    retrySession: (sessionId: number, now: number) => retrySession.run(now, now, sessionId).changes,
    counts: () => counts.get()!,
    /** Marks every pending request for a connection done (the router said it is gone). */
    settleForConnection: (connectionId: number, note: string, now: number) => settle.run({ connectionId, note, now }).changes,
    pending: () => pending.all(),
  };
}
