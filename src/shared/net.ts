/** Network identifiers as the café's routers spell them, normalised one way. */

const MAC_HEX = /^[0-9a-f]{12}$/i;

const CANONICAL_MAC = /^[0-9A-F]{2}(?::[0-9A-F]{2}){5}$/;

/** Normalises a MAC in any common spelling to `AA:BB:CC:DD:EE:FF`; null when it is not a MAC. */
export function normalizeMac(input: string): string | null {
  if (input.length < 12 || input.length > 20) return null;
  if (input.length === 17 && CANONICAL_MAC.test(input)) return input; // how routers send it
  const hex = input.trim().replace(/[:\-.\s]/g, '');
  if (!MAC_HEX.test(hex)) return null;
  return hex.toUpperCase().match(/../g)!.join(':');
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Normalises an IPv4 or IPv6 address to its canonical text; null when it is not one. */
export function normalizeIp(input: string): string | null {
  const s = input.trim();
  if (IPV4.test(s)) return s;
  if (!s.includes(':') || s.includes('[') || s.includes(']')) return null;
  try {
    const host = new URL(`http://[${s}]/`).hostname;
    return host.slice(1, -1);
  } catch {
    return null;
  }
}

/** True for an address in 127.0.0.0/8 or ::1. */
export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.');
}
