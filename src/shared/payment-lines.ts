/**
 * The per-payment lines of a report, shared by the Reports screen, the owner's phone and the
 * daily summary: each payment method, and under "E-wallet" the lines that add up to it.
 */
import type { PaymentMethod, Report } from './domain';

export interface PaymentLine {
  key: string;
  label: string;
  count: number;
  totalMinor: number;
  /** A part of the line above it (an e-wallet within "E-wallet"). */
  sub?: boolean;
}

/** The words of the lines, in the language shown. */
export interface PaymentLineLabels {
  method: (m: PaymentMethod) => string;
  /** The self-service e-wallet gateways' sales, which name no e-wallet. */
  gateways: string;
  /** E-wallet sales that name no e-wallet (recorded before the e-wallet was asked for). */
  notNamed: string;
}

type Parts = Pick<Report, 'byPaymentMethod'> & Partial<Pick<Report, 'byWallet' | 'bySource'>>;

const sum = (rows: readonly { count: number; totalMinor: number }[]) => ({
  count: rows.reduce((n, r) => n + r.count, 0),
  totalMinor: rows.reduce((n, r) => n + r.totalMinor, 0),
});

/**
 * Each payment method, and under "E-wallet" each e-wallet (GCash, Maya…), the self-service
 * e-wallet gateways together, and what names no e-wallet: the lines under it add up to it.
 */
export function paymentLines({ byPaymentMethod, byWallet = [], bySource = [] }: Parts, labels: PaymentLineLabels): PaymentLine[] {
  const gateways = bySource.filter((s) => s.kind === 'e-wallet');
  return byPaymentMethod.flatMap((m): PaymentLine[] => {
    const line = { key: m.paymentMethod, label: labels.method(m.paymentMethod), count: m.count, totalMinor: m.totalMinor };
    if (m.paymentMethod !== 'e-wallet' || byWallet.length + gateways.length === 0) return [line];
    const named: PaymentLine[] = byWallet.map((w) => ({ key: `wallet:${w.wallet}`, label: w.wallet, count: w.count, totalMinor: w.totalMinor, sub: true }));
    if (gateways.length) named.push({ key: 'wallet:self-service', label: labels.gateways, ...sum(gateways), sub: true });
    const given = sum(named);
    const rest = { count: m.count - given.count, totalMinor: m.totalMinor - given.totalMinor };
    const unnamed = rest.count !== 0 || rest.totalMinor !== 0 ? [{ key: 'wallet:', label: labels.notNamed, ...rest, sub: true }] : [];
    return [line, ...named, ...unnamed];
  });
}
