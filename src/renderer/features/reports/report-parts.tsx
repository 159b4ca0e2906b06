import type { ReactNode } from 'react';
import type { Report } from '../../../shared/domain';
import { paymentLabel } from '../../components/payment-chips';
import { TableHead } from '../../components/table-head';
import { useMoney } from '../../lib/format';
import { useT } from '../../i18n';
import './report-parts.css';

export interface BreakdownRow {
  key: string | number;
  label: string;
  count: number;
  totalMinor: number;
  /** A part of the row above it (an e-wallet within "E-wallet"): indented. */
  sub?: boolean;
}

/** The self-service rows: each coin slot or e-wallet gateway by name and kind ("Door · Coin slot"), voids netted. */
export function sourceRows(bySource: Report['bySource']): BreakdownRow[] {
  return bySource.map((s) => ({ key: `source:${s.sourceId}`, label: `${s.sourceName} · ${paymentLabel(s.kind)}`, count: s.count, totalMinor: s.totalMinor }));
}

/** One total as a card: label above, amount below; `strong` for the ones the cashier acts on. */
export function Card({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`card${strong ? ' card-strong' : ''}`}>
      <div className="card-label">{label}</div>
      <div className="card-value">{value}</div>
    </div>
  );
}

/**
 * A titled table of counts and amounts (per package, operator, payment method, self-service
 * source); `columns` names the two number columns (default: sold, net), `hint` says what the rows mean.
 */
export function Breakdown({ title, rows, columns, hint, className, action }: { title: string; rows: BreakdownRow[]; columns?: [string, string]; hint?: string; className?: string; action?: ReactNode }) {
  const t = useT();
  const money = useMoney();
  const [count, amount] = columns ?? [t('reports.sold'), t('reports.net')];
  return (
    <section className={className ? `panel ${className}` : 'panel'}>
      <h3>{title}</h3>
      {hint ? <p className="muted breakdown-hint">{hint}</p> : null}
      {action}
      <table className="plain-table" aria-label={title}>
        <TableHead columns={['', `#${count}`, `#${amount}`]} />
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                {t('reports.noneInPeriod')}
              </td>
            </tr>
          ) : null}
          {rows.map((row) => (
            <tr key={row.key} className={row.sub ? 'breakdown-sub' : undefined}>
              <td>{row.label}</td>
              <td className="num">{row.count}</td>
              <td className="num">{money(row.totalMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
