/** The migrations this build ships, in order. Append only; never edit one that has shipped. */
import type { Migration } from './migrate';
import initial from './migrations/0001-initial';
import shiftsKeysUnusedExpiry from './migrations/0002-shifts-keys-unused-expiry';
import cardBatchesPaymentRefs from './migrations/0003-card-batches-payment-refs';
import paymentSources from './migrations/0004-payment-sources';
import ownerLanguageDevices from './migrations/0005-owner-language-devices';
import reusedAcctSessionIds from './migrations/0006-reused-acct-session-ids';
import ignoredDisconnects from './migrations/0007-ignored-disconnects';
import refusedPayments from './migrations/0008-refused-payments';
import refusedPaymentsSettled from './migrations/0009-refused-payments-settled';

export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-initial', sql: initial },
  { version: 2, name: '0002-shifts-keys-unused-expiry', sql: shiftsKeysUnusedExpiry },
  { version: 3, name: '0003-card-batches-payment-refs', sql: cardBatchesPaymentRefs },
  { version: 4, name: '0004-payment-sources', sql: paymentSources },
  { version: 5, name: '0005-owner-language-devices', sql: ownerLanguageDevices },
  { version: 6, name: '0006-reused-acct-session-ids', sql: reusedAcctSessionIds },
  { version: 7, name: '0007-ignored-disconnects', sql: ignoredDisconnects },
  { version: 8, name: '0008-refused-payments', sql: refusedPayments },
  { version: 9, name: '0009-refused-payments-settled', sql: refusedPaymentsSettled },
];
