/**
 * The daily summary's words: the day's takings as a short plain text for the owner (a file,
 * a Telegram message), and the local-day arithmetic behind "closing time". Pure: no I/O;
 * days and times are this PC's local time zone (the café's wall clock).
 */
import type { PaymentMethod, Report } from '../../shared/domain';
import { formatMoney, type MoneyFormat } from '../../shared/format';

/** A local calendar day, YYYY-MM-DD. */
export type Day = string;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local day `at` falls on. */
export function localDay(at: number): Day {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const parts = (day: Day) => day.split('-').map(Number) as [number, number, number];

/** Local midnight starting `day`. */
export function dayStart(day: Day): number {
  const [y, m, d] = parts(day);
  return new Date(y, m - 1, d).getTime();
}

/** The moment `day` closes at `closingTime` ("HH:MM", local); "00:00" is the end of the day (midnight after it). */
export function closingAt(day: Day, closingTime: string): number {
  const [y, m, d] = parts(day);
  const [hh, mm] = closingTime.split(':').map(Number) as [number, number];
  return hh === 0 && mm === 0 ? new Date(y, m - 1, d + 1).getTime() : new Date(y, m - 1, d, hh, mm).getTime();
}

/** Where `day`'s summary starts: the closing before it (each sale is in exactly one day's summary, also one after closing time). */
export function openingAt(day: Day, closingTime: string): number {
  return closingAt(previousDay(day), closingTime);
}

/** The day before `day`. */
export function previousDay(day: Day): Day {
  const [y, m, d] = parts(day);
  return localDay(new Date(y, m - 1, d - 1, 12).getTime());
}

/** The day after `day`. */
export function nextDay(day: Day): Day {
  const [y, m, d] = parts(day);
  return localDay(new Date(y, m - 1, d + 1, 12).getTime());
}

const METHOD_NAMES: Record<PaymentMethod, string> = {
  cash: 'Cash',
  'e-wallet': 'E-wallet',
  card: 'Bank card',
  other: 'Other',
  'voucher-card': 'Voucher cards',
  coin: 'Coin slot',
};

/** How many packages the summary lists. */
const TOP_PACKAGES = 5;

export interface SummaryInput {
  cafeName: string;
  money: MoneyFormat;
  day: Day;
  report: Report;
  /** Live sessions when the summary was made, and when that was. */
  liveSessions: number;
  madeAt: number;
}

/** The summary as plain text (one line per figure; money in the café's currency and locale). */
export function summaryText(s: SummaryInput): string {
  const { report: r } = s;
  const money = (minor: number) => formatMoney(minor, s.money);
  const total = (t: { count: number; totalMinor: number }) => `${t.count} · ${money(t.totalMinor)}`;
  const time = (at: number) => {
    const d = new Date(at);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  /** A moment with its date: the summary runs from one closing to the next, across midnight. */
  const when = (at: number) => {
    try {
      return `${new Intl.DateTimeFormat(s.money.locale, { day: 'numeric', month: 'short' }).format(at)} ${time(at)}`;
    } catch {
      return `${localDay(at)} ${time(at)}`;
    }
  };
  let date: string;
  try {
    date = new Intl.DateTimeFormat(s.money.locale, { dateStyle: 'full' }).format(dayStart(s.day));
  } catch {
    date = s.day;
  }
  const lines = [
    `${s.cafeName}: daily summary`,
    `${date} (${when(r.from)} – ${when(r.to)})`,
    '',
    `Net takings: ${money(r.netMinor)}`,
    `Sales: ${total(r.sales)}`,
    `Top-ups: ${total(r.topups)}`,
    `Voids: ${total(r.voids)}`,
    `Cash expected: ${money(r.cashExpectedMinor)}`,
  ];
  if (r.byPaymentMethod.length) {
    lines.push('', 'By payment method:');
    for (const m of r.byPaymentMethod) {
      lines.push(`  ${METHOD_NAMES[m.paymentMethod]}: ${total(m)}`);
      if (m.paymentMethod === 'e-wallet') for (const w of r.byWallet) lines.push(`    ${w.wallet}: ${total(w)}`);
    }
  }
  if (r.bySource.length) {
    lines.push('', 'Self-service:');
    for (const src of r.bySource) lines.push(`  ${src.sourceName}: ${total(src)}`);
  }
  if (r.byPackage.length) {
    lines.push('', 'Top packages:');
    for (const p of r.byPackage.slice(0, TOP_PACKAGES)) lines.push(`  ${p.packageName}: ${total(p)}`);
  }
  lines.push('', `Live sessions at ${time(s.madeAt)}: ${s.liveSessions}`);
  return `${lines.join('\n')}\n`;
}
