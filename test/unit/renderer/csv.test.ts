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
