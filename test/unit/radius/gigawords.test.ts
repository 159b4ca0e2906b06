import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counter64, splitGigawords } from '../../../src/main/radius/gigawords';

const GiB4 = 2 ** 32;

describe('counter64', () => {
  it('joins gigawords and octets', () => {
    expect(counter64(0, 0)).toBe(0);
    expect(counter64(5, 1)).toBe(GiB4 + 5);
    expect(counter64(GiB4 - 1, 0)).toBe(GiB4 - 1);
    expect(counter64(123, 1000)).toBe(1000 * GiB4 + 123);
    expect(counter64(GiB4 - 10, 0)).toBe(GiB4 - 10);
    expect(counter64(20, 1)).toBe(GiB4 + 20);
  });
  it('refuses values that are not 32-bit counters or exceed 2^53', () => {
    expect(counter64(GiB4, 0)).toBeNull();
    expect(counter64(-1, 0)).toBeNull();
    expect(counter64(1.5, 0)).toBeNull();
    expect(counter64(0, 2 ** 21)).toBeNull(); // 2^53 exactly: beyond the safe range
    expect(counter64(0, 2 ** 21 - 1)).toBe((2 ** 21 - 1) * GiB4);
  });
  it('round-trips with splitGigawords for every safe byte count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (bytes) => {
        const [gw, oct] = splitGigawords(bytes);
        return counter64(oct, gw) === bytes;
      }),
    );
  });
});

describe('splitGigawords', () => {
  it('splits at 2^32 and counts whole bytes from 0', () => {
    expect(splitGigawords(GiB4 + 5)).toEqual([1, 5]);
    expect(splitGigawords(GiB4 - 1)).toEqual([0, GiB4 - 1]);
    expect(splitGigawords(-7)).toEqual([0, 0]);
    expect(splitGigawords(10.9)).toEqual([0, 10]);
  });
});
