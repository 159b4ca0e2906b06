import { describe, expect, it } from 'vitest';
import { dataUnits, fromQuantity, rateUnits, timeUnits, toQuantity, wholeNumber } from '../../../src/renderer/lib/units';

describe('package limits typed with units', () => {
  it('shows a stored value in the largest unit that keeps it whole', () => {
    expect(toQuantity(3600, timeUnits)).toEqual({ text: '1', unit: 'h' });
    expect(toQuantity(5400, timeUnits)).toEqual({ text: '90', unit: 'min' });
    expect(toQuantity(86_400 * 2, timeUnits)).toEqual({ text: '2', unit: 'd' });
    expect(toQuantity(500_000_000, dataUnits)).toEqual({ text: '500', unit: 'MB' });
    expect(toQuantity(2_000_000_000, dataUnits)).toEqual({ text: '2', unit: 'GB' });
    expect(toQuantity(10_000, rateUnits)).toEqual({ text: '10', unit: 'Mbps' });
    expect(toQuantity(null, timeUnits)).toEqual({ text: '', unit: 'h' });
  });

  it('reads what was typed back into seconds, bytes and kbit/s, or says what is wrong', () => {
    expect(fromQuantity({ text: '1.5', unit: 'GB' }, dataUnits)).toBe(1_500_000_000);
    expect(fromQuantity({ text: '30', unit: 'min' }, timeUnits)).toBe(1800);
    expect(fromQuantity({ text: '2,5', unit: 'Mbps' }, rateUnits)).toBe(2500);
    expect(fromQuantity({ text: '  ', unit: 'h' }, timeUnits)).toBeNull();
    expect(fromQuantity({ text: 'ten', unit: 'h' }, timeUnits)).toEqual({ error: 'A number, e.g. 30 or 1.5' });
    expect(fromQuantity({ text: '0', unit: 'h' }, timeUnits)).toEqual({ error: 'More than zero, or leave it empty' });
    expect(fromQuantity({ text: '-1', unit: 'h' }, timeUnits)).toEqual({ error: 'A number, e.g. 30 or 1.5' });
    for (const v of [60, 3600, 7200, 1e6, 123e6, 1e9]) {
      const units = v >= 1e6 ? dataUnits : timeUnits;
      expect(fromQuantity(toQuantity(v, units), units)).toBe(v);
    }
    expect(wholeNumber('12')).toBe(12);
    expect(wholeNumber('1.5')).toEqual({ error: 'A whole number' });
  });
});
