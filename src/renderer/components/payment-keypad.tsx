import { useState, type Dispatch, type SetStateAction } from 'react';
import { useT } from '../i18n';
import { formatNote, minorDigits, mostReceived, notesAbove, useMoneyFormat } from '../lib/format';
import { Keypad } from './keypad';
import { cashPayment, clearPaymentErrors, type Payment, type PaymentForm } from './payment-chips';

/** A field of a sale or top-up the keypad can type into. */
export type KeyedField = 'amount' | 'paid' | 'ref';

/** What a sale or a top-up types: the amount of a per-unit package, the cash received, the payment, and the field last focused (the keypad's). */
export interface PaymentTyping {
  amountText: string;
  setAmountText: (text: string) => void;
  paidText: string;
  setPaidText: (text: string) => void;
  payment: Payment;
  setPayment: Dispatch<SetStateAction<Payment>>;
  /** Null until a field is focused. */
  editing: KeyedField | null;
  setEditing: (field: KeyedField) => void;
}

/** A sale's or top-up's typing, all blank, paid in cash; the keypad starts on `first`, or on the first field the payment needs. */
export function usePaymentTyping(first: KeyedField | null = null): PaymentTyping {
  const [amountText, setAmountText] = useState('');
  const [paidText, setPaidText] = useState('');
  const [payment, setPayment] = useState<Payment>(cashPayment);
  const [editing, setEditing] = useState<KeyedField | null>(first);
  return { amountText, setAmountText, paidText, setPaidText, payment, setPayment, editing, setEditing };
}

export interface PaymentKeypadProps {
  typing: PaymentTyping;
  perUnit: boolean;
  /** What is charged (null: no amount typed yet), for "Exact" and the notes above it. */
  amount: number | null;
  /** A per-unit package's price: the least amount to sell (its quick amounts start there). */
  unitPrice?: number | undefined;
  /** The form whose reference error a key clears. */
  form: PaymentForm;
}

/**
 * The keypad of a sale or a top-up: it types into the field last focused while that field is
 * shown, else the first one the payment needs (the amount of a per-unit package, "Received" for
 * cash, the e-wallet's reference); nothing for a fixed price paid by card. For cash received it
 * offers the exact amount and the notes above it a customer may hand over (none the core would
 * refuse); for the amount to sell paid in cash, round amounts from the package's price up.
 */
export function PaymentKeypad({ typing, perUnit, amount, unitPrice, form }: PaymentKeypadProps) {
  const { editing, payment, setPayment, amountText, setAmountText, paidText, setPaidText } = typing;
  const t = useT();
  const fmt = useMoneyFormat();
  const cash = payment.method === 'cash';
  const wallet = payment.method === 'e-wallet';
  const target: KeyedField | null = editing === 'ref' && wallet ? 'ref' : editing === 'amount' || (perUnit && (editing === null || !cash)) ? 'amount' : cash ? 'paid' : wallet ? 'ref' : null;
  if (!target) return null;
  const digits = minorDigits(fmt);
  // Round amounts to sell only beside cash: by e-wallet the reference's fields below leave no room on a 768 px screen for the column.
  const amountNotes = cash ? notesAbove((unitPrice ?? 0) - 1, digits) : [];
  const notes = target === 'amount' ? amountNotes : notesAbove(amount ?? 0, digits).filter((minor) => minor <= mostReceived(amount ?? 0, fmt));
  const exact = target === 'paid' && amount !== null ? [{ label: t('sell.exact'), minor: amount }] : [];
  const quick = [...exact, ...notes.map((minor) => ({ label: formatNote(minor, fmt), minor }))];
  const onRef = (ref: string) => {
    clearPaymentErrors(form);
    setPayment((p) => ({ ...p, ref }));
  };
  const [value, onChange] = target === 'ref' ? [payment.ref, onRef] : target === 'amount' ? [amountText, setAmountText] : [paidText, setPaidText];
  return <Keypad value={value} onChange={onChange} fmt={fmt} quick={quick} digitsOnly={target === 'ref'} />;
}
