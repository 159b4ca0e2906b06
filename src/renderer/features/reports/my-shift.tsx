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
import { Breakdown, Card, paymentRows } from './report-parts';

/** "My shift": this operator's open shift as the core counts it (their own sales, top-ups and voids since it opened), or a way to open one. */
export function MyShift() {
  const version = useData((s) => s.shiftsVersion);
  // Wrapped: "no open shift" (null) is an answer, not "still loading".
  const current = useLoaded(version, async () => ({ shift: await api()['shifts.current']({}) }));
  const money = useMoney();
  const [opening, setOpening] = useState(false);
  const open = async () => {
    setOpening(true);
    try {
      const s = await api()['shifts.open']({});
      useUi.getState().toast('ok', `Shift opened at ${formatTime(s.openedAt)}`);
      current.reload();
    } catch (err) {
      reportError(err);
    } finally {
      setOpening(false);
    }
  };
  return (
    <LoadedView loaded={current} what="your shift">
      {({ shift }) =>
        !shift ? (
          <Empty title="You have no open shift">
            <p>A shift opens when you sign in and ends when you close it with the cash counted.</p>
            <Button kind="primary" size="lg" busy={opening} onClick={() => void open()}>
              Open a shift
            </Button>
          </Empty>
        ) : (
          <div className="report">
            <p className="muted my-shift-opened">
              {shift.operatorName}’s shift, opened at {formatTime(shift.openedAt)}: only the sales, top-ups and voids made in it.
            </p>
            <section className="cards" aria-label="Totals">
              <Card label="Net takings" value={money(shift.totals.netMinor)} strong />
              <Card label="Cash expected in the drawer" value={money(shift.totals.cashExpectedMinor)} strong />
              <Card label={`Sales (${shift.totals.sales.count})`} value={money(shift.totals.sales.totalMinor)} />
              <Card label={`Top-ups (${shift.totals.topups.count})`} value={money(shift.totals.topups.totalMinor)} />
              <Card label={`Voids (${shift.totals.voids.count})`} value={money(shift.totals.voids.totalMinor)} />
            </section>
            {shift.totals.byPaymentMethod.length > 0 ? (
              <div className="report-grid">
                <Breakdown title="Per payment" rows={paymentRows(shift.totals.byPaymentMethod, shift.totals.byWallet)} />
              </div>
            ) : (
              <Empty title="Nothing sold in this shift yet">Sales, top-ups and voids are counted here as they happen.</Empty>
            )}
          </div>
        )
      }
    </LoadedView>
  );
}
