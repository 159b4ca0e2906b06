/** SQL that sums the ledger for reports. */
import type { PaymentMethod } from '../../shared/domain';
import type { Db } from './sqlite';

export interface Totals {
  count: number;
  totalMinor: number;
}

const SUM = 'count(*) AS count, coalesce(sum(x.price_minor), 0) AS totalMinor';
// A sale and its void count in the period each happened in; "count" of a group counts sales and top-ups, not voids.
const NET = "sum(CASE WHEN x.kind = 'void' THEN 0 ELSE 1 END) AS count, coalesce(sum(x.price_minor), 0) AS totalMinor";
const RANGE = 'x.created_at >= @from AND x.created_at < @to';

/** Prepared statements for the reports over a [from, to) range of the ledger. */
export function reportQueries(db: Db) {
  const byKind = db.prepare<{ from: number; to: number }, Totals & { kind: 'sale' | 'topup' | 'void' }>(
    `SELECT x.kind, ${SUM} FROM sales x WHERE ${RANGE} GROUP BY x.kind`,
  );
  const cash = db.prepare<{ from: number; to: number }, { cash: number }>(
    `SELECT coalesce(sum(x.price_minor), 0) AS cash FROM sales x WHERE ${RANGE} AND x.payment_method = 'cash'`,
  );
  const byPackage = db.prepare<{ from: number; to: number }, Totals & { packageId: number; packageName: string }>(
    `SELECT x.package_id AS packageId, max(x.package_name) AS packageName, ${NET} FROM sales x WHERE ${RANGE}
     GROUP BY x.package_id ORDER BY totalMinor DESC, packageId`,
  );
  // A row counts for the operator whose drawer it went through: its shift's operator. A void is in the
  // seller's shift while that is open, so it counts for the seller, not for the admin who pressed Void
  // (still its operator_id, for History and the audit); a void in no shift (a voucher card's) counts
  // for whom the sale it reverses counts.
  const byOperator = db.prepare<{ from: number; to: number }, Totals & { operatorId: number; operatorName: string }>(
    `SELECT o.id AS operatorId, o.name AS operatorName, ${NET}
     FROM sales x LEFT JOIN shifts f ON f.id = x.shift_id LEFT JOIN sales v ON v.id = x.voids_sale_id
     JOIN operators o ON o.id = coalesce(f.operator_id, v.operator_id, x.operator_id)
     WHERE ${RANGE} AND x.source_id IS NULL GROUP BY o.id ORDER BY totalMinor DESC, operatorId`,
  );
  // Self-service sales and their voids (whoever voided them) count for their source, not for an operator.
  const bySource = db.prepare<{ from: number; to: number }, Totals & { sourceId: number; sourceName: string; kind: 'coin' | 'e-wallet' }>(
    `SELECT x.source_id AS sourceId, ps.name AS sourceName, ps.kind, ${NET} FROM sales x JOIN payment_sources ps ON ps.id = x.source_id
     WHERE ${RANGE} GROUP BY x.source_id ORDER BY totalMinor DESC, sourceId`,
  );
  // Payments a source signed and the app refused (no sale; the money is in the device), by when first refused; not those settled at the counter since.
  const refusedBySource = db.prepare<{ from: number; to: number }, Totals & { sourceId: number; sourceName: string; kind: 'coin' | 'e-wallet' }>(
    `SELECT r.source_id AS sourceId, ps.name AS sourceName, ps.kind, count(*) AS count, sum(r.amount_minor) AS totalMinor
     FROM refused_payments r JOIN payment_sources ps ON ps.id = r.source_id
     WHERE r.received_at >= @from AND r.received_at < @to AND r.settled IS NULL GROUP BY r.source_id ORDER BY totalMinor DESC, sourceId`,
  );
  const byPayment = db.prepare<{ from: number; to: number }, Totals & { paymentMethod: PaymentMethod }>(
    `SELECT x.payment_method AS paymentMethod, ${NET} FROM sales x WHERE ${RANGE} GROUP BY x.payment_method ORDER BY totalMinor DESC`,
  );
  const byWallet = db.prepare<{ from: number; to: number }, Totals & { wallet: string }>(
    `SELECT x.wallet, ${NET} FROM sales x WHERE ${RANGE} AND x.wallet IS NOT NULL GROUP BY x.wallet ORDER BY totalMinor DESC, x.wallet`,
  );
  const byHour = db.prepare<{ from: number; to: number }, Totals & { hourStart: number }>(
    `SELECT (x.created_at / 3600000) * 3600000 AS hourStart, ${NET} FROM sales x WHERE ${RANGE}
     GROUP BY hourStart ORDER BY hourStart`,
  );
  return {
    byKind: (from: number, to: number) => byKind.all({ from, to }),
    cash: (from: number, to: number) => cash.get({ from, to })!.cash,
    byPackage: (from: number, to: number) => byPackage.all({ from, to }),
    byOperator: (from: number, to: number) => byOperator.all({ from, to }),
    byPaymentMethod: (from: number, to: number) => byPayment.all({ from, to }),
    byWallet: (from: number, to: number) => byWallet.all({ from, to }),
    bySource: (from: number, to: number) => bySource.all({ from, to }),
    refusedBySource: (from: number, to: number) => refusedBySource.all({ from, to }),
    byHour: (from: number, to: number) => byHour.all({ from, to }),
  };
}
