/**
 * The sale of a voucher card: a card of a first-use batch is sold by its first accepted
 * login, in the same transaction as its activation. The row carries the batch's package
 * terms and price as they were at generation, the payment method "voucher-card", and the
 * batch's creator as the operator. It belongs to no shift (no drawer took the money at
 * that moment). The ledger's unique index on a session's original sale makes a second
 * sale of the same card impossible, whatever path tries.
 */
import type { BatchRow } from '../db/batches';
import type { NewSale } from '../db/sales';

/** The ledger row that sells a card of `batch` at `now` (first use), or at generation with how it was paid. */
export function cardSale(batch: BatchRow, sessionId: number, now: number, paid: Pick<NewSale, 'paymentMethod' | 'wallet' | 'paymentRef' | 'shiftId' | 'requestId'>): NewSale {
  return {
    kind: 'sale',
    sessionId,
    packageId: batch.packageId,
    packageName: batch.packageName,
    packageTerms: batch.packageTerms,
    priceMinor: batch.priceMinor,
    paidMinor: batch.priceMinor,
    changeMinor: 0,
    grantedTimeS: batch.grantedTimeS,
    grantedDataBytes: batch.grantedDataBytes,
    grantedValidityS: batch.grantedValidityS,
    operatorId: batch.createdBy,
    sourceId: null,
    voidsSaleId: null,
    reason: null,
    createdAt: now,
    ...paid,
  };
}

/** A first-use card's sale at its first login. */
export function firstUseSale(batch: BatchRow, sessionId: number, now: number): NewSale {
  return cardSale(batch, sessionId, now, { paymentMethod: 'voucher-card', wallet: null, paymentRef: null, shiftId: null, requestId: null });
}
