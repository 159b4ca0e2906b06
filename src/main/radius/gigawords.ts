/**
 * 64-bit byte counts on the wire (RFC 2869 section 5.1): a 32-bit octet attribute plus a
 * gigawords attribute counting its wraps. Accounting counters arrive this way, and
 * Mikrotik-Total-Limit(-Gigawords) goes out this way.
 */

const TWO_32 = 2 ** 32;

/** Joins a 32-bit octet counter and its gigawords into one count; null when out of range (corrupt or beyond 2^53). */
export function counter64(octets: number, gigawords = 0): number | null {
  if (!isU32(octets) || !isU32(gigawords)) return null;
  const v = gigawords * TWO_32 + octets;
  return Number.isSafeInteger(v) ? v : null;
}

/** Splits a byte count into [gigawords, low 32 bits] (a negative or fractional count as its whole bytes from 0). */
export function splitGigawords(bytes: number): [gigawords: number, octets: number] {
  const b = Math.max(0, Math.floor(bytes));
  return [Math.floor(b / TWO_32), b % TWO_32];
}

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < TWO_32;
}
