/** SQL for the append-only sales ledger. */
import type { PaymentMethod, SaleKind } from '../../shared/domain';
import type { Db } from './sqlite';
import { likePattern, Where } from './where';

export interface SaleRow {
  id: number;
  kind: SaleKind;
  sessionId: number;
  voucherCode: string;
  packageId: number;
  packageName: string;
  packageTerms: string;
  priceMinor: number;
  paidMinor: number;
  changeMinor: number;
  paymentMethod: PaymentMethod;
  /** The e-wallet paid with; null for other methods. */
  wallet: string | null;
  /** The payment's reference number; null when none. */
  paymentRef: string | null;
  grantedTimeS: number | null;
  grantedDataBytes: number | null;
  grantedValidityS: number | null;
  /** Null for a self-service sale (a payment event's), which has its source instead. */
  operatorId: number | null;
  /** The operator's name, or "self-service: <source name>". */
  operatorName: string;
  /** The payment source of a self-service sale and of its void; null otherwise. */
  sourceId: number | null;
  voidsSaleId: number | null;
  voidedBySaleId: number | null;
  reason: string | null;
  requestId: string | null;
  createdAt: number;
  /** The shift the row was taken in (null: before shifts existed). */
  shiftId: number | null;
}

/**
 * A ledger row to write: it names the acting operator's open shift, set once at insert (the
 * ledger is append-only); null only for a card sold by its first login, which no drawer took.
 */
export type NewSale = Omit<SaleRow, 'id' | 'voucherCode' | 'operatorName' | 'voidedBySaleId' | 'shiftId'> & { shiftId: number | null };

export interface SaleListQuery {
  /** Leave out the sales of batch cards nobody has used yet (a cashier's History: their codes are as good as cash). */
  withoutUnusedCards?: boolean;
  from?: number | undefined;
  to?: number | undefined;
  search?: string | undefined;
  operatorId?: number | undefined;
  limit: number;
  before?: number | undefined;
}

const COLS = `x.id, x.kind, x.session_id AS sessionId, s.voucher_code AS voucherCode, x.package_id AS packageId,
  x.package_name AS packageName, x.package_terms AS packageTerms, x.price_minor AS priceMinor, x.paid_minor AS paidMinor,
  x.change_minor AS changeMinor, x.payment_method AS paymentMethod, x.wallet, x.payment_ref AS paymentRef, x.granted_time_s AS grantedTimeS,
  x.granted_data_bytes AS grantedDataBytes, x.granted_validity_s AS grantedValidityS, x.operator_id AS operatorId,
  coalesce(o.name, 'self-service: ' || ps.name) AS operatorName, x.source_id AS sourceId, x.voids_sale_id AS voidsSaleId, v.id AS voidedBySaleId, x.reason, x.request_id AS requestId,
  x.created_at AS createdAt, x.shift_id AS shiftId`;
const FROM = `FROM sales x JOIN sessions s ON s.id = x.session_id LEFT JOIN operators o ON o.id = x.operator_id
  LEFT JOIN payment_sources ps ON ps.id = x.source_id LEFT JOIN sales v ON v.voids_sale_id = x.id`;

/** Prepared statements for the sales ledger (insert and read only: triggers refuse the rest). */
export function saleQueries(db: Db) {
  const byId = db.prepare<[number], SaleRow>(`SELECT ${COLS} ${FROM} WHERE x.id = ?`);
  const byRequest = db.prepare<[string], SaleRow>(`SELECT ${COLS} ${FROM} WHERE x.request_id = ?`);
  const bySession = db.prepare<[number], SaleRow>(`SELECT ${COLS} ${FROM} WHERE x.session_id = ? ORDER BY x.id`);
  const changedSince = db.prepare<[number, number], 1>(`SELECT 1 FROM sales WHERE session_id = ? AND kind IN ('topup', 'void') AND created_at > ? LIMIT 1`).pluck();
  const firstOfBatch = db.prepare<[number], SaleRow>(`SELECT ${COLS} ${FROM} WHERE s.batch_id = ? AND x.kind = 'sale' ORDER BY x.id LIMIT 1`);
  const insert = db.prepare<NewSale>(
    `INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor,
       payment_method, wallet, payment_ref, granted_time_s, granted_data_bytes, granted_validity_s, operator_id, voids_sale_id, reason,
       request_id, created_at, shift_id, source_id)
     VALUES (@kind, @sessionId, @packageId, @packageName, @packageTerms, @priceMinor, @paidMinor, @changeMinor,
       @paymentMethod, @wallet, @paymentRef, @grantedTimeS, @grantedDataBytes, @grantedValidityS, @operatorId, @voidsSaleId, @reason,
       @requestId, @createdAt, @shiftId, @sourceId)`,
  );
  return {
    get: (id: number) => byId.get(id),
    byRequestId: (requestId: string) => byRequest.get(requestId),
    bySession: (sessionId: number) => bySession.all(sessionId),
    /** The first sale of a batch's cards (at generation: how the batch was paid). */
    firstOfBatch: (batchId: number) => firstOfBatch.get(batchId),
    /** Whether a session's limits changed (a top-up, or a void) after `at`. */
    limitsChangedSince: (sessionId: number, at: number) => changedSince.get(sessionId, at) !== undefined,
    insert: (s: NewSale) => Number(insert.run(s).lastInsertRowid),
    list: (q: SaleListQuery) => {
      const where = new Where();
      if (q.withoutUnusedCards) where.always('NOT (s.batch_id IS NOT NULL AND s.first_login_at IS NULL)');
      where
        .when(q.from, 'x.created_at >= @from', 'from')
        .when(q.to, 'x.created_at < @to', 'to')
        .when(q.operatorId, 'x.operator_id = @operatorId', 'operatorId')
        .when(q.before, 'x.id < @before', 'before')
        .when(
          q.search ? likePattern(q.search) : undefined,
          `(s.voucher_code LIKE @search ESCAPE '\\' OR x.package_name LIKE @search ESCAPE '\\' OR o.name LIKE @search ESCAPE '\\' OR ps.name LIKE @search ESCAPE '\\' OR ps.key LIKE @search ESCAPE '\\'
            OR s.pc_user LIKE @search ESCAPE '\\' OR x.reason LIKE @search ESCAPE '\\' OR x.payment_ref LIKE @search ESCAPE '\\'
            OR x.wallet LIKE @search ESCAPE '\\')`,
          'search',
        );
      const sql = `SELECT ${COLS} ${FROM} ${where} ORDER BY x.id DESC LIMIT @limit`;
      return db.prepare<Record<string, string | number>, SaleRow>(sql).all({ ...where.params, limit: q.limit });
    },
  };
}
