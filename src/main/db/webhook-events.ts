/** SQL for received webhook events: the idempotency keys (webhook-id) and what each did. */
import type { Db } from './sqlite';

export interface WebhookEventRow {
  id: string;
  type: string;
  receivedAt: number;
  occurredAt: number | null;
  payload: string;
  outcome: string;
}

const COLS = 'id, type, received_at AS receivedAt, occurred_at AS occurredAt, payload, outcome';

/** Prepared statements for the webhook events table. */
export function webhookEventQueries(db: Db) {
  const insert = db.prepare<WebhookEventRow>(
    'INSERT INTO webhook_events (id, type, received_at, occurred_at, payload, outcome) VALUES (@id, @type, @receivedAt, @occurredAt, @payload, @outcome)',
  );
  const byId = db.prepare<[string], WebhookEventRow>(`SELECT ${COLS} FROM webhook_events WHERE id = ?`);
  const recent = db.prepare<[number], WebhookEventRow>(`SELECT ${COLS} FROM webhook_events ORDER BY received_at DESC, rowid DESC LIMIT ?`);
  const prune = db.prepare<[number]>('DELETE FROM webhook_events WHERE received_at < ?');
  return {
    get: (id: string) => byId.get(id),
    insert: (e: WebhookEventRow) => insert.run(e),
    recent: (limit: number) => recent.all(limit),
    /** Forgets events older than `before` (their ids can no longer be replayed: the timestamp check refuses them). */
    prune: (before: number) => prune.run(before).changes,
  };
}
