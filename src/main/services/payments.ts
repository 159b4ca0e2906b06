/**
 * How a sale was paid, as the ledger records it: the method, and for an e-wallet which
 * one (from Settings → Money & payments) and its reference number. A reference lets the owner
 * match a sale with the e-wallet's own statement, so an e-wallet sale needs both.
 */
import type { CounterPaymentMethod } from '../../shared/domain';
import { AppError, type FieldErrors } from '../../shared/errors';
import type { SaleRow } from '../db/sales';

export interface PaymentInput {
  paymentMethod: CounterPaymentMethod;
  wallet?: string | undefined;
  paymentRef?: string | undefined;
}

export type Payment = Pick<SaleRow, 'paymentMethod' | 'wallet' | 'paymentRef'>;

/** The payment to record, or a field error: an e-wallet sale names a configured e-wallet and its reference; others name no e-wallet. */
export function paymentOf(input: PaymentInput, wallets: readonly string[]): Payment {
  const fields: FieldErrors = {};
  let wallet: string | null = null;
  if (input.paymentMethod === 'e-wallet') {
    const named = input.wallet === undefined ? undefined : wallets.find((w) => w.toLowerCase() === input.wallet!.toLowerCase());
    if (!wallets.length) fields.wallet = 'No e-wallets are set up; an admin adds them in Settings → Money & payments';
    else if (input.wallet === undefined) fields.wallet = `Which e-wallet: ${wallets.join(', ')}`;
    else if (!named) fields.wallet = `Not an e-wallet this café takes (${wallets.join(', ')})`;
    else wallet = named;
    if (input.paymentRef === undefined) fields.paymentRef = 'Type the reference number the e-wallet shows';
  } else if (input.wallet !== undefined) {
    fields.wallet = 'Only an e-wallet payment names an e-wallet';
  }
  const [first] = Object.values(fields);
  if (first) throw new AppError('invalid_input', first, fields);
  return { paymentMethod: input.paymentMethod, wallet, paymentRef: input.paymentRef ?? null };
}

/** Whether a recorded sale was paid as `p` says (a retried request must not change how it was paid). */
export function samePayment(sale: Payment, p: Payment): boolean {
  return sale.paymentMethod === p.paymentMethod && sale.wallet === p.wallet && sale.paymentRef === p.paymentRef;
}
