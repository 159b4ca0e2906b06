/** SQL for shifts and their takings (summed from the ledger rows that name the shift). */
import type { PaymentMethod, SaleKind } from '../../shared/domain';
import type { Db } from './sqlite';
import { Where } from './where';

export interface ShiftRow {
  id: number;
  operatorId: number;
  operatorName: string;
  openedAt: number;
  closedAt: number | null;
  closedById: number | null;
  closedByName: string | null;
  cashExpectedMinor: number | null;
  cashCountedMinor: number | null;
  note: string | null;
}

export interface ShiftClose {
  id: number;
  closedAt: number;
  closedBy: number;
  cashExpectedMinor: number;
  cashCountedMinor: number;
  note: string | null;
}

export interface ShiftListQuery {
  operatorId?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
  before?: number | undefined;
}

/** One group of a shift's ledger rows: its kind and payment method, how many rows and their sum (voids negative). */
export interface ShiftLedgerGroup {
  shiftId: number;
  kind: SaleKind;
  paymentMethod: PaymentMethod;
  /** The e-wallet of e-wallet rows; null otherwise. */
  wallet: string | null;
  count: number;
  totalMinor: number;
}

const COLS = `f.id, f.operator_id AS operatorId, o.name AS operatorName, f.opened_at AS openedAt, f.closed_at AS closedAt,
  f.closed_by AS closedById, c.name AS closedByName, f.cash_expected_minor AS cashExpectedMinor,
  f.cash_counted_minor AS cashCountedMinor, f.note`;
const FROM = 'FROM shifts f JOIN operators o ON o.id = f.operator_id LEFT JOIN operators c ON c.id = f.closed_by';

/** Prepared statements for shifts. */
export function shiftQueries(db: Db) {
  const byId = db.prepare<[number], ShiftRow>(`SELECT ${COLS} ${FROM} WHERE f.id = ?`);
  const openFor = db.prepare<[number], ShiftRow>(`SELECT ${COLS} ${FROM} WHERE f.operator_id = ? AND f.closed_at IS NULL`);
  const insert = db.prepare<[number, number]>('INSERT INTO shifts (operator_id, opened_at) VALUES (?, ?)');
  const close = db.prepare<ShiftClose>(
    `UPDATE shifts SET closed_at = @closedAt, closed_by = @closedBy, cash_expected_minor = @cashExpectedMinor,
       cash_counted_minor = @cashCountedMinor, note = @note
     WHERE id = @id AND closed_at IS NULL`,
  );
  // Every shift asked for in one query: the ids go in as a JSON array.
  const ledger = db.prepare<[string], ShiftLedgerGroup>(
    `SELECT x.shift_id AS shiftId, x.kind, x.payment_method AS paymentMethod, x.wallet, count(*) AS count, coalesce(sum(x.price_minor), 0) AS totalMinor
     FROM sales x WHERE x.shift_id IN (SELECT value FROM json_each(?))
     GROUP BY x.shift_id, x.kind, x.payment_method, x.wallet`,
  );
  return {
    get: (id: number) => byId.get(id),
    /** The operator's open shift, if any (there is at most one). */
    openFor: (operatorId: number) => openFor.get(operatorId),
    insert: (operatorId: number, openedAt: number) => Number(insert.run(operatorId, openedAt).lastInsertRowid),
    /** Closes an open shift; false when it was already closed. */
    close: (c: ShiftClose) => close.run(c).changes === 1,
    /** The ledger rows of these shifts, grouped by shift, kind, payment method and e-wallet. */
    ledger: (shiftIds: readonly number[]) => (shiftIds.length ? ledger.all(JSON.stringify(shiftIds)) : []),
    /** Shifts newest first; from/to pick the shifts open at some time in [from, to). */
    list: (q: ShiftListQuery) => {
      const where = new Where()
        .when(q.operatorId, 'f.operator_id = @operatorId', 'operatorId')
        .when(q.from, '(f.closed_at IS NULL OR f.closed_at >= @from)', 'from')
        .when(q.to, 'f.opened_at < @to', 'to')
        .when(q.before, 'f.id < @before', 'before');
      const sql = `SELECT ${COLS} ${FROM} ${where} ORDER BY f.id DESC LIMIT @limit`;
      return db.prepare<Record<string, string | number>, ShiftRow>(sql).all({ ...where.params, limit: q.limit });
    },
  };
}
