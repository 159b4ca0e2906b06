import { useRef, useState } from 'react';
import { BatchInput, MAX_BATCH_CARDS, type BatchDetail, type SoldWhen } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { Field, useForm } from '../../components/field';
import { FormDialog } from '../../components/form-dialog';
import { cashPayment, PaymentFields, paymentErrors, paymentRequest, useWallets, type Payment } from '../../components/payment-chips';
import { CARDS_PER_PAGE } from '../../components/card-sheet';
import { useMoney } from '../../lib/format';
import { wholeNumber } from '../../lib/units';
import { allErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';

type Mode = 'code' | 'code+password';

interface Draft {
  packageId: number | null;
  count: string;
  prefix: string;
  mode: Mode;
  label: string;
  soldWhen: SoldWhen;
}

const soldWhenChoices: { id: SoldWhen; label: string; hint: string }[] = [
  { id: 'first-use', label: 'When first used', hint: 'In stock until a customer logs in with it; the sale is counted then. For cards left with a store.' },
  { id: 'generation', label: 'Now, paid upfront', hint: 'Every card is counted as sold now, in your shift (one sale per card).' },
];

/**
 * Generates a batch of voucher cards. One deliberate action makes one batch: the form has
 * one request id for as long as it is open (a retry after a lost answer, or a second Enter,
 * gets the same batch back), and the button is busy while the core generates.
 */
export function BatchForm({ onClose, onCreated }: { onClose: () => void; onCreated: (batch: BatchDetail) => void }) {
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
      if (!pkg) own.packageId = 'Add a package first (Settings → Packages)';
      if (typeof count !== 'number') own.count = d.count.trim() ? count.error : 'How many cards?';
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
      useUi.getState().toast('ok', `Generated batch #${batch.id}: ${batch.count} ${batch.packageName} card${batch.count === 1 ? '' : 's'}`);
      onCreated(batch);
    });

  const e = form.errors;
  const n = typeof count === 'number' ? count : 0;
  const countHint = n > 0 && n <= MAX_BATCH_CARDS ? `${Math.ceil(n / CARDS_PER_PAGE)} A4 page${n > CARDS_PER_PAGE ? 's' : ''} (${CARDS_PER_PAGE} cards a page)` : `1 to ${MAX_BATCH_CARDS.toLocaleString()}; ${CARDS_PER_PAGE} cards fit on an A4 page`;
  return (
    <FormDialog
      title="New batch of voucher cards"
      submit={`Generate${n > 0 ? ` ${n.toLocaleString()} card${n === 1 ? '' : 's'}` : ''}${upfront && total !== null && n > 0 ? ` for ${money(total)}` : ''}`}
      onClose={onClose}
      wide
      form={form}
      onSubmit={() => void generate()}
    >
      <Field label="Package" error={e.packageId}>
        {(p) => (
          <select {...p} value={pkg?.id ?? ''} onChange={(ev) => set('packageId', Number(ev.target.value))}>
            {packages.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} — {x.pricing === 'per_unit' ? `${money(x.priceMinor)} per unit` : money(x.priceMinor)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Number of cards" error={e.count} hint={countHint}>
        {(p) => <input {...p} inputMode="numeric" value={d.count} onChange={(ev) => set('count', ev.target.value)} placeholder="e.g. 32" autoFocus />}
      </Field>
      <Field label="Code prefix" error={e.prefix} hint="Optional: up to 6 letters or digits before every code, e.g. “nena” (no 0, 1, i, l or o: they look alike)">
        {(p) => <input {...p} className="mono" value={d.prefix} onChange={(ev) => set('prefix', ev.target.value)} maxLength={6} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field label="Cards have" error={e.mode}>
        {(p) => (
          <select {...p} value={d.mode} onChange={(ev) => set('mode', ev.target.value as Mode)}>
            <option value="code">A code only (it is also the password)</option>
            <option value="code+password">A code and a password</option>
          </select>
        )}
      </Field>
      <Field label="For (label)" error={e.label} hint="Shown on the Batches screen, not on the cards">
        {(p) => <input {...p} value={d.label} onChange={(ev) => set('label', ev.target.value)} placeholder="e.g. Aling Nena’s store" maxLength={60} />}
      </Field>
      <div className={`field${e.soldWhen ? ' field-error' : ''}`}>
        <span className="batch-label" id="sold-when-label">
          Counted as sold
        </span>
        <div className="sold-when" role="radiogroup" aria-labelledby="sold-when-label">
          {soldWhenChoices.map((c) => (
            <button key={c.id} type="button" role="radio" aria-checked={d.soldWhen === c.id} className={`chip${d.soldWhen === c.id ? ' chip-on' : ''}`} onClick={() => set('soldWhen', c.id)}>
              {c.label}
            </button>
          ))}
        </div>
        {e.soldWhen ? (
          <div className="field-message" role="alert">
            {e.soldWhen}
          </div>
        ) : (
          <div className="field-hint">{soldWhenChoices.find((c) => c.id === d.soldWhen)!.hint}</div>
        )}
      </div>
      {upfront ? (
        <div className="span-2 batch-payment">
          <div className="batch-label">
            Paid with{total !== null && n > 0 ? `: ${n.toLocaleString()} × ${money(pkg!.priceMinor)} = ${money(total)}` : ''}
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
