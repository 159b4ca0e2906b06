/** Formatting the café reads: money through Intl, bytes and durations in plain words. */

export interface MoneyFormat {
  currency: string;
  locale: string;
}

/**
 * Minor-unit digits of the currencies the till is sold for and its neighbours: what one stored unit
 * of an amount is (PHP 2: centavos; IDR 0: whole rupiah, as prices are written there). Fixed here,
 * never taken from Intl: its answer comes from the runtime's ICU/CLDR data (ISO 4217 gives IDR 2,
 * CLDR 0), and a new Node, Electron or browser must not rescale every stored amount.
 */
export const currencyMinorDigits = { PHP: 2, IDR: 0, USD: 2, EUR: 2, SGD: 2, MYR: 2, THB: 2, VND: 0, INR: 2 } as const satisfies Record<string, number>;

/**
 * The largest banknote in everyday use, in whole units of the currency: no customer is given more
 * change than one of these (they would keep that note). Where a larger note exists but is rarely
 * seen (EUR 500, SGD 10,000), the everyday one below it.
 */
export const largestNote = { PHP: 1000, IDR: 100_000, USD: 100, EUR: 200, SGD: 1000, MYR: 100, THB: 1000, VND: 500_000, INR: 500 } as const satisfies Record<keyof typeof currencyMinorDigits, number>;

/**
 * The most cash a customer hands over for `priceMinor`: the price and change of up to one largest
 * note (₱20 → ₱1,020; Rp 150.000 → Rp 250.000). Another currency: change of up to ten times the price.
 */
export function mostReceived(priceMinor: number, fmt: MoneyFormat): number {
  const note = (largestNote as Record<string, number>)[fmt.currency];
  return priceMinor + (note === undefined ? 10 * priceMinor : note * 10 ** minorDigits(fmt));
}

/** The currencies offered in Settings, the café's own (PHP, IDR) first. */
export const currencies = Object.keys(currencyMinorDigits) as (keyof typeof currencyMinorDigits)[];

/** Whether `code` is an ISO 4217 code this runtime can write (any such code may be the café's currency). */
export function isCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return /^[A-Z]{3}$/.test(code);
  } catch {
    return false;
  }
}

