import { useState } from 'react';
import type { ShiftView } from '../../shared/domain';
import { Button } from './button';
import { Dialog } from './dialog';
import { Field, FormError, useForm } from './field';
import { Keypad } from './keypad';
import { LoadedView } from './loaded-view';
import { paymentLabel } from './payment-chips';
import { overShort, ShiftReportDialog } from './shift-report';
import { Empty } from './states';
import { formatTime, noAmount, parseMoney, useMoney, useMoneyFormat } from '../lib/format';
import { useLoaded } from '../lib/use-loaded';
import { api, useSignIn } from '../stores/sign-in';
import { useData } from '../stores/data';
import { useUi } from '../stores/ui';
import { useT } from '../i18n';

/** The top bar's "Close shift": count the drawer, close the shift, print its report, sign out. */
export function CloseShiftButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button kind="ghost" className="close-shift-button" onClick={() => setOpen(true)}>
        {t('components.closeShift.button')}
      </Button>
      {open ? <CloseShift onCancel={() => setOpen(false)} /> : null}
    </>
  );
}

/** Closing this operator's open shift; once closed, its report (printed) until the operator signs out. */
function CloseShift({ onCancel }: { onCancel: () => void }) {
  const t = useT();
  const [closed, setClosed] = useState<ShiftView | null>(null);
  if (closed) {
    // The shift is over: whichever way the report is dismissed, the next operator signs in.
    const signOut = () => void useSignIn.getState().signOut();
    return <ShiftReportDialog shift={closed} title={t('components.closeShift.closed')} print done={t('components.closeShift.doneSignOut')} onClose={signOut} />;
  }
  return <CloseShiftDialog onCancel={onCancel} onClosed={setClosed} />;
}

/** An admin closes a shift another operator left open (Reports → Shifts): count that drawer, close, print the report. */
export function CloseOtherShift({ shiftId, onDone }: { shiftId: number; onDone: () => void }) {
  const t = useT();
  const [closed, setClosed] = useState<ShiftView | null>(null);
  if (closed) return <ShiftReportDialog shift={closed} title={t('components.closeShift.closed')} print done={t('common.done')} onClose={onDone} />;
  return <CloseShiftDialog shiftId={shiftId} onCancel={onDone} onClosed={setClosed} />;
}

/** One shift, as the list has it now (there is no single-shift read: the list is paged by id). */
async function shiftById(id: number): Promise<ShiftView | null> {
  const r = await api()['shifts.list']({ before: id + 1, limit: 1 });
  return r.shifts.find((s) => s.id === id && s.closedAt === null) ?? null;
}

