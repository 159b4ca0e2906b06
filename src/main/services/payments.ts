/**
 * How a sale was paid, as the ledger records it: the method, and for an e-wallet which
 * one (from Settings → Money & payments) and its reference number. A reference lets the owner
 * match a sale with the e-wallet's own statement, so an e-wallet sale needs both.
 */
import type { CounterPaymentMethod, PaymentMethod } from '../../shared/domain';
import { refusal, type Refusal } from '../../shared/i18n/refusal';
import type { SaleRow } from '../db/sales';

export interface PaymentInput {
  paymentMethod: CounterPaymentMethod;
  wallet?: string | undefined;
  paymentRef?: string | undefined;
}

export type Payment = Pick<SaleRow, 'paymentMethod' | 'wallet' | 'paymentRef'>;

/** The payment to record, or a field error: an e-wallet sale names a configured e-wallet and its reference; others name no e-wallet. */
export function paymentOf(input: PaymentInput, wallets: readonly string[]): Payment {
  const fields: Record<string, Refusal> = {};
  let wallet: string | null = null;
  if (input.paymentMethod === 'e-wallet') {
    const named = input.wallet === undefined ? undefined : wallets.find((w) => w.toLowerCase() === input.wallet!.toLowerCase());
    if (!wallets.length) fields.wallet = { id: 'errors.wallet.noneSetUp' };
    else if (input.wallet === undefined) fields.wallet = { id: 'errors.wallet.which', values: { wallets: wallets.join(', ') } };
    else if (!named) fields.wallet = { id: 'errors.wallet.notTaken', values: { wallets: wallets.join(', ') } };
    else wallet = named;
    if (input.paymentRef === undefined) fields.paymentRef = { id: 'errors.wallet.refMissing' };
  } else if (input.wallet !== undefined) {
    fields.wallet = { id: 'errors.wallet.onlyEWallet' };
  }
  const [first] = Object.values(fields);
  if (first) throw refusal('invalid_input', first, fields);
  return { paymentMethod: input.paymentMethod, wallet, paymentRef: input.paymentRef ?? null };
}

// ICU select keys are plain words: the catalogs name each method by one of these (errors.sale.*).
const methodKey = { cash: 'cash', card: 'card', other: 'other', coin: 'coin', 'voucher-card': 'voucherCard', 'e-wallet': 'eWallet' } as const satisfies Record<PaymentMethod, string>;

/** How a payment is named in a refusal: its method as a catalog select key (an e-wallet by name, with its reference or without), the e-wallet and the reference. */
export function paidWith(p: Payment): { method: string; wallet: string; ref: string } {
  const method = p.wallet ? (p.paymentRef ? 'walletRef' : 'wallet') : methodKey[p.paymentMethod];
  return { method, wallet: p.wallet ?? '', ref: p.paymentRef ?? '' };
}

/** Whether a recorded sale was paid as `p` says (a retried request must not change how it was paid). */
export function samePayment(sale: Payment, p: Payment): boolean {
  return sale.paymentMethod === p.paymentMethod && sale.wallet === p.wallet && sale.paymentRef === p.paymentRef;
}
