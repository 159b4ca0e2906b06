/** Formatting in the café's currency and locale, for components. */
import { useCallback } from 'react';
import { formatMoney, minorDigits, mostReceived, parseMoney, readMoney, type MoneyFormat } from '../../shared/format';
import { useData } from '../stores/data';
import { displayLocale } from './display-locale';
import { t, type Translate } from '../i18n';

const fallback = { currency: 'PHP', locale: 'en-PH' };

/** The café's money format (from Settings). */
export function useMoneyFormat() {
  return useData((s) => s.settings?.money ?? fallback);
}

/** Formats minor units as the café's currency. */
export function useMoney(): (minor: number) => string {
  const fmt = useMoneyFormat();
  return useCallback((minor: number) => formatMoney(minor, fmt), [fmt]);
}

export { formatMoney, minorDigits, mostReceived, parseMoney };

/** The message for an amount field whose text parseMoney did not read: too large to be any amount, else `otherwise` (what to type). */
export function noAmount(text: string, fmt: MoneyFormat, otherwise: string): string {
  return readMoney(text, fmt) === 'too_large' ? t('components.amount.tooLarge') : otherwise;
}

/** A round amount without its zero cents, for keypad buttons: "₱50", "Rp 20.000". */
export function formatNote(minor: number, fmt: { currency: string; locale: string }): string {
  return new Intl.NumberFormat(fmt.locale, { style: 'currency', currency: fmt.currency, maximumFractionDigits: 0 }).format(minor / 10 ** minorDigits(fmt));
}

/** A count in the language shown: "2,000" in English, "2.000" in Bahasa Indonesia. */
export function formatCount(n: number, locale = displayLocale()): string {
  return n.toLocaleString(locale);
}

/** "14:05" today, "21 Nov 14:05" otherwise, in the café's locale. */
export function formatTime(at: number, locale = displayLocale()): string {
  const d = new Date(at);
  const today = new Date();
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === today.toDateString() ? time : `${d.toLocaleDateString(locale, { day: 'numeric', month: 'short' })} ${time}`;
}

/** What a package grants, in plain words: "1 h · 500 MB · 2 devices" (in the language shown; components pass their `useT()`). */
export function describeLimits(p: { timeLimitS: number | null; dataLimitBytes: number | null; validityS: number | null; deviceLimit: number }, tr: Translate = t): string {
  const parts: string[] = [];
  if (p.timeLimitS !== null) parts.push(hours(p.timeLimitS, tr));
  if (p.dataLimitBytes !== null) parts.push(megabytes(p.dataLimitBytes));
  if (p.validityS !== null) parts.push(tr('format.valid', { duration: hours(p.validityS, tr) }));
  if (p.deviceLimit > 1) parts.push(tr('format.devices', { count: p.deviceLimit }));
  return parts.join(' · ');
}

function hours(s: number, tr: Translate): string {
  if (s % 86400 === 0) return tr('format.days', { count: s / 86400 });
  if (s % 3600 === 0) return tr('format.hours', { hours: s / 3600 });
  if (s >= 3600) return tr('format.hoursMinutes', { hours: Math.floor(s / 3600), minutes: Math.round((s % 3600) / 60) });
  return tr('format.minutes', { minutes: Math.round(s / 60) });
}

function megabytes(b: number): string {
  return b >= 1e9 && b % 1e8 === 0 ? `${b / 1e9} GB` : `${Math.round(b / 1e6)} MB`;
}

/** Minor units as a plain decimal for spreadsheets: -12350 → "-123.50" (exact, no float rounding). */
export function plainAmount(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}

/** A local date and time for exports: "2026-11-21 14:05:09". */
export function localStamp(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The next four banknote-like amounts (1, 2, 5 × a power of ten) above `minor`, in minor units: ₱20 → ₱50, 100, 200, 500; Rp 15.000 → Rp 20.000 … */
export function notesAbove(minor: number, digits: number): number[] {
  const out: number[] = [];
  for (let unit = 10 ** digits; out.length < 4 && unit < 1e15; unit *= 10) {
    for (const m of [1, 2, 5]) if (m * unit > minor && out.length < 4) out.push(m * unit);
  }
  return out;
}
