/** What the till's records say: the takings report over a time range, and the audit log. */
import type { AuditEntry, Report } from '../../shared/domain';
import type { AuditQuery } from '../db/audit';
import type { Store } from '../db/store';
import type { SettingsService } from './settings';
import { toAuditEntry } from './views';

export type ReportService = ReturnType<typeof createReportService>;

export function createReportService(d: { store: Store; settings: Pick<SettingsService, 'get'> }) {
  const { store } = d;
  return {
    /** Totals for [from, to): per kind (voids are negative rows), package, operator, payment method, payment source and hour; and the self-service payments refused. */
    summary(from: number, to: number): Report {
      const r = store.reports;
      const kinds = Object.fromEntries(r.byKind(from, to).map((k) => [k.kind, { count: k.count, totalMinor: k.totalMinor }]));
      const zero = { count: 0, totalMinor: 0 };
      const sales = kinds.sale ?? zero;
      const topups = kinds.topup ?? zero;
      const voids = kinds.void ?? zero;
      return {
        from,
        to,
        currency: d.settings.get().money.currency,
        sales,
        topups,
        voids,
        netMinor: sales.totalMinor + topups.totalMinor + voids.totalMinor,
        cashExpectedMinor: r.cash(from, to),
        byPackage: r.byPackage(from, to),
        byOperator: r.byOperator(from, to),
        byPaymentMethod: r.byPaymentMethod(from, to),
        byWallet: r.byWallet(from, to),
        bySource: r.bySource(from, to),
        refusedBySource: r.refusedBySource(from, to),
        byHour: r.byHour(from, to),
      };
    },

    /** One page of the audit log, newest first. */
    audit: (q: AuditQuery): AuditEntry[] => store.audit.list(q).map(toAuditEntry),
  };
}
