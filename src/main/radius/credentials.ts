/**
 * What the customer typed, as the router sent it: PAP (User-Password, recovered with
 * the shared secret) or CHAP (CHAP-Password over CHAP-Challenge, or over the Request
 * Authenticator when there is no challenge; MikroTik Hotspot's default login).
 */
import { timingSafeEqual } from 'node:crypto';
import { bytes, decryptUserPassword, type Attributes, type Frame } from './codec';
import { md5 } from './digest';

export type Offered =
  | { kind: 'pap'; password: string }
  | { kind: 'chap'; ident: number; response: Buffer; challenge: Buffer }
  | { kind: 'none' };

/** Reads the offered credentials from a request; `none` when it carries neither. */
export function offeredCredentials(frame: Frame, attrs: Attributes, secret: string): Offered {
  const chap = bytes(attrs, 'CHAP-Password');
  if (chap && chap.length === 17) {
    return { kind: 'chap', ident: chap[0]!, response: chap.subarray(1), challenge: bytes(attrs, 'CHAP-Challenge') ?? frame.authenticator };
  }
  const password = decryptUserPassword(frame, secret);
  return password === null ? { kind: 'none' } : { kind: 'pap', password };
}

/**
 * True when the offered credentials prove `stored`. Vouchers are lower case but
 * phones capitalise, so the upper-case and capitalised spellings count too (for CHAP
 * the router hashed what was typed, so each spelling is tried).
 */
export function passwordMatches(offered: Offered, stored: string): boolean {
  if (offered.kind === 'none') return false;
  if (offered.kind === 'pap') return offered.password.trim().toLowerCase() === stored.toLowerCase();
  const spellings = new Set([stored, stored.toUpperCase(), stored.charAt(0).toUpperCase() + stored.slice(1)]);
  for (const p of spellings) {
    chap(expected, offered.ident, p, offered.challenge);
    if (timingSafeEqual(expected.subarray(1), offered.response)) return true;
  }
  return false;
}

const expected = Buffer.alloc(17);

/** Writes a CHAP response into `out`: the identifier, then MD5(identifier, password, challenge) (RFC 1994). */
function chap(out: Buffer, ident: number, password: string, challenge: Buffer): Buffer {
  out[0] = ident;
  md5(out, 1, out.subarray(0, 1), password, challenge);
  return out;
}

/** Builds a CHAP response as a client does (the simulator and tests use it). */
export function chapResponse(ident: number, password: string, challenge: Buffer): Buffer {
  return chap(Buffer.alloc(17), ident, password, challenge);
}
