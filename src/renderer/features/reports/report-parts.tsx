import { TableHead } from '../../components/table-head';
import { useMoney } from '../../lib/format';

/** One total as a card: label above, amount below; `strong` for the ones the cashier acts on. */
export function Card({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`card${strong ? ' card-strong' : ''}`}>
      <div className="card-label">{label}</div>
      <div className="card-value">{value}</div>
    </div>
  );
}

/** A titled table of counts and amounts (per package, operator, payment method). */
export function Breakdown({ title, rows }: { title: string; rows: { key: string | number; label: string; count: number; totalMinor: number }[] }) {
  const money = useMoney();
  return (
    <section className="panel">
      <h3>{title}</h3>
      <table className="plain-table" aria-label={title}>
        <TableHead columns={['', '#Sold', '#Net']} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
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