/** How many minor units the currency has after the decimal point (PHP 2, IDR 0): fixed for `currencies`, Intl's for any other. */
export function minorDigits(fmt: MoneyFormat): number {
  const fixed = (currencyMinorDigits as Record<string, number>)[fmt.currency];
  return fixed ?? new Intl.NumberFormat('en', { style: 'currency', currency: fmt.currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const moneyFormatters = new Map<string, Intl.NumberFormat>();

function moneyFormatter(fmt: MoneyFormat): Intl.NumberFormat {
  const { currency, locale } = fmt;
  const key = `${locale}|${currency}`;
  let f = moneyFormatters.get(key);
  if (!f) {
    // Intl only writes the amount: with our digits, whatever its own data says about the currency.
    const digits = minorDigits(fmt);
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    moneyFormatters.set(key, f);
  }
  return f;
}

/** Formats integer minor units as the café's currency, e.g. 12350 → "₱123.50", 15000 IDR → "Rp 15.000". */
export function formatMoney(minor: number, fmt: MoneyFormat): string {
  return moneyFormatter(fmt).format(minor / 10 ** minorDigits(fmt));
}

const separatorCache = new Map<string, { decimal: string; group: string }>();

/** The locale's decimal and grouping separators ("." and "," for en-PH; "," and "." for id-ID). */
function separators(locale: string): { decimal: string; group: string } {
  let seps = separatorCache.get(locale);
  if (!seps) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true, minimumFractionDigits: 1 }).formatToParts(12345.6);
    seps = { decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', group: parts.find((p) => p.type === 'group')?.value ?? ',' };
    separatorCache.set(locale, seps);
  }
  return seps;
}

const marksCache = new Map<string, string[]>();

/** How the café's currency is written beside an amount: its symbol as Intl writes it for the locale ("₱", "Rp"), and its ISO code. */
function currencyMarks(fmt: MoneyFormat): string[] {
  const key = `${fmt.locale}|${fmt.currency}`;
  let marks = marksCache.get(key);
  if (!marks) {
    const symbol = moneyFormatter(fmt).formatToParts(1).find((p) => p.type === 'currency')?.value.replace(/[\s\u00a0\u202f]/g, '');
    marks = [...new Set([symbol, fmt.currency].filter((m): m is string => !!m))].sort((a, b) => b.length - a.length);
    marksCache.set(key, marks);
  }
  return marks;
}

/** The largest amount anywhere in the app, in minor units (every schema's bound): ₱10,000,000,000.00, Rp 1.000.000.000.000. */
export const maxAmountMinor = 1e12;

/**
 * Parses what a cashier typed into minor units, the way the café's locale writes amounts
 * ("1,000.50" in en-PH, "1.000,50" in id-ID; "123.5" and "123,5" both work where they can
 * only mean one thing); null when it is not an amount, could be read two ways ("12.5"
 * in a locale that groups with dots) or is above `maxAmountMinor`. Never a silently wrong amount.
 */
export function parseMoney(text: string, fmt: MoneyFormat): number | null {
  const read = readMoney(text, fmt);
  return typeof read === 'number' ? read : null;
}

/** What a cashier typed, as parseMoney reads it, or why it is no amount: 'too_large' (above `maxAmountMinor`, however many digits) or 'unreadable'. */
export function readMoney(text: string, fmt: MoneyFormat): number | 'unreadable' | 'too_large' {
  const digits = minorDigits(fmt);
  const { decimal, group } = separators(fmt.locale);
  // Spaces of any kind (some locales group with a narrow no-break space), apostrophes (de-CH), underscores.
  const spaced = text.replace(/[\s\u00a0\u202f'’_]/g, '');
  // The café's own currency written before or after the amount ("₱100", "Rp15.000", "PHP 20"); another's is not an amount here.
  const mark = currencyMarks(fmt).find((m) => spaced.toUpperCase().startsWith(m.toUpperCase()) || spaced.toUpperCase().endsWith(m.toUpperCase()));
  const cleaned = mark === undefined ? spaced : spaced.toUpperCase().startsWith(mark.toUpperCase()) ? spaced.slice(mark.length) : spaced.slice(0, -mark.length);
  if (!/^\d[\d.,]*$/.test(cleaned)) return 'unreadable';
  const last = Math.max(cleaned.lastIndexOf('.'), cleaned.lastIndexOf(','));
  let whole = cleaned;
  let frac = '';
  if (last >= 0) {
    const sep = cleaned[last]!;
    const tail = cleaned.slice(last + 1);
    const isDecimal = sep === decimal || (sep !== group && tail.length <= digits);
    if (isDecimal) {
      if (tail.length > digits) return 'unreadable';
      whole = cleaned.slice(0, last);
      frac = tail;
    }
  }
  // What is left may only be grouped the locale's way: 1,000,000 (en-PH), 1.000.000 (id-ID), 1,00,000 (en-IN).
  if (/[.,]/.test(whole)) {
    const g = group === '.' ? '\\.' : group === ',' ? ',' : null;
    if (!g || !new RegExp(`^\\d{1,3}(?:${g}\\d{2})*(?:${g}\\d{3})+$`).test(whole)) return 'unreadable';
    whole = whole.split(group).join('');
  }
  // Leading zeros aside, more digits than the largest amount has are too large without counting them (17 nines are no safe integer).
  const significant = whole.replace(/^0+(?=\d)/, '');
  if (significant.length + digits > String(maxAmountMinor).length) return 'too_large';
  const minor = Number(significant) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return minor > maxAmountMinor ? 'too_large' : minor;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Formats bytes in decimal units as routers and phones show them: 1500000 → "1.5 MB". */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  const shown = u === 0 || v >= 100 ? Math.round(v).toString() : v.toFixed(v >= 10 ? 1 : 2).replace(/\.?0+$/, '');
  return `${shown} ${UNITS[u]}`;
}

/** Formats seconds as "1h 05m", "12m 30s" or "45s". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => n.toString().padStart(2, '0');
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(sec)}s`;
  return `${sec}s`;
}
