import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Report } from '../../../shared/domain';
import { RangePicker, initialChoice, resolveRange, type RangeChoice } from '../../components/range-picker';
import { Empty, Failed, Loading } from '../../components/states';
import { tabPanelId, Tabs } from '../../components/tabs';
import { useMoney } from '../../lib/format';
import { AppError } from '../../../shared/errors';
import { reportError } from '../../lib/sync';
import { useMinute } from '../../stores/clock';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { MyShift } from './my-shift';
import { paymentRows } from '../../components/payment-chips';
import { Breakdown, Card, sourceRows } from './report-parts';
import { RefusedPaymentsDialog } from './refused-payments';
import { SalesChart } from './sales-chart';
import { Button } from '../../components/button';
import { ShiftsList } from './shifts-list';
import { useT } from '../../i18n';

type Tab = 'takings' | 'shifts';

/** Takings for this operator's open shift, today or picked days (totals, cash for the drawer, per package/operator/payment/self-service source, by hour); and past shifts with their counted cash. */
export function ReportsScreen() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('takings');
  const [choice, setChoice] = useState<RangeChoice>(() => initialChoice('shift'));
  const now = useMinute();
  const resolved = resolveRange(choice, now, null);
  return (
    <div className="reports">
      <div className="toolbar">
        <Tabs
          id="reports"
          label={t('reports.title')}
          value={tab}
          onChange={setTab}
          tabs={[
            { id: 'takings', label: t('reports.takings') },
            { id: 'shifts', label: t('reports.shifts') },
          ]}
        />
        {tab === 'takings' ? <RangePicker value={choice} onChange={setChoice} presets={['shift', 'today', 'yesterday', 'week', 'custom']} error={'error' in resolved ? resolved : null} /> : null}
      </div>
      <div className="history-body" role="tabpanel" id={tabPanelId('reports')} aria-label={tab === 'takings' ? t('reports.takings') : t('reports.shifts')}>
        {tab === 'shifts' ? <ShiftsList /> : choice.preset === 'shift' ? <MyShift /> : 'error' in resolved ? null : <RangeReport choice={choice} />}
      </div>
    </div>
  );
}

/** The report for a range of days (everyone's sales in it). */
function RangeReport({ choice }: { choice: RangeChoice }) {
  const t = useT();
  const salesVersion = useData((s) => s.salesVersion);
  // A payment a source refused is announced as a change of its source: the report's "Paid but refused" follows.
  const sourcesVersion = useData((s) => s.paymentSourcesVersion);
  const now = useMinute();
  const [tries, setTries] = useState(0);
  // What came back for which query; the last report stays on screen while the next one loads.
  const [result, setResult] = useState<{ key: string; report: Report | null; error: string | null } | null>(null);
  const resolved = resolveRange(choice, now, null);
  const key = 'error' in resolved ? null : `${choice.preset}|${resolved.from}|${resolved.to}|${salesVersion}|${sourcesVersion}|${tries}`;

  // Only the answer to the latest query is shown: a slow "Today" must not land under "Yesterday".
  const latest = useRef<string | null>(null);
  const load = useEffectEvent((forKey: string) => {
    const r = resolveRange(choice, Date.now(), null);
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
  return error ? (
    <Failed message={error} retry={() => setTries((n) => n + 1)} />
  ) : !report ? (
    <Loading what={t('reports.loadingReport')} />
  ) : (
    <ReportView report={report} range={'error' in resolved ? null : resolved} />
  );
}

function ReportView({ report: r, range }: { report: Report; range: { from: number; to: number } | null }) {
  const t = useT();
  const money = useMoney();
  const [settling, setSettling] = useState(false);
  // Outside the report itself: settling the last refused payment of an otherwise empty period empties the report, not the open list (nor the slip it printed).
  const settle = settling && range ? <RefusedPaymentsDialog range={range} onClose={() => setSettling(false)} /> : null;
  if (r.sales.count === 0 && r.topups.count === 0 && r.voids.count === 0 && r.refusedBySource.length === 0) {
    return (
      <>
        <Empty title={t('reports.noSales')}>{t('reports.countedAsTheyHappen')}</Empty>
        {settle}
      </>
    );
  }
  return (
    <div className="report">
      <section className="cards" aria-label={t('reports.totals')}>
        <Card label={t('reports.netTakings')} value={money(r.netMinor)} strong />
        <Card label={t('reports.cashExpected')} value={money(r.cashExpectedMinor)} strong />
        <Card label={t('reports.salesCount', { count: r.sales.count })} value={money(r.sales.totalMinor)} />
        <Card label={t('reports.topupsCount', { count: r.topups.count })} value={money(r.topups.totalMinor)} />
        <Card label={t('reports.voidsCount', { count: r.voids.count })} value={money(r.voids.totalMinor)} />
      </section>
      <div className="report-grid">
        {r.refusedBySource.length > 0 ? (
          <Breakdown
            className="breakdown-refused"
            title={t('reports.refusedPayments')}
            hint={t('reports.refusedPaymentsHint')}
            columns={[t('reports.refused'), t('reports.amount')]}
            rows={sourceRows(r.refusedBySource)}
            action={
              range ? (
                <Button kind="primary" className="breakdown-action" onClick={() => setSettling(true)}>
                  {t('reports.settle.open')}
                </Button>
              ) : null
            }
          />
        ) : null}
        {settle}
        <Breakdown title={t('reports.perPackage')} rows={r.byPackage.map((p) => ({ key: p.packageId, label: p.packageName, ...p }))} />
        <Breakdown title={t('reports.perOperator')} rows={r.byOperator.map((o) => ({ key: o.operatorId, label: o.operatorName, ...o }))} />
        <Breakdown title={t('reports.perPayment')} rows={paymentRows(r.byPaymentMethod, r.byWallet, r.bySource)} />
        {r.bySource.length > 0 ? <Breakdown title={t('reports.selfServicePerSource')} rows={sourceRows(r.bySource)} /> : null}
        <section className="panel chart-panel">
          <h3>{t('reports.byHour')}</h3>
          <SalesChart report={r} />
        </section>
      </div>
    </div>
  );
}