/** The close form: the caller's own open shift, or (an admin) the shift `shiftId`. */
function CloseShiftDialog({ shiftId, onCancel, onClosed }: { shiftId?: number; onCancel: () => void; onClosed: (shift: ShiftView) => void }) {
  const t = useT();
  const version = useData((s) => s.shiftsVersion);
  // Wrapped: "no open shift" (null) is an answer, not "still loading".
  const current = useLoaded(version, async () => ({ shift: shiftId === undefined ? await api()['shifts.current']({}) : await shiftById(shiftId) }));
  const shift = current.data?.shift ?? null;
  const fmt = useMoneyFormat();
  const money = useMoney();
  const [countedText, setCountedText] = useState('');
  const [note, setNote] = useState('');
  const form = useForm();
  const counted = countedText.trim() === '' ? null : parseMoney(countedText, fmt);
  const typeCounted = (text: string) => {
    setCountedText(text);
    // The error was about what was typed before.
    if (form.errors.cashCountedMinor) form.clear();
  };

  const close = () =>
    form.submit(async () => {
      if (!shift) return;
      if (countedText.trim() === '') return form.set({ cashCountedMinor: t('components.closeShift.countCash') });
      if (counted === null) return form.set({ cashCountedMinor: noAmount(countedText, fmt, t('components.closeShift.notAmount', { example: money(125000) })) });
      const r = await api()['shifts.close']({ shiftId: shift.id, cashCountedMinor: counted, ...(note.trim() ? { note: note.trim() } : {}) });
      const { tone, amount } = overShort(r.differenceMinor ?? 0, money, t);
      useUi.getState().toast('ok', t('components.closeShift.closedToast', { tone, amount }));
      onClosed(r);
    });

  return (
    <Dialog
      title={t('components.closeShift.button')}
      wide
      onClose={onCancel}
      action={
        current.data && !shift && shiftId === undefined
          ? { label: t('components.closeShift.signOut'), onClick: () => void useSignIn.getState().signOut() }
          : { label: t('components.closeShift.closeAndPrint'), busy: form.busy, disabled: !shift, onClick: () => void close() }
      }
    >
      <LoadedView loaded={current} what={t('components.closeShift.yourShift')}>
        {({ shift: s }) =>
          s ? (
            <form
              className="close-shift"
              onSubmit={(e) => {
                e.preventDefault();
                void close();
              }}
            >
              <ShiftTotalsPanel shift={s} />
              <div className="close-shift-count">
                <div className="close-shift-expected">
                  <span>{t('components.closeShift.expected')}</span>
                  <strong>{money(s.totals.cashExpectedMinor)}</strong>
                </div>
                <Field label={t('components.shift.cashCounted')} error={form.errors.cashCountedMinor}>
                  {(p) => <input {...p} className="money-input" inputMode="decimal" autoComplete="off" autoFocus value={countedText} onChange={(e) => typeCounted(e.target.value)} />}
                </Field>
                <Difference counted={counted} expected={s.totals.cashExpectedMinor} />
                {/* The count tapped in on a touch till, as on Sell. */}
                <Keypad value={countedText} onChange={typeCounted} fmt={fmt} />
                <Field label={t('components.closeShift.note')} error={form.errors.note}>
                  {(p) => <input {...p} value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} placeholder={t('components.closeShift.notePlaceholder', { amount: money(2000) })} />}
                </Field>
                <button type="submit" hidden />
              </div>
              <FormError message={form.general} />
            </form>
          ) : (
            shiftId === undefined ? (
              <Empty title={t('components.closeShift.noShift')}>{t('components.closeShift.noShiftHint')}</Empty>
            ) : (
              <Empty title={t('components.closeShift.alreadyClosed')}>{t('components.closeShift.alreadyClosedHint')}</Empty>
            )
          )
        }
      </LoadedView>
    </Dialog>
  );
}

/** Over, short or balanced as the cashier types the count. */
function Difference({ counted, expected }: { counted: number | null; expected: number }) {
  const t = useT();
  const money = useMoney();
  const d = counted === null ? null : overShort(counted - expected, money, t);
  return (
    <div className={`shift-diff shift-diff-${d?.tone ?? 'none'}`} aria-live="polite">
      {d ? d.text : t('components.closeShift.countPrompt')}
    </div>
  );
}

/** What the open shift took so far: sales, top-ups, voids, net, per payment. */
function ShiftTotalsPanel({ shift }: { shift: ShiftView }) {
  const tr = useT();
  const money = useMoney();
  const t = shift.totals;
  return (
    <section className="close-shift-totals" aria-label={tr('components.closeShift.totals')}>
      <p className="muted">{tr('components.closeShift.whose', { operator: shift.operatorName, time: formatTime(shift.openedAt) })}</p>
      <table className="plain-table">
        <tbody>
          <tr>
            <td>{tr('components.shift.sales', { count: t.sales.count })}</td>
            <td className="num">{money(t.sales.totalMinor)}</td>
          </tr>
          <tr>
            <td>{tr('components.shift.topups', { count: t.topups.count })}</td>
            <td className="num">{money(t.topups.totalMinor)}</td>
          </tr>
          <tr>
            <td>{tr('components.shift.voids', { count: t.voids.count })}</td>
            <td className="num">{money(t.voids.totalMinor)}</td>
          </tr>
          <tr className="close-shift-net">
            <td>{tr('components.shift.net')}</td>
            <td className="num">{money(t.netMinor)}</td>
          </tr>
          {t.byPaymentMethod.length > 0 ? (
            <tr className="close-shift-subhead">
              <td colSpan={2}>{tr('components.shift.perPayment')}</td>
            </tr>
          ) : null}
          {t.byPaymentMethod.map((m) => (
            <tr key={m.paymentMethod} className="close-shift-method">
              <td>
                {paymentLabel(m.paymentMethod, tr)} ({m.count})
              </td>
              <td className="num">{money(m.totalMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
