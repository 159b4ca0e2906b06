/** Time ranges the café thinks in: today, yesterday, this week, a day picked on a calendar. */
import { t } from '../i18n';

export interface Range {
  from: number;
  to: number;
}

export function startOfDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The local day `offset` days from the one containing `now` (0 today, -1 yesterday). */
export function day(now: number, offset = 0): Range {
  const d = new Date(startOfDay(now));
  d.setDate(d.getDate() + offset);
  const from = d.getTime();
  d.setDate(d.getDate() + 1);
  return { from, to: d.getTime() };
}

/** The last `n` local days including today. */
export function lastDays(now: number, n: number): Range {
  return { from: day(now, 1 - n).from, to: day(now).to };
}

/** "2026-11-21" for a date input. */
export function toDateInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local midnight a date input means; null when it is empty or not a date. */
export function fromDateInput(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const at = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isNaN(at) ? null : at;
}

/** A picked date range (both ends inclusive days) as epoch ms; an error for the field when it is wrong. */
export function pickedRange(fromText: string, toText: string): Range | { field: 'from' | 'to'; error: string } {
  const from = fromDateInput(fromText);
  const to = fromDateInput(toText);
  if (from === null) return { field: 'from', error: t('format.error.startDate') };
  if (to === null) return { field: 'to', error: t('format.error.endDate') };
  const end = day(to).to;
  if (end <= from) return { field: 'to', error: t('format.error.endBeforeStart') };
  return { from, to: end };
}
