import type { Report } from '../../../shared/domain';
import { paymentLabel, paymentRows } from '../../components/payment-chips';
import { Empty, Failed, Loading } from '../../components/states';
import { useT } from '../../i18n';
import { formatTime, useMoney } from '../../lib/format';
import { useLoaded } from '../../lib/use-loaded';
import { useMinute } from '../../stores/clock';
import { useData } from '../../stores/data';
import { api } from '../../stores/sign-in';

/** Local midnight of the day `at` falls in. */
export function startOfDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

interface Row {
  key: string;
  label: string;
  count: number;
  totalMinor: number;
  sub?: boolean;
}

/** Today's takings, from local midnight to now: reloaded on every sale, top-up or void, payment a source refused (and at midnight). */
export function OwnerToday() {
  const t = useT();
  const salesVersion = useData((s) => s.salesVersion);
  const sourcesVersion = useData((s) => s.paymentSourcesVersion);
  const midnight = startOfDay(useMinute());
  const loaded = useLoaded(`${midnight}|${salesVersion}|${sourcesVersion}`, async () => {
    const to = Date.now();
    return { report: await api()['reports.summary']({ from: midnight, to: Math.max(to, midnight + 1) }), at: to };
  });
  if (loaded.data === null) return loaded.error ? <Failed message={loaded.error} retry={loaded.reload} /> : <Loading what={t('owner.today.what')} />;
  return <TodayView report={loaded.data.report} at={loaded.data.at} />;
}

/** Today's figures as the owner reads them: takings, counts, and per payment, package and operator. */
export function TodayView({ report: r, at }: { report: Report; at: number }) {
  const t = useT();
  const money = useMoney();
  const nothing = r.sales.count === 0 && r.topups.count === 0 && r.voids.count === 0;
  const payments: Row[] = paymentRows(r.byPaymentMethod, r.byWallet, r.bySource, t);
  const people: Row[] = [
    ...r.byOperator.map((o) => ({ key: `op:${o.operatorId}`, label: o.operatorName, count: o.count, totalMinor: o.totalMinor })),
    ...r.bySource.map((s) => ({ key: `src:${s.sourceId}`, label: `${s.sourceName} · ${paymentLabel(s.kind)}`, count: s.count, totalMinor: s.totalMinor })),
  ];
  const packages: Row[] = r.byPackage.map((p) => ({ key: `pkg:${p.packageId}`, label: p.packageName, count: p.count, totalMinor: p.totalMinor }));
  return (
    <div className="owner-page owner-today">
      <section className="owner-hero" aria-label={t('owner.today.takings')}>
        <div className="owner-hero-label">{t('owner.today.takings')}</div>
        <div className="owner-hero-value">{money(r.netMinor)}</div>
        <div className="owner-hero-sub">{t('owner.today.asOf', { time: formatTime(at) })}</div>
      </section>
      <section className="owner-stats" aria-label={t('owner.today.totals')}>
        <Stat label={t('owner.today.sales')} count={r.sales.count} value={money(r.sales.totalMinor)} />
        <Stat label={t('owner.today.topups')} count={r.topups.count} value={money(r.topups.totalMinor)} />
        <Stat label={t('owner.today.voids')} count={r.voids.count} value={money(r.voids.totalMinor)} />
        <div className="owner-stat owner-stat-cash">
          <div className="owner-stat-label">{t('owner.today.cashExpected')}</div>
          <div className="owner-stat-value">{money(r.cashExpectedMinor)}</div>
        </div>
      </section>
      {r.refusedBySource.length > 0 ? (
        <Rows
          title={t('reports.refusedPayments')}
          hint={t('reports.refusedPaymentsHint')}
          rows={r.refusedBySource.map((s) => ({ key: `refused:${s.sourceId}`, label: `${s.sourceName} · ${paymentLabel(s.kind)}`, count: s.count, totalMinor: s.totalMinor }))}
          counted={(count) => `${t('reports.refused')}: ${count}`}
        />
      ) : null}
      {nothing ? (
        <Empty title={t('owner.today.empty')}>{t('owner.today.emptyHint')}</Empty>
      ) : (
        <>
          <Rows title={t('owner.today.byPayment')} rows={payments} />
          <Rows title={t('owner.today.byPackage')} rows={packages} />
          <Rows title={t('owner.today.byOperator')} rows={people} />
        </>
      )}
    </div>
  );
}

/** A count and its amount: "Sales 12 · ₱240.00". */
function Stat({ label, count, value }: { label: string; count: number; value: string }) {
  return (
    <div className="owner-stat">
      <div className="owner-stat-label">{label}</div>
      <div className="owner-stat-value">{count}</div>
      <div className="owner-stat-sub">{value}</div>
    </div>
  );
}

/** A titled list of totals (per payment method, package, operator; payments refused), each count as `counted` says (default: "N sold"). */
function Rows({ title, rows, hint, counted }: { title: string; rows: Row[]; hint?: string; counted?: (count: number) => string }) {
  const t = useT();
  const money = useMoney();
  if (rows.length === 0) return null;
  return (
    <section className={hint ? 'owner-panel owner-panel-warn' : 'owner-panel'} aria-label={title}>
      <h3>{title}</h3>
      {hint ? <p className="owner-panel-hint">{hint}</p> : null}
      <ul className="owner-rows">
        {rows.map((row) => (
          <li key={row.key} className={row.sub ? 'owner-row owner-row-sub' : 'owner-row'}>
            <span className="owner-row-label">{row.label}</span>
            <span className="owner-row-count">{counted ? counted(row.count) : t('owner.today.sold', { count: row.count })}</span>
            <span className="owner-row-amount">{money(row.totalMinor)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
