import { useEffect, useEffectEvent, useRef, useState, type ReactNode } from 'react';
import type { Settings, ShiftView } from '../../shared/domain';
import { formatMoney } from '../../shared/format';
import { printSlip } from '../lib/print';
import { reportError } from '../lib/sync';
import { useData } from '../stores/data';
import { Brand } from './brand';
import { Button } from './button';
import { PrintoutDialog } from './printout-dialog';
import { paymentLabel } from './payment-chips';
import type { Reprint } from './voucher-slip';
import { t as tNow, useLocale, useT, type Translate } from '../i18n';

/** Whether the drawer held more or less than expected, in words: "Over by ₱5.00", "Short by ₱20.00", "Balanced" (`amount`: the difference, formatted). */
export function overShort(differenceMinor: number, money: (minor: number) => string, tr: Translate = tNow): { tone: 'over' | 'short' | 'balanced'; text: string; amount: string } {
  const tone = differenceMinor > 0 ? 'over' : differenceMinor < 0 ? 'short' : 'balanced';
  const amount = money(Math.abs(differenceMinor));
  return { tone, amount, text: tr('components.shift.overShort', { tone, amount }) };
}

/** The printed shift report for 58 or 80 mm paper: who, when, what was taken, the cash expected and counted, over or short. */
export function ShiftReport({ shift, settings, printedAt, reprint }: { shift: ShiftView; settings: Settings; printedAt: number; reprint?: Reprint | undefined }) {
  const tr = useT();
  const locale = useLocale();
  const money = (m: number) => formatMoney(m, settings.money);
  const when = (at: number) => new Date(at).toLocaleString(locale);
  const t = shift.totals;
  return (
    <article className={`shift-report shift-report-${settings.cafe.receiptWidthMm}`} aria-label={tr('components.shift.report')}>
      {reprint ? <div className="shift-report-reprint">{tr('components.shift.reprint', { when: when(reprint.at), operator: reprint.operatorName })}</div> : null}
      <header>
        <Brand settings={settings} widthMm={settings.cafe.receiptWidthMm}>
          <div>{tr('components.shift.heading', { id: shift.id })}</div>
        </Brand>
      </header>
      <Lines>
        <Line label={tr('components.shift.operator')} value={shift.operatorName} />
        <Line label={tr('components.shift.opened')} value={when(shift.openedAt)} />
        <Line label={tr('components.shift.closed')} value={shift.closedAt === null ? tr('components.shift.stillOpen') : when(shift.closedAt)} />
        {shift.closedByName ? <Line label={tr('components.shift.closedBy')} value={shift.closedByName} /> : null}
      </Lines>
      <Lines>
        <Line label={tr('components.shift.sales', { count: t.sales.count })} value={money(t.sales.totalMinor)} />
        <Line label={tr('components.shift.topups', { count: t.topups.count })} value={money(t.topups.totalMinor)} />
        <Line label={tr('components.shift.voids', { count: t.voids.count })} value={money(t.voids.totalMinor)} />
        <Line label={tr('components.shift.net')} value={money(t.netMinor)} strong />
      </Lines>
      {t.byPaymentMethod.length > 0 ? (
        <Lines title={tr('components.shift.perPayment')}>
          {t.byPaymentMethod.flatMap((m) => [
            <Line key={m.paymentMethod} label={`${paymentLabel(m.paymentMethod, tr)} (${m.count})`} value={money(m.totalMinor)} />,
            // E-wallet takings per e-wallet, to match with each e-wallet's own statement.
            ...(m.paymentMethod === 'e-wallet' ? t.byWallet.map((w) => <Line key={`wallet-${w.wallet}`} label={`↳ ${w.wallet} (${w.count})`} value={money(w.totalMinor)} />) : []),
          ])}
        </Lines>
      ) : null}
      <Lines>
        <Line label={tr('components.shift.cashExpected')} value={money(t.cashExpectedMinor)} />
        {shift.cashCountedMinor !== null ? <Line label={tr('components.shift.cashCounted')} value={money(shift.cashCountedMinor)} /> : null}
        {shift.differenceMinor !== null ? <div className="shift-report-diff">{overShort(shift.differenceMinor, money, tr).text}</div> : null}
      </Lines>
      {shift.note ? <div className="shift-report-note">{tr('components.shift.note', { note: shift.note })}</div> : null}
      <div className="shift-report-small">{tr('components.shift.printed', { when: when(printedAt) })}</div>
    </article>
  );
}

function Lines({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <section className="shift-report-lines">
      {title ? <div className="shift-report-title">{title}</div> : null}
      {children}
    </section>
  );
}

function Line({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`shift-report-line${strong ? ' shift-report-strong' : ''}`}>
      <span>{label}</span>
      <span>{value}</span>
    </div>
  );
}

export interface ShiftReportDialogProps {
  shift: ShiftView;
  title: string;
  /** Print as soon as it is shown, exactly once. */
  print: boolean;
  /** A report printed again: marked REPRINT with when and by whom. */
  reprint?: Reprint | undefined;
  /** The button that closes it ("Done", "Done · Sign out"). */
  done: string;
  onClose: () => void;
}

/** A shift report on screen and on paper (at the receipt width Settings say), after closing the shift or again from Reports. */
export function ShiftReportDialog({ shift, title, print, reprint, done, onClose }: ShiftReportDialogProps) {
  const t = useT();
  const settings = useData((s) => s.settings)!;
  const width = settings.cafe.receiptWidthMm;
  const [printedAt] = useState(() => Date.now());
  const [printing, setPrinting] = useState(false);
  const printed = useRef(false);
  const printNow = () => {
    setPrinting(true);
    printSlip(width)
      .catch(reportError)
      .finally(() => setPrinting(false));
  };
  const printFirst = useEffectEvent(printNow);
  useEffect(() => {
    if (!print || printed.current) return;
    printed.current = true;
    printFirst();
  }, [print]);
  const report = <ShiftReport shift={shift} settings={settings} printedAt={printedAt} reprint={reprint} />;
  const printButton = (
    <Button kind="plain" size="lg" busy={printing} onClick={printNow}>
      {t(print ? 'components.printAgain' : 'components.shift.printReport')}
    </Button>
  );
  return (
    <PrintoutDialog title={title} print={printButton} done={done} onClose={onClose}>
      {report}
    </PrintoutDialog>
  );
}
