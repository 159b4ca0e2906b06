import { useRef, useState } from 'react';
import type { SessionView } from '../../../shared/domain';
import { Dialog } from '../../components/dialog';
import { Field, FormError, useForm } from '../../components/field';
import { Charged, PaymentFields, paymentErrors, paymentRequest, useWallets } from '../../components/payment-chips';
import { PaymentKeypad, usePaymentTyping } from '../../components/payment-keypad';
import { useT, type MessageId } from '../../i18n';
import { describeLimits, noAmount, parseMoney, useMoney, useMoneyFormat } from '../../lib/format';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';

/** The usual reasons (the one chosen goes to the audit log in the words shown), and 'other': typed in. */
const reasons: MessageId[] = ['sessions.reason.asked', 'sessions.reason.left', 'sessions.reason.wrong', 'sessions.reason.misuse'];

/** Ends a session now: the reason goes to the audit log; the device is disconnected. */
export function EndDialog({ session, onClose }: { session: SessionView; onClose: () => void }) {
  const t = useT();
  const [reason, setReason] = useState<MessageId | 'other'>(reasons[0]!);
  const [other, setOther] = useState('');
  const form = useForm();
  const chosen = reason === 'other' ? other.trim() : t(reason);
  const end = () =>
    form.submit(async () => {
      await api()['sessions.end']({ id: session.id, reason: chosen });
      useUi.getState().toast('ok', t(session.devices.length ? 'sessions.endedDisconnecting' : 'sessions.ended', { code: session.voucherCode }));
      onClose();
    });
  return (
    <Dialog title={t('sessions.endTitle', { code: session.voucherCode })} onClose={onClose} action={{ label: t('sessions.endSession'), kind: 'danger', cancel: t('sessions.keep'), busy: form.busy, disabled: !chosen, onClick: () => void end() }}>
      <p>{t('sessions.endBody', { package: session.packageName, count: session.devices.length })}</p>
      <fieldset className="reasons">
        <legend>{t('sessions.why')}</legend>
        {[...reasons, 'other' as const].map((r) => (
          <label key={r} className="radio">
            <input type="radio" name="reason" checked={reason === r} onChange={() => setReason(r)} /> {r === 'other' ? t('sessions.other') : t(r)}
          </label>
        ))}
      </fieldset>
      {reason === 'other' ? (
        <Field label={t('sessions.reasonLabel')} error={form.errors.reason}>
          {(p) => <input {...p} value={other} onChange={(e) => setOther(e.target.value)} autoFocus />}
        </Field>
      ) : null}
      <FormError message={form.general} />
    </Dialog>
  );
}

/** Adds a package's time/data to a live session (a new sale); devices online get the new limits at once. */
export function TopUpDialog({ session, onClose }: { session: SessionView; onClose: () => void }) {
  const packages = useData((s) => s.packages);
  const fmt = useMoneyFormat();
  const money = useMoney();
  const t = useT();
  // Most top-ups are "the same again": the session's own package, unless it is no longer sold.
  const [packageId, setPackageId] = useState<number | null>(() => (packages.some((p) => p.id === session.packageId) ? session.packageId : (packages[0]?.id ?? null)));
  // The keypad types into the amount of a per-unit package first, else into Received.
  const typing = usePaymentTyping();
  const { amountText, setAmountText, paidText, setPaidText, payment, setPayment, setEditing } = typing;
  const wallets = useWallets();
  const requestId = useRef(crypto.randomUUID());
  const form = useForm();
  // The chosen package, or the first one for sale (the chosen one may have been retired meanwhile).
  const pkg = packages.find((p) => p.id === packageId) ?? packages[0];
  const perUnit = pkg?.pricing === 'per_unit';
  const amount = perUnit ? parseMoney(amountText, fmt) : (pkg?.priceMinor ?? null);
  // Only cash is handed over and given change: any other method is charged the amount exactly.
  const paid = payment.method !== 'cash' || paidText === '' ? amount : parseMoney(paidText, fmt);
  const topUp = () =>
    form.submit(async () => {
      if (!pkg) return;
      if (perUnit && amount === null) return form.set({ amountMinor: noAmount(amountText, fmt, t('sessions.typeAmount')) });
      const own = { ...(paid === null ? { paidMinor: noAmount(paidText, fmt, t('sessions.typeReceived')) } : {}), ...paymentErrors(payment, wallets) };
      if (paid === null || Object.keys(own).length) return form.set(own);
      const r = await api()['sessions.topUp']({ sessionId: session.id, packageId: pkg.id, ...(perUnit ? { amountMinor: amount! } : {}), paidMinor: paid, ...paymentRequest(payment, wallets), requestId: requestId.current });
      useUi.getState().toast('ok', t('sessions.toppedUp', { code: session.voucherCode, limits: describeLimits(r.session) }));
      onClose();
    });
  return (
    <Dialog wide title={t('sessions.topUpTitle', { code: session.voucherCode })} onClose={onClose} action={{ label: amount !== null ? t('sessions.topUpFor', { amount: money(amount) }) : t('sessions.topUp'), busy: form.busy, disabled: !pkg, onClick: () => void topUp() }}>
      {/* Enter in any field tops up, once: the form's submit goes through form.submit, which ignores a second while busy. */}
      <form
        id={form.id}
        className="topup-form"
        onSubmit={(e) => {
          e.preventDefault();
          void topUp();
        }}
      >
        <div className="topup-fields">
          <Field label={t('sessions.add')} error={form.errors.packageId}>
            {(p) => (
              <select {...p} value={pkg?.id ?? ''} onChange={(e) => setPackageId(Number(e.target.value))}>
                {packages.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name} — {x.pricing === 'per_unit' ? t('sell.perUnit', { price: money(x.priceMinor) }) : money(x.priceMinor)} ({describeLimits(x)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          {perUnit ? (
            <Field label={t('sessions.amount')} error={form.errors.amountMinor}>
              {(p) => <input {...p} className="money-input" inputMode="decimal" value={amountText} onFocus={() => setEditing('amount')} onChange={(e) => setAmountText(e.target.value)} />}
            </Field>
          ) : null}
          {payment.method === 'cash' ? (
            <Field label={t('sessions.received')} error={form.errors.paidMinor} hint={amount !== null && paid !== null && paid >= amount ? t('sessions.changeHint', { amount: money(paid - amount) }) : undefined}>
              {(p) => <input {...p} className="money-input" inputMode="decimal" value={paidText} placeholder={amount !== null ? money(amount) : ''} onFocus={() => setEditing('paid')} onChange={(e) => setPaidText(e.target.value)} />}
            </Field>
          ) : (
            <Charged amount={amount} error={form.errors.paidMinor} />
          )}
          <PaymentFields value={payment} onChange={setPayment} form={form} onRefFocus={() => setEditing('ref')} />
        </div>
        {/* The same keypad as Sell, beside the fields: a touch till tops up without a keyboard. */}
        <PaymentKeypad typing={typing} perUnit={perUnit} amount={amount} unitPrice={pkg?.priceMinor} form={form} />
        <button type="submit" hidden />
      </form>
      <FormError message={form.general} />
    </Dialog>
  );
}
