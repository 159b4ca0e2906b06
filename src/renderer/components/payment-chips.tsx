import { useEffect, useRef } from 'react';
import { counterPaymentMethods, PaymentRef, type PaymentMethod, type Report } from '../../shared/domain';
import { paymentLines, type PaymentLine } from '../../shared/payment-lines';
import type { FieldErrors } from '../../shared/errors';
import { useData } from '../stores/data';
import { t as tNow, useT, type MessageId, type Translate } from '../i18n';
import { useMoney } from '../lib/format';
import { schemaErrors } from '../lib/validate';
import { Field } from './field';
import { keepFocus } from './keypad';
import './payment-chips.css';

/** The methods a cashier picks at the counter. */
export type CounterPaymentMethod = (typeof counterPaymentMethods)[number];

const labels: Record<PaymentMethod, MessageId> = {
  cash: 'components.payment.cash',
  'e-wallet': 'components.payment.ewallet',
  card: 'components.payment.card',
  other: 'components.payment.other',
  // Not chosen at the counter: a voucher card of a batch, recorded as sold by its first use,
  // and a coin slot's payment event (self-service).
  'voucher-card': 'components.payment.voucherCard',
  coin: 'components.payment.coin',
};

/** A payment method in words ("Voucher card" for a card's first use), in the language shown (components pass their `useT()`). */
export const paymentLabel = (m: PaymentMethod, tr: Translate = tNow) => tr(labels[m]);

/**
 * The per-payment rows of a report or shift: each method, and under "E-wallet" each e-wallet
 * (GCash, Maya…), the self-service e-wallet gateways' sales and any naming no e-wallet.
 */
export function paymentRows(byPaymentMethod: Report['byPaymentMethod'], byWallet: Report['byWallet'] = [], bySource: Report['bySource'] = [], tr: Translate = tNow): PaymentLine[] {
  return paymentLines({ byPaymentMethod, byWallet, bySource }, { method: (m) => paymentLabel(m, tr), gateways: tr('reports.selfServiceGateways'), notNamed: tr('reports.walletNotNamed') });
}

/** A ledger row's payment in words: the e-wallet's name for e-wallet payments ("GCash"), else the method ("Cash"). */
export const paidWith = (sale: { paymentMethod: PaymentMethod; wallet: string | null }, tr: Translate = tNow) => (sale.paymentMethod === 'e-wallet' && sale.wallet ? sale.wallet : paymentLabel(sale.paymentMethod, tr));

/** How the customer is paying, as the cashier fills it in: the method, and for an e-wallet which one and its reference number. */
export interface Payment {
  method: CounterPaymentMethod;
  /** The e-wallet chosen; null: the first one Settings → Money & payments lists. */
  wallet: string | null;
  ref: string;
}

export const cashPayment: Payment = { method: 'cash', wallet: null, ref: '' };

/** The e-wallets the counter takes (Settings → Money & payments). */
export function useWallets(): string[] {
  return useData((s) => s.settings?.payments.wallets) ?? [];
}

/** The wallet a payment is made with: the one chosen while it is still listed, else the first listed. */
function walletOf(p: Payment, wallets: string[]): string | null {
  return p.wallet !== null && wallets.includes(p.wallet) ? p.wallet : (wallets[0] ?? null);
}

/** The payment's part of a sale or top-up request (`paymentMethod`, and `wallet` + `paymentRef` for an e-wallet). */
export function paymentRequest(p: Payment, wallets: string[]): { paymentMethod: CounterPaymentMethod; wallet?: string; paymentRef?: string } {
  if (p.method !== 'e-wallet') return { paymentMethod: p.method };
  const wallet = walletOf(p, wallets);
  return { paymentMethod: 'e-wallet', ...(wallet !== null ? { wallet } : {}), paymentRef: p.ref.trim() };
}

/** What is wrong with the payment before it is sent, under the core's field names (`wallet`, `paymentRef`); empty when nothing is. */
export function paymentErrors(p: Payment, wallets: string[]): FieldErrors {
  if (p.method !== 'e-wallet') return {};
  const errors: FieldErrors = {};
  if (walletOf(p, wallets) === null) errors.wallet = tNow('components.payment.noWallets');
  if (!p.ref.trim()) errors.paymentRef = tNow('components.payment.refMissing');
  else {
    const problem = schemaErrors(PaymentRef, p.ref)._;
    if (problem) errors.paymentRef = problem;
  }
  return errors;
}

