/**
 * Voucher credentials: short codes a customer can read off a slip and type on a
 * phone. The alphabet leaves out look-alikes (0/O/o, 1/l/I/i) and is lower case,
 * which phones type without the shift key; codes are matched case-insensitively.
 */

export const VOUCHER_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** Returns a random integer in [0, max); injected so codes are reproducible in tests. */
export type RandomInt = (max: number) => number;

/** Makes a code of `length` characters from the voucher alphabet. */
export function generateCode(length: number, randomInt: RandomInt): string {
  let code = '';
  for (let i = 0; i < length; i++) code += VOUCHER_ALPHABET[randomInt(VOUCHER_ALPHABET.length)];
  return code;
}

/** Normalises what a customer typed into the stored form (trimmed, lower case). */
export function normalizeCode(input: string): string {
  return input.trim().toLowerCase();
}

export interface Credentials {
  code: string;
  password: string;
}

export interface VoucherPolicy {
  /** Put in front of every code (a batch's, e.g. "ns"); not counted in `length`. */
  prefix?: string;
  length: number;
  mode: 'code' | 'code+password';
  passwordLength: number;
}

/**
 * Makes credentials whose code `isTaken` does not report as used by a live session.
 * Returns null after a bounded number of tries, which only happens when the code
 * space is nearly full (then the café should lengthen its codes).
 */
export function generateCredentials(policy: VoucherPolicy, randomInt: RandomInt, isTaken: (code: string) => boolean): Credentials | null {
  for (let attempt = 0; attempt < 64; attempt++) {
    const code = (policy.prefix ?? '') + generateCode(policy.length, randomInt);
    if (isTaken(code)) continue;
    const password = policy.mode === 'code' ? code : generateCode(policy.passwordLength, randomInt);
    return { code, password };
  }
  return null;
}
