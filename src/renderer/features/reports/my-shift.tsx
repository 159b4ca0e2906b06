import { useState } from 'react';
import { Button } from '../../components/button';
import { LoadedView } from '../../components/loaded-view';
import { Empty } from '../../components/states';
import { formatTime, useMoney } from '../../lib/format';
import { reportError } from '../../lib/sync';
import { useLoaded } from '../../lib/use-loaded';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { useT } from '../../i18n';
import { paymentRows } from '../../components/payment-chips';
import { Breakdown, Card } from './report-parts';

/** "My shift": this operator's open shift as the core counts it (their own sales, top-ups and voids since it opened), or a way to open one. */
export function MyShift() {
  const t = useT();
  const version = useData((s) => s.shiftsVersion);
  // Wrapped: "no open shift" (null) is an answer, not "still loading".
  const current = useLoaded(version, async () => ({ shift: await api()['shifts.current']({}) }));
  const money = useMoney();
  const [opening, setOpening] = useState(false);
  const open = async () => {
    setOpening(true);
    try {
      const s = await api()['shifts.open']({});
      useUi.getState().toast('ok', t('reports.shiftOpened', { time: formatTime(s.openedAt) }));
      current.reload();
    } catch (err) {
      reportError(err);
    } finally {
      setOpening(false);
    }
  };
  return (
    <LoadedView loaded={current} what={t('reports.loadingShift')}>
      {({ shift }) =>
        !shift ? (
          <Empty title={t('reports.noOpenShift')}>
            <p>{t('reports.noOpenShiftHint')}</p>
            <Button kind="primary" size="lg" busy={opening} onClick={() => void open()}>
              {t('reports.openShift')}
            </Button>
          </Empty>
        ) : (
          <div className="report">
            <p className="muted my-shift-opened">{t('reports.myShiftIntro', { operator: shift.operatorName, time: formatTime(shift.openedAt) })}</p>
            <section className="cards" aria-label={t('reports.totals')}>
              <Card label={t('reports.netTakings')} value={money(shift.totals.netMinor)} strong />
              <Card label={t('reports.cashExpected')} value={money(shift.totals.cashExpectedMinor)} strong />
              <Card label={t('reports.salesCount', { count: shift.totals.sales.count })} value={money(shift.totals.sales.totalMinor)} />
              <Card label={t('reports.topupsCount', { count: shift.totals.topups.count })} value={money(shift.totals.topups.totalMinor)} />
              <Card label={t('reports.voidsCount', { count: shift.totals.voids.count })} value={money(shift.totals.voids.totalMinor)} />
            </section>
            {shift.totals.byPaymentMethod.length > 0 ? (
              <div className="report-grid">
                <Breakdown title={t('reports.perPayment')} rows={paymentRows(shift.totals.byPaymentMethod, shift.totals.byWallet)} />
              </div>
            ) : (
              <Empty title={t('reports.nothingInShift')}>{t('reports.countedAsTheyHappen')}</Empty>
            )}
          </div>
        )
      }
    </LoadedView>
  );
}
