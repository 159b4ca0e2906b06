import { describe, expect, it } from 'vitest';
import { resolveRange } from '../../../src/renderer/components/range-picker';
import { day, fromDateInput, lastDays, pickedRange, toDateInput } from '../../../src/renderer/lib/dates';
import { buckets } from '../../../src/renderer/features/reports/sales-chart';

const at = (d: number, h = 0, m = 0) => new Date(2026, 10, d, h, m).getTime();

describe('report and history ranges (local days)', () => {
  it('today, yesterday and the last 7 days are whole local days', () => {
    const now = at(21, 14, 30);
    expect(day(now)).toEqual({ from: at(21), to: at(22) });
    expect(day(now, -1)).toEqual({ from: at(20), to: at(21) });
    expect(lastDays(now, 7)).toEqual({ from: at(15), to: at(22) });
    // Across a month end.
    expect(day(new Date(2026, 10, 30, 23, 59).getTime(), 1)).toEqual({ from: new Date(2026, 11, 1).getTime(), to: new Date(2026, 11, 2).getTime() });
  });

  it('picked dates include both days; wrong ones say which field and why', () => {
    expect(pickedRange('2026-11-20', '2026-11-21')).toEqual({ from: at(20), to: at(22) });
    expect(pickedRange('2026-11-21', '2026-11-21')).toEqual({ from: at(21), to: at(22) });
    expect(pickedRange('', '2026-11-21')).toEqual({ field: 'from', error: 'Pick a start date' });
    expect(pickedRange('2026-11-21', 'soon')).toEqual({ field: 'to', error: 'Pick an end date' });
    expect(pickedRange('2026-11-22', '2026-11-21')).toEqual({ field: 'to', error: 'The end must be on or after the start' });
    expect(toDateInput(at(3, 9))).toBe('2026-11-03');
    expect(fromDateInput('2026-11-03')).toBe(at(3));
  });

  it('my shift runs from sign-in to now', () => {
    const now = at(21, 18);
    expect(resolveRange({ preset: 'shift', fromText: '', toText: '' }, now, at(21, 9))).toEqual({ from: at(21, 9), to: now + 1 });
    expect(resolveRange({ preset: 'today', fromText: '', toText: '' }, now, at(21, 9))).toEqual(day(now));
  });

  it('the chart has a slot for every hour of a day (quiet ones empty) and days for longer ranges', () => {
    const hourly = buckets({ from: at(21), to: at(22), byHour: [{ hourStart: at(21, 9), count: 2, totalMinor: 4000 }, { hourStart: at(21, 17), count: 1, totalMinor: 2000 }] });
    expect(hourly).toHaveLength(24);
    expect(hourly.filter((b) => b.totalMinor > 0).map((b) => [b.label, b.totalMinor])).toEqual([['9', 4000], ['17', 2000]]);
    const daily = buckets({ from: at(15), to: at(22), byHour: [{ hourStart: at(15, 9), count: 1, totalMinor: 100 }, { hourStart: at(15, 20), count: 1, totalMinor: 50 }, { hourStart: at(21, 1), count: 1, totalMinor: 7 }] });
    expect(daily.map((b) => b.totalMinor)).toEqual([150, 0, 0, 0, 0, 0, 7]);
  });
});
