/**
 * Numbers typed with a unit ("90 min", "1.5 GB") for package limits and rates, to and
 * from the core's units (seconds, bytes, kbps). Decimal units as routers and phones
 * show them: 1 MB = 1,000,000 bytes.
 */
import { t } from '../i18n';

export interface Unit {
  id: string;
  /** The unit's name in the picker, in the language shown ("minutes"; symbols as they are: "MB"). */
  label: () => string;
  factor: number;
}

export const timeUnits: Unit[] = [
  { id: 'min', label: () => t('format.unit.minutes'), factor: 60 },
  { id: 'h', label: () => t('format.unit.hours'), factor: 3600 },
  { id: 'd', label: () => t('format.unit.days'), factor: 86400 },
];
export const dataUnits: Unit[] = [
  { id: 'MB', label: () => 'MB', factor: 1e6 },
  { id: 'GB', label: () => 'GB', factor: 1e9 },
];
export const rateUnits: Unit[] = [
  { id: 'kbps', label: () => 'kbit/s', factor: 1 },
  { id: 'Mbps', label: () => 'Mbit/s', factor: 1000 },
];

export interface Quantity {
  text: string;
  unit: string;
}

/** The quantity for a stored value: the largest unit that shows it as a whole number; empty for null. */
export function toQuantity(value: number | null, units: Unit[]): Quantity {
  if (value === null) return { text: '', unit: units[Math.min(1, units.length - 1)]!.id };
  const unit = [...units].reverse().find((u) => value % u.factor === 0) ?? units[0]!;
  const n = value / unit.factor;
  return { text: Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000), unit: unit.id };
}

/** The stored value of a quantity: null when empty, an error message when it is not a positive number. */
export function fromQuantity(q: Quantity, units: Unit[]): number | null | { error: string } {
  const text = q.text.trim().replace(',', '.');
  if (text === '') return null;
  if (!/^\d+(\.\d+)?$/.test(text)) return { error: t('format.error.number') };
  const unit = units.find((u) => u.id === q.unit) ?? units[0]!;
  const value = Math.round(Number(text) * unit.factor);
  if (value <= 0) return { error: t('format.error.positive') };
  return value;
}

/** A whole number typed in a field; an error message when it is not one. */
export function wholeNumber(text: string): number | { error: string } {
  const n = text.trim();
  if (!/^\d+$/.test(n)) return { error: t('format.error.wholeNumber') };
  return Number(n);
}
