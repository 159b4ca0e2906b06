import { describe, expect, it } from 'vitest';
import { remaining as remainingAt, timeUsedAt, USABLE_DATA_MIN_BYTES, type UsageSnapshot } from '../../../src/shared/engine/remaining';

const T0 = 1_800_000_000_000;
type Snapshot = UsageSnapshot & { openSince: number[] };
const base: Snapshot = {
  timeLimitS: 3600,
  validityS: null,
  dataLimitBytes: null,
  bytesIn: 0,
  bytesOut: 0,
  timeUsedS: 0,
  createdAt: T0 - 3600_000,
  firstLoginAt: null,
  openSince: [],
};
const remaining = (u: Snapshot, now: number) => remainingAt(u, u.openSince, now);

describe('remaining', () => {
  it('a fresh session has its whole allotment', () => {
    expect(remaining(base, T0)).toEqual({ timeS: 3600, dataBytes: null, validUntil: null, exhausted: null });
  });

  it('consumes time only while connected', () => {
    const offline = { ...base, timeUsedS: 600, firstLoginAt: T0 };
    expect(remaining(offline, T0 + 3_600_000).timeS).toBe(3000); // an hour later, still 3000: nobody connected
    const online = { ...offline, openSince: [T0] };
    expect(remaining(online, T0 + 60_000).timeS).toBe(2940);
  });

  it('consumes time per connected device', () => {
    const two = { ...base, firstLoginAt: T0, openSince: [T0, T0] };
    expect(timeUsedAt(two.timeUsedS, two.openSince, T0 + 10_000)).toBe(20);
    expect(remaining(two, T0 + 1800_000)).toMatchObject({ timeS: 0, exhausted: 'time' });
  });

  it('caps time by the validity window, which opens at first login', () => {
    const s = { ...base, validityS: 1800 };
    expect(remaining(s, T0).timeS).toBe(1800); // not started: the whole window
    const started = { ...s, firstLoginAt: T0 };
    expect(remaining(started, T0 + 600_000)).toMatchObject({ timeS: 1200, validUntil: T0 + 1_800_000 });
    expect(remaining(started, T0 + 1_800_000)).toMatchObject({ timeS: 0, exhausted: 'validity' });
  });

  it('a validity-only package counts wall-clock time from first login', () => {
    const s = { ...base, timeLimitS: null, validityS: 86400, firstLoginAt: T0 };
    expect(remaining(s, T0 + 3_600_000)).toMatchObject({ timeS: 82800, exhausted: null });
  });

  it('data is upload plus download against the limit, never negative', () => {
    const s = { ...base, timeLimitS: null, dataLimitBytes: 1_000_000, bytesIn: 300_000, bytesOut: 600_000 };
    expect(remaining(s, T0)).toMatchObject({ timeS: null, dataBytes: 100_000, exhausted: null });
    expect(remaining({ ...s, bytesOut: 800_000 }, T0)).toMatchObject({ dataBytes: 0, exhausted: 'data' });
  });

  it('a session stopped a few bytes short of its data limit is used up', () => {
    const MB100 = 100_000_000;
    const s = { ...base, timeLimitS: null, validityS: 86_400, firstLoginAt: T0, dataLimitBytes: MB100 };
    expect(remaining({ ...s, bytesIn: MB100 - 3 }, T0)).toMatchObject({ dataBytes: 3, exhausted: 'data' });
    expect(remaining({ ...s, bytesIn: MB100 - USABLE_DATA_MIN_BYTES + 1 }, T0).exhausted).toBe('data');
    expect(remaining({ ...s, bytesIn: MB100 - USABLE_DATA_MIN_BYTES }, T0).exhausted).toBe(null);
  });

  it('a package smaller than the usable minimum is usable until its first byte', () => {
    const s = { ...base, timeLimitS: null, dataLimitBytes: 1000 };
    expect(remaining(s, T0).exhausted).toBe(null);
    expect(remaining({ ...s, bytesOut: 1 }, T0).exhausted).toBe('data');
  });

  it('a data limit reached exactly counts as used up', () => {
    expect(remaining({ ...base, dataLimitBytes: 1000, bytesIn: 500, bytesOut: 500 }, T0).exhausted).toBe('data');
  });

  it('a clock that goes backwards does not give time back', () => {
    const s = { ...base, firstLoginAt: T0, timeUsedS: 100, openSince: [T0] };
    expect(remaining(s, T0 - 60_000).timeS).toBe(3500);
  });
});