/** The form a payment is part of: its field errors, and how to change them. */
export interface PaymentForm {
  errors: FieldErrors;
  set: (e: FieldErrors) => void;
  clear: () => void;
}

/** Forgets the payment's errors once the cashier changes it (a fixed reference is no longer shown red); the rest of the form's stay. */
export function clearPaymentErrors(form: PaymentForm): void {
  if (!form.errors.wallet && !form.errors.paymentRef) return;
  const rest = { ...form.errors };
  delete rest.wallet;
  delete rest.paymentRef;
  // Nothing else wrong: the core's headline about it goes too.
  if (Object.keys(rest).length) form.set(rest);
  else form.clear();
}

export interface PaymentFieldsProps {
  value: Payment;
  onChange: (p: Payment) => void;
  /** The form it is part of: its `wallet` and `paymentRef` errors (the core's or paymentErrors') show here, and go once the payment changes. */
  form: PaymentForm;
  /** The reference field took the focus (the Sell screen's keypad then types into it). */
  onRefFocus?: () => void;
}

/**
 * How the customer paid: Cash / E-wallet / Other; for an e-wallet, which one (the first is
 * preselected) and the payment's reference number. Choosing E-wallet puts the cursor in the
 * reference field; Enter there submits the form like anywhere else in it.
 */
export function PaymentFields({ value, onChange: change, form, onRefFocus }: PaymentFieldsProps) {
  const t = useT();
  const { errors } = form;
  const onChange = (p: Payment) => {
    clearPaymentErrors(form);
    change(p);
  };
  const wallets = useWallets();
  const wallet = walletOf(value, wallets);
  const refInput = useRef<HTMLInputElement>(null);
  const ewallet = value.method === 'e-wallet';
  useEffect(() => {
    if (!ewallet) return;
    refInput.current?.focus({ preventScroll: true });
    refInput.current?.scrollIntoView({ block: 'nearest' });
  }, [ewallet]);
  return (
    <>
      <div className="methods methods-counter" role="radiogroup" aria-label={t('components.payment.label')}>
        {/* A chip does not take the focus: it stays in the field being typed in, so digits still go there and Enter still submits. */}
        {counterPaymentMethods.map((m) => (
          <button key={m} type="button" role="radio" aria-checked={value.method === m} className={`chip${value.method === m ? ' chip-on' : ''}`} onMouseDown={keepFocus} onClick={() => onChange({ ...value, method: m })}>
            {t(labels[m])}
          </button>
        ))}
      </div>
      {ewallet ? (
        <div className="wallet-fields">
          <div className={`field${errors.wallet ? ' field-error' : ''}`}>
            <div className="wallets" role="radiogroup" aria-label={t('components.payment.ewallet')}>
              {wallets.map((w) => (
                <button key={w} type="button" role="radio" aria-checked={wallet === w} className={`chip${wallet === w ? ' chip-on' : ''}`}
                  onClick={() => {
                    onChange({ ...value, wallet: w });
                    // Straight on to the reference: digits typed next must land there, never pick a package.
                    refInput.current?.focus({ preventScroll: true });
                  }}
                >
                  {w}
                </button>
              ))}
            </div>
            {errors.wallet ? (
              <div className="field-message" role="alert">
                {errors.wallet}
              </div>
            ) : null}
          </div>
          <Field label={t('components.payment.refLabel', { wallet: wallet ?? t('components.payment.ewallet') })} error={errors.paymentRef}>
            {(p) => <input {...p} ref={refInput} className="mono" value={value.ref} onFocus={onRefFocus} onChange={(e) => onChange({ ...value, ref: e.target.value })} autoComplete="off" spellCheck={false} maxLength={40} />}
          </Field>
        </div>
      ) : null}
    </>
  );
}

/** In place of "Received" and "Change" for a payment other than cash: the amount charged, exactly (and the core's word on it, if any). */
export function Charged({ amount, error }: { amount: number | null; error?: string | undefined }) {
  const t = useT();
  const money = useMoney();
  return (
    <div className={`charged${error ? ' field-error' : ''}`} aria-live="polite">
      <div className="charged-amount">
        <span>{t('components.payment.charged')}</span>
        <strong>{amount === null ? '–' : money(amount)}</strong>
      </div>
      {error ? (
        <div className="field-message" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
