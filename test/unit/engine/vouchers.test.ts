import { describe, expect, it } from 'vitest';
import { generateCode, generateCredentials, normalizeCode, VOUCHER_ALPHABET } from '../../../src/shared/engine/vouchers';

const seq = (values: number[]) => {
  let i = 0;
  return (max: number) => values[i++ % values.length]! % max;
};

describe('vouchers', () => {
  it('uses an alphabet without look-alikes', () => {
    for (const c of '0Oo1lIi') expect(VOUCHER_ALPHABET).not.toContain(c);
    expect(new Set(VOUCHER_ALPHABET).size).toBe(VOUCHER_ALPHABET.length);
  });

  it('makes codes of the configured length from the alphabet', () => {
    const code = generateCode(10, (max) => Math.floor(Math.random() * max));
    expect(code).toMatch(new RegExp(`^[${VOUCHER_ALPHABET}]{10}$`));
  });

  it('code mode: the password is the code; code+password: a separate one', () => {
    const a = generateCredentials({ length: 4, mode: 'code', passwordLength: 6 }, seq([1, 2, 3, 4]), () => false)!;
    expect(a.password).toBe(a.code);
    const b = generateCredentials({ length: 4, mode: 'code+password', passwordLength: 6 }, seq([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), () => false)!;
    expect(b.password).toHaveLength(6);
    expect(b.password).not.toBe(b.code);
  });

  it('skips codes a live session holds', () => {
    const taken = new Set([generateCode(4, seq([0]))]);
    const c = generateCredentials({ length: 4, mode: 'code', passwordLength: 4 }, seq([0, 0, 0, 0, 1, 1, 1, 1]), (code) => taken.has(code))!;
    expect(taken.has(c.code)).toBe(false);
  });

  it('gives up (null) when every try is taken instead of looping forever', () => {
    expect(generateCredentials({ length: 4, mode: 'code', passwordLength: 4 }, seq([0]), () => true)).toBeNull();
  });

  it('matches what a customer typed regardless of case and spaces', () => {
    expect(normalizeCode('  AB3K9 ')).toBe('ab3k9');
  });
});
