/** SQL for card batches: cards printed together for one package, sold at their first login or at generation. */
import type { SoldWhen } from '../../shared/domain';
import type { Db } from './sqlite';

export interface BatchRow {
  id: number;
  packageId: number;
  packageName: string;
  /** The package as it was at generation (JSON), for each card's sale row. */
  packageTerms: string;
  priceMinor: number;
  grantedTimeS: number | null;
  grantedDataBytes: number | null;
  grantedValidityS: number | null;
  count: number;
  prefix: string;
  mode: 'code' | 'code+password';
  label: string;
  soldWhen: SoldWhen;
  createdBy: number;
  createdByName: string;
  createdAt: number;
  requestId: string | null;
}

export type NewBatch = Omit<BatchRow, 'id' | 'createdByName'>;

/** A batch's cards counted by what became of them, and what the ledger holds for them. */
export interface BatchTally {
  stock: number;
  used: number;
  expired: number;
  voided: number;
  valueSoldMinor: number;
}

export interface CardRow {
  sessionId: number;
  code: string;
  password: string;
  state: 'STOCK' | 'PENDING' | 'ACTIVE' | 'EXPIRED' | 'TERMINATED';
  firstLoginAt: number | null;
  endedAt: number | null;
  endReason: string | null;
}

const COLS = `b.id, b.package_id AS packageId, b.package_name AS packageName, b.package_terms AS packageTerms,
  b.price_minor AS priceMinor, b.granted_time_s AS grantedTimeS, b.granted_data_bytes AS grantedDataBytes,
  b.granted_validity_s AS grantedValidityS, b.count, b.prefix, b.mode, b.label, b.sold_when AS soldWhen,
  b.created_by AS createdBy, o.name AS createdByName, b.created_at AS createdAt, b.request_id AS requestId`;
const FROM = 'FROM batches b JOIN operators o ON o.id = b.created_by';

/**
 * Used: logged in at least once. Stock: not used and still usable (in stock, or sold at
 * generation and waiting). Expired / voided: never used, and expired (its unused-voucher
 * deadline) or ended (the batch's unused cards voided, or an at-generation sale voided).
 * Value sold: the cards' own sales less their voids (a later top-up at the counter is the counter's).
 */
const TALLY = `SELECT
    coalesce(sum(s.first_login_at IS NULL AND s.state IN ('STOCK', 'PENDING')), 0) AS stock,
    coalesce(sum(s.first_login_at IS NOT NULL), 0) AS used,
    coalesce(sum(s.first_login_at IS NULL AND s.state = 'EXPIRED'), 0) AS expired,
    coalesce(sum(s.first_login_at IS NULL AND s.state = 'TERMINATED'), 0) AS voided,
    (SELECT coalesce(sum(x.price_minor), 0) FROM sales x JOIN sessions xs ON xs.id = x.session_id
      WHERE xs.batch_id = @id AND (x.kind = 'sale' OR (x.kind = 'void' AND EXISTS (SELECT 1 FROM sales o WHERE o.id = x.voids_sale_id AND o.kind = 'sale')))) AS valueSoldMinor
  FROM sessions s WHERE s.batch_id = @id`;

/** Prepared statements for the batches table and the cards of a batch. */
export function batchQueries(db: Db) {
  const byId = db.prepare<[number], BatchRow>(`SELECT ${COLS} ${FROM} WHERE b.id = ?`);
  const byRequest = db.prepare<[string], BatchRow>(`SELECT ${COLS} ${FROM} WHERE b.request_id = ?`);
  const ofSession = db.prepare<[number], BatchRow>(`SELECT ${COLS} ${FROM} JOIN sessions s ON s.batch_id = b.id WHERE s.id = ?`);
  const page = db.prepare<{ before: number | null; limit: number }, BatchRow>(
    `SELECT ${COLS} ${FROM} WHERE @before IS NULL OR b.id < @before ORDER BY b.id DESC LIMIT @limit`,
  );
  const tally = db.prepare<{ id: number }, BatchTally>(TALLY);
  const cards = db.prepare<[number], CardRow>(
    `SELECT s.id AS sessionId, s.voucher_code AS code, s.password, s.state, s.first_login_at AS firstLoginAt,
       s.ended_at AS endedAt, s.end_reason AS endReason FROM sessions s WHERE s.batch_id = ? ORDER BY s.id`,
  );
  const insert = db.prepare<NewBatch>(
    `INSERT INTO batches (package_id, package_name, package_terms, price_minor, granted_time_s, granted_data_bytes,
       granted_validity_s, count, prefix, mode, label, sold_when, created_by, created_at, request_id)
     VALUES (@packageId, @packageName, @packageTerms, @priceMinor, @grantedTimeS, @grantedDataBytes,
       @grantedValidityS, @count, @prefix, @mode, @label, @soldWhen, @createdBy, @createdAt, @requestId)`,
  );
  return {
    get: (id: number) => byId.get(id),
    byRequestId: (requestId: string) => byRequest.get(requestId),
    /** The batch a card belongs to (undefined for a voucher sold at the counter). */
    ofSession: (sessionId: number) => ofSession.get(sessionId),
    list: (limit: number, before?: number) => page.all({ before: before ?? null, limit }),
    tally: (id: number) => tally.get({ id })!,
    cards: (id: number) => cards.all(id),
    insert: (b: NewBatch) => Number(insert.run(b).lastInsertRowid),
  };
}
