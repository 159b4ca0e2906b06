/**
 * The daily summary's words: the day's takings as a short plain text for the owner (a file,
 * a Telegram message), and the local-day arithmetic behind "closing time". Pure: no I/O;
 * days and times are this PC's local time zone (the café's wall clock).
 */
import type { PaymentMethod, Report } from '../../shared/domain';
import { formatMoney, type MoneyFormat } from '../../shared/format';
import { paymentLines } from '../../shared/payment-lines';
import type { MessageId } from '../../shared/i18n/catalog';
import { intlLocale, type Language } from '../../shared/i18n/languages';
import { translator } from '../../shared/i18n/translate';

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

const METHOD_NAMES: Record<PaymentMethod, MessageId> = {
  cash: 'summary.method.cash',
  'e-wallet': 'summary.method.e-wallet',
  card: 'summary.method.card',
  other: 'summary.method.other',
  'voucher-card': 'summary.method.voucher-card',
  coin: 'summary.method.coin',
};

/** How many packages the summary lists. */
const TOP_PACKAGES = 5;

export interface SummaryInput {
  cafeName: string;
  /** The café's language: the words, and the locale of dates and counts (English when absent). */
  language?: Language;
  money: MoneyFormat;
  day: Day;
  report: Report;
  /** Live sessions when the summary was made, and when that was. */
  liveSessions: number;
  madeAt: number;
}

/** The summary as plain text in the café's language (one line per figure; money in the café's currency and locale, dates in the language's). */
export function summaryText(s: SummaryInput): string {
  const { report: r } = s;
  const language = s.language ?? 'en';
  const locale = intlLocale(language, s.money.locale);
  const t = translator(language, s.money.locale);
  const money = (minor: number) => formatMoney(minor, s.money);
  let count: (n: number) => string;
  try {
    const f = new Intl.NumberFormat(locale);
    count = (n) => f.format(n);
  } catch {
    count = String;
  }
  const total = (x: { count: number; totalMinor: number }) => `${count(x.count)} · ${money(x.totalMinor)}`;
  const time = (at: number) => {
    const d = new Date(at);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  /** A moment with its date: the summary runs from one closing to the next, across midnight. */
  const when = (at: number) => {
    try {
      return `${new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(at)} ${time(at)}`;
    } catch {
      return `${localDay(at)} ${time(at)}`;
    }
  };
  let date: string;
  try {
    date = new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(dayStart(s.day));
  } catch {
    date = s.day;
  }
  const lines = [
    t('summary.title', { cafe: s.cafeName }),
    `${date} (${when(r.from)} – ${when(r.to)})`,
    '',
    t('summary.netTakings', { amount: money(r.netMinor) }),
    t('summary.sales', { total: total(r.sales) }),
    t('summary.topups', { total: total(r.topups) }),
    t('summary.voids', { total: total(r.voids) }),
    t('summary.cashExpected', { amount: money(r.cashExpectedMinor) }),
  ];
  if (r.byPaymentMethod.length) {
    lines.push('', t('summary.byPaymentMethod'));
    const labels = { method: (m: PaymentMethod) => t(METHOD_NAMES[m]), gateways: t('reports.selfServiceGateways'), notNamed: t('reports.walletNotNamed') };
    for (const line of paymentLines(r, labels)) lines.push(`${line.sub ? '    ' : '  '}${line.label}: ${total(line)}`);
  }
  if (r.bySource.length) {
    lines.push('', t('summary.selfService'));
    for (const src of r.bySource) lines.push(`  ${src.sourceName}: ${total(src)}`);
  }
  if (r.refusedBySource.length) {
    lines.push('', t('summary.refusedPayments'));
    for (const src of r.refusedBySource) lines.push(`  ${src.sourceName}: ${total(src)}`);
  }
  if (r.byPackage.length) {
    lines.push('', t('summary.topPackages'));
    for (const p of r.byPackage.slice(0, TOP_PACKAGES)) lines.push(`  ${p.packageName}: ${total(p)}`);
  }
  lines.push('', t('summary.liveSessions', { time: time(s.madeAt), count: count(s.liveSessions) }));
  return `${lines.join('\n')}\n`;
}
