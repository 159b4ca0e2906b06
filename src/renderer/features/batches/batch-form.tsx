import { useRef, useState } from 'react';
import { BatchInput, MAX_BATCH_CARDS, type BatchDetail, type SoldWhen } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { Field, useForm } from '../../components/field';
import { FormDialog } from '../../components/form-dialog';
import { cashPayment, PaymentFields, paymentErrors, paymentRequest, useWallets, type Payment } from '../../components/payment-chips';
import { CARDS_PER_PAGE } from '../../components/card-sheet';
import { formatCount, useMoney } from '../../lib/format';
import { wholeNumber } from '../../lib/units';
import { allErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { useT, type MessageId } from '../../i18n';

type Mode = 'code' | 'code+password';

interface Draft {
  packageId: number | null;
  count: string;
  prefix: string;
  mode: Mode;
  label: string;
  soldWhen: SoldWhen;
}

const soldWhenChoices: { id: SoldWhen; label: MessageId; hint: MessageId }[] = [
  { id: 'first-use', label: 'batches.form.firstUse', hint: 'batches.form.firstUseHint' },
  { id: 'generation', label: 'batches.form.upfront', hint: 'batches.form.upfrontHint' },
];

/**
 * Generates a batch of voucher cards. One deliberate action makes one batch: the form has
 * one request id for as long as it is open (a retry after a lost answer, or a second Enter,
 * gets the same batch back), and the button is busy while the core generates.
 */
export function BatchForm({ onClose, onCreated }: { onClose: () => void; onCreated: (batch: BatchDetail) => void }) {
  const t = useT();
  const packages = useData((s) => s.packages);
  const defaultMode = useData((s) => s.settings?.vouchers.mode ?? 'code');
  const money = useMoney();
  const wallets = useWallets();
  const [d, setD] = useState<Draft>(() => ({ packageId: packages[0]?.id ?? null, count: '', prefix: '', mode: defaultMode, label: '', soldWhen: 'first-use' }));
  const [payment, setPayment] = useState<Payment>(cashPayment);
  const requestId = useRef(crypto.randomUUID());
  const form = useForm();
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const pkg = packages.find((p) => p.id === d.packageId) ?? packages[0];
  const count = wholeNumber(d.count);
  const upfront = d.soldWhen === 'generation';
  const total = pkg && typeof count === 'number' ? pkg.priceMinor * count : null;

  const generate = () =>
    form.submit(async () => {
      // What the form cannot read stands in as a valid value, so the core's schema reports only the other problems.
      const own: FieldErrors = {};
      if (!pkg) own.packageId = t('batches.form.noPackage');
      if (typeof count !== 'number') own.count = d.count.trim() ? count.error : t('batches.form.howMany');
      if (upfront) Object.assign(own, paymentErrors(payment, wallets));
      const input = {
        packageId: pkg?.id ?? 1,
        count: typeof count === 'number' ? count : 1,
        prefix: d.prefix,
        mode: d.mode,
        label: d.label,
        soldWhen: d.soldWhen,
        ...(upfront ? paymentRequest(payment, wallets) : {}),
        requestId: requestId.current,
      };
      const errors = allErrors(BatchInput, input, own);
      if (Object.keys(errors).length) return form.set(errors);
      const batch = await api()['batches.create'](input);
      useUi.getState().toast('ok', t('batches.form.generatedToast', { id: batch.id, count: batch.count, packageName: batch.packageName }));
      onCreated(batch);
    });

  const e = form.errors;
  const n = typeof count === 'number' ? count : 0;
  const countHint =
    n > 0 && n <= MAX_BATCH_CARDS ? t('batches.form.pages', { pages: Math.ceil(n / CARDS_PER_PAGE), perPage: CARDS_PER_PAGE }) : t('batches.form.countHint', { max: MAX_BATCH_CARDS, perPage: CARDS_PER_PAGE });
  const submit =
    n <= 0 ? t('batches.form.generate') : upfront && total !== null ? t('batches.form.generateCardsFor', { count: n, amount: money(total) }) : t('batches.form.generateCards', { count: n });
  return (
    <FormDialog
      title={t('batches.form.title')}
      submit={submit}
      onClose={onClose}
      wide
      form={form}
      onSubmit={() => void generate()}
    >
      <Field label={t('batches.form.package')} error={e.packageId}>
        {(p) => (
          <select {...p} value={pkg?.id ?? ''} onChange={(ev) => set('packageId', Number(ev.target.value))}>
            {packages.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} — {x.pricing === 'per_unit' ? t('batches.form.perUnit', { price: money(x.priceMinor) }) : money(x.priceMinor)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('batches.form.count')} error={e.count} hint={countHint}>
        {(p) => <input {...p} inputMode="numeric" value={d.count} onChange={(ev) => set('count', ev.target.value)} placeholder={t('batches.form.countExample')} autoFocus />}
      </Field>
      <Field label={t('batches.form.prefix')} error={e.prefix} hint={t('batches.form.prefixHint')}>
        {(p) => <input {...p} className="mono" value={d.prefix} onChange={(ev) => set('prefix', ev.target.value)} maxLength={6} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field label={t('batches.form.mode')} error={e.mode}>
        {(p) => (
          <select {...p} value={d.mode} onChange={(ev) => set('mode', ev.target.value as Mode)}>
            <option value="code">{t('batches.form.modeCode')}</option>
            <option value="code+password">{t('batches.form.modeCodePassword')}</option>
          </select>
        )}
      </Field>
      <Field label={t('batches.form.label')} error={e.label} hint={t('batches.form.labelHint')}>
        {(p) => <input {...p} value={d.label} onChange={(ev) => set('label', ev.target.value)} placeholder={t('batches.form.labelExample')} maxLength={60} />}
      </Field>
      <div className={`field${e.soldWhen ? ' field-error' : ''}`}>
        <span className="batch-label" id="sold-when-label">
          {t('batches.form.soldWhen')}
        </span>
        <div className="sold-when" role="radiogroup" aria-labelledby="sold-when-label">
          {soldWhenChoices.map((c) => (
            <button key={c.id} type="button" role="radio" aria-checked={d.soldWhen === c.id} className={`chip${d.soldWhen === c.id ? ' chip-on' : ''}`} onClick={() => set('soldWhen', c.id)}>
              {t(c.label)}
            </button>
          ))}
        </div>
        {e.soldWhen ? (
          <div className="field-message" role="alert">
            {e.soldWhen}
          </div>
        ) : (
          <div className="field-hint">{t(soldWhenChoices.find((c) => c.id === d.soldWhen)!.hint)}</div>
        )}
      </div>
      {upfront ? (
        <div className="span-2 batch-payment">
          <div className="batch-label">
            {total !== null && n > 0 ? t('batches.form.paidWithTotal', { count: formatCount(n), price: money(pkg!.priceMinor), total: money(total) }) : t('batches.form.paidWith')}
          </div>
          <PaymentFields
            value={payment}
            onChange={setPayment}
            form={form}
          />
        </div>
      ) : null}
    </FormDialog>
  );
}
