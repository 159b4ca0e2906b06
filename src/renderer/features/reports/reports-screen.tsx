import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Report } from '../../../shared/domain';
import { paymentLabel } from '../../components/payment-chips';
import { RangePicker, initialChoice, resolveRange, type RangeChoice } from '../../components/range-picker';
import { Empty, Failed, Loading } from '../../components/states';
import { formatTime, useMoney } from '../../lib/format';
import { AppError } from '../../../shared/errors';
import { reportError } from '../../lib/sync';
import { useMinute } from '../../stores/clock';
import { api, useConnection } from '../../stores/connection';
import { useData } from '../../stores/data';
import { SalesChart } from './sales-chart';
import { TableHead } from '../../components/table-head';

/** Takings for today, this operator's shift or picked days: totals, cash for the drawer, per package/operator/payment, by hour. */
export function ReportsScreen() {
  const [choice, setChoice] = useState<RangeChoice>(() => initialChoice('shift'));
  const shiftStart = useConnection((s) => s.signedInAt);
  const salesVersion = useData((s) => s.salesVersion);
  const now = useMinute();
  const [tries, setTries] = useState(0);
  // What came back for which query; the last report stays on screen while the next one loads.
  const [result, setResult] = useState<{ key: string; report: Report | null; error: string | null } | null>(null);
  const resolved = resolveRange(choice, now, shiftStart);
  // "My shift" runs up to now: its end is not part of the key (it is taken when loading).
  const key = 'error' in resolved ? null : `${choice.preset}|${resolved.from}|${choice.preset === 'shift' ? '' : resolved.to}|${salesVersion}|${tries}`;

  // Only the answer to the latest query is shown: a slow "Today" must not land under "Yesterday".
  const latest = useRef<string | null>(null);
  const load = useEffectEvent((forKey: string) => {
    const r = resolveRange(choice, Date.now(), shiftStart);
    if ('error' in r) return;
    latest.current = forKey;
    api()['reports.summary'](r)
      .then((report) => latest.current === forKey && setResult({ key: forKey, report, error: null }))
      .catch((err: unknown) => {
        if (latest.current !== forKey) return;
        setResult((old) => ({ key: forKey, report: old?.report ?? null, error: err instanceof Error ? err.message : String(err) }));
        if (err instanceof AppError && err.code === 'unauthorized') reportError(err);
      });
  });
  useEffect(() => {
    if (key) load(key);
  }, [key]);

  // While a new period loads, the last report stays only if it was for the same period (a refresh after a sale).
  const samePeriod = (k: string | undefined) => k?.split('|').slice(0, 3).join('|') === key?.split('|').slice(0, 3).join('|');
  const report = result && samePeriod(result.key) ? result.report : null;
  const error = result?.key === key ? result.error : null;
  return (
    <div className="reports">
      <div className="toolbar">
        <RangePicker value={choice} onChange={setChoice} presets={['shift', 'today', 'yesterday', 'week', 'custom']} error={'error' in resolved ? resolved : null} />
        {choice.preset === 'shift' && shiftStart ? <span className="muted">since you signed in at {formatTime(shiftStart)}</span> : null}
      </div>
      {error ? <Failed message={error} retry={() => setTries((n) => n + 1)} /> : !report ? <Loading what="the report" /> : <ReportView report={report} />}
    </div>
  );
}

function ReportView({ report: r }: { report: Report }) {
  const money = useMoney();
  if (r.sales.count === 0 && r.topups.count === 0 && r.voids.count === 0) {
    return <Empty title="No sales in this period">Sales, top-ups and voids are counted here as they happen.</Empty>;
  }
  return (
    <div className="report">
      <section className="cards" aria-label="Totals">
        <Card label="Net takings" value={money(r.netMinor)} strong />
        <Card label="Cash expected in the drawer" value={money(r.cashExpectedMinor)} strong />
        <Card label={`Sales (${r.sales.count})`} value={money(r.sales.totalMinor)} />
        <Card label={`Top-ups (${r.topups.count})`} value={money(r.topups.totalMinor)} />
        <Card label={`Voids (${r.voids.count})`} value={money(r.voids.totalMinor)} />
      </section>
      <div className="report-grid">
        <Breakdown title="Per package" rows={r.byPackage.map((p) => ({ key: p.packageId, label: p.packageName, ...p }))} />
        <Breakdown title="Per operator" rows={r.byOperator.map((o) => ({ key: o.operatorId, label: o.operatorName, ...o }))} />
        <Breakdown title="Per payment" rows={r.byPaymentMethod.map((m) => ({ key: m.paymentMethod, label: paymentLabel(m.paymentMethod), ...m }))} />
        <section className="panel chart-panel">
          <h3>By hour</h3>
          <SalesChart report={r} />
        </section>
      </div>
    </div>
  );
}

function Card({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`card${strong ? ' card-strong' : ''}`}>
      <div className="card-label">{label}</div>
      <div className="card-value">{value}</div>
    </div>
  );
}

function Breakdown({ title, rows }: { title: string; rows: { key: string | number; label: string; count: number; totalMinor: number }[] }) {
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
