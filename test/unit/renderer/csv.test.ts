import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/renderer/lib/csv';
import { localStamp, plainAmount } from '../../../src/renderer/lib/format';

describe('CSV export', () => {
  it('quotes what needs quoting, keeps numbers as numbers, and opens with a BOM for Excel', () => {
    const csv = toCsv([
      ['Voucher', 'Reason', 'Amount'],
      ['ab12cd', 'said "stop", then left', '-20.00'],
      ['x', 'two\nlines', 1500],
      ['y', null, '0.50'],
    ]);
    expect(csv).toBe('\uFEFFVoucher,Reason,Amount\r\nab12cd,"said ""stop"", then left",-20.00\r\nx,"two\nlines",1500\r\ny,,0.50\r\n');
  });

  it('makes formula-looking text inert (a reason or a PC user typed as =HYPERLINK(...) stays text)', () => {
    const csv = toCsv([['=HYPERLINK("http://evil")', '+1+1', '-x', '@SUM(A1)', '-5', '-5.5e3']]);
    expect(csv.slice(1).trimEnd()).toBe(`"'=HYPERLINK(""http://evil"")",'+1+1,'-x,'@SUM(A1),-5,'-5.5e3`);
  });

  it('writes amounts exactly, without float rounding, in the currency\'s digits', () => {
    expect(plainAmount(12350, 2)).toBe('123.50');
    expect(plainAmount(-2000, 2)).toBe('-20.00');
    expect(plainAmount(5, 2)).toBe('0.05');
    expect(plainAmount(1500, 0)).toBe('1500');
    expect(plainAmount(Number.MAX_SAFE_INTEGER, 2)).toBe('90071992547409.91');
    expect(localStamp(new Date(2026, 10, 21, 9, 5, 7).getTime())).toBe('2026-11-21 09:05:07');
  });
});

describe('quick amounts on the keypad', () => {
  it('offers the next banknote-like amounts above the price, in any currency', async () => {
    const { notesAbove, formatNote } = await import('../../../src/renderer/lib/format');
    expect(notesAbove(2000, 2)).toEqual([5000, 10000, 20000, 50000]);
    expect(notesAbove(3500, 2)).toEqual([5000, 10000, 20000, 50000]);
    expect(notesAbove(15_000, 0)).toEqual([20_000, 50_000, 100_000, 200_000]);
    expect(notesAbove(0, 2)).toEqual([100, 200, 500, 1000]);
    expect(formatNote(5000, { currency: 'PHP', locale: 'en-PH' })).toBe('₱50');
    expect(formatNote(20_000, { currency: 'IDR', locale: 'id-ID' })).toMatch(/^Rp\s?20\.000$/);
  });
});
