/**
 * What the customer typed, as the router sent it: PAP (User-Password, recovered with
 * the shared secret) or CHAP (CHAP-Password over CHAP-Challenge, or over the Request
 * Authenticator when there is no challenge; MikroTik Hotspot's default login).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { bytes, decryptUserPassword, type Attributes, type Frame } from './codec';

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
    const expected = createHash('md5').update(Buffer.from([offered.ident])).update(p).update(offered.challenge).digest();
    if (timingSafeEqual(expected, offered.response)) return true;
  }
  return false;
}

/** Builds a CHAP response as a client does (the simulator and tests use it). */
export function chapResponse(ident: number, password: string, challenge: Buffer): Buffer {
  return Buffer.concat([Buffer.from([ident]), createHash('md5').update(Buffer.from([ident])).update(password).update(challenge).digest()]);
}
