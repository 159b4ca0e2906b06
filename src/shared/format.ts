/** Formatting the café reads: money through Intl, bytes and durations in plain words. */

export interface MoneyFormat {
  currency: string;
  locale: string;
}

const moneyFormatters = new Map<string, Intl.NumberFormat>();

function moneyFormatter({ currency, locale }: MoneyFormat): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = moneyFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormatters.set(key, f);
  }
  return f;
}

/** How many minor units the currency has after the decimal point (PHP 2, JPY 0). */
export function minorDigits(fmt: MoneyFormat): number {
  return moneyFormatter(fmt).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats integer minor units as the café's currency, e.g. 12350 → "₱123.50". */
export function formatMoney(minor: number, fmt: MoneyFormat): string {
  return moneyFormatter(fmt).format(minor / 10 ** minorDigits(fmt));
}

/** Parses what a cashier typed ("123.5", "1,000") into minor units; null when it is not an amount. */
export function parseMoney(text: string, fmt: MoneyFormat): number | null {
  const digits = minorDigits(fmt);
  const cleaned = text.replace(/[\s,_]/g, '');
  const m = /^(\d{1,12})(?:\.(\d*))?$/.exec(cleaned);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
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
