/**
 * Numbers typed with a unit ("90 min", "1.5 GB") for package limits and rates, to and
 * from the core's units (seconds, bytes, kbps). Decimal units as routers and phones
 * show them: 1 MB = 1,000,000 bytes.
 */

export interface Unit {
  id: string;
  label: string;
  factor: number;
}

export const timeUnits: Unit[] = [
  { id: 'min', label: 'minutes', factor: 60 },
  { id: 'h', label: 'hours', factor: 3600 },
  { id: 'd', label: 'days', factor: 86400 },
];
export const dataUnits: Unit[] = [
  { id: 'MB', label: 'MB', factor: 1e6 },
  { id: 'GB', label: 'GB', factor: 1e9 },
];
export const rateUnits: Unit[] = [
  { id: 'kbps', label: 'kbit/s', factor: 1 },
  { id: 'Mbps', label: 'Mbit/s', factor: 1000 },
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
  if (!/^\d+(\.\d+)?$/.test(text)) return { error: 'A number, e.g. 30 or 1.5' };
  const unit = units.find((u) => u.id === q.unit) ?? units[0]!;
  const value = Math.round(Number(text) * unit.factor);
  if (value <= 0) return { error: 'More than zero, or leave it empty' };
  return value;
}

/** A whole number typed in a field; an error message when it is not one. */
export function wholeNumber(text: string): number | { error: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { error: 'A whole number' };
  return Number(t);
}
