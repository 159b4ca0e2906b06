import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { currencies, currencyMinorDigits, formatBytes, formatDuration, formatMoney, minorDigits, mostReceived, parseMoney, readMoney } from '../../../src/shared/format';
import { normalizeIp, normalizeMac } from '../../../src/shared/net';

const php = { currency: 'PHP', locale: 'en-PH' };
const vnd = { currency: 'VND', locale: 'vi-VN' };

describe('money', () => {
  it('formats minor units through Intl', () => {
    expect(formatMoney(12350, php)).toBe('₱123.50');
    expect(formatMoney(500, vnd)).toBe('500\u00a0₫');
    expect(minorDigits(vnd)).toBe(0);
  });
  it('parses what a cashier types, exactly', () => {
    expect(parseMoney('123.5', php)).toBe(12350);
    expect(parseMoney('1,000', php)).toBe(100000);
    expect(parseMoney('0.07', php)).toBe(7);
    expect(parseMoney('12.345', php)).toBeNull();
    expect(parseMoney('-5', php)).toBeNull();
    expect(parseMoney('abc', php)).toBeNull();
    expect(parseMoney('500', vnd)).toBe(500);
    expect(parseMoney('500,5', vnd)).toBeNull();
    expect(parseMoney('12.', php)).toBe(1200);
    expect(parseMoney('1,000,000.25', php)).toBe(100_000_025);
    expect(parseMoney('1 000', php)).toBe(100_000);
  });

  it('reads amounts the way the café\'s locale writes them, and refuses what could be read two ways', () => {
    const eur = { currency: 'EUR', locale: 'de-DE' };
    expect(parseMoney('12,50', eur)).toBe(1250);
    expect(parseMoney('1.000,50', eur)).toBe(100_050);
    expect(parseMoney('1.000', eur)).toBe(100_000);
    // A dot in a locale that groups with dots, not followed by three digits: a typo, not 125 €.
    expect(parseMoney('12.5', eur)).toBeNull();
    expect(parseMoney('12,505', eur)).toBeNull();
    const idr = { currency: 'IDR', locale: 'id-ID' };
    expect(parseMoney('15.000', idr)).toBe(15_000);
    expect(parseMoney('15000', idr)).toBe(15_000);
    expect(parseMoney('15,5', idr)).toBeNull();
    // In en-PH a comma groups: "1,5" and "12,50" are refused rather than read as 15 or 1250.
    expect(parseMoney('1,5', php)).toBeNull();
    expect(parseMoney('12,50', php)).toBeNull();
    // Where the other separator can only be a decimal point, it is one.
    expect(parseMoney('12.5', { currency: 'EUR', locale: 'fr-CH' })).toBe(1250);
    expect(parseMoney('1,00,000', { currency: 'INR', locale: 'en-IN' })).toBe(10_000_000);
    expect(parseMoney('1,00,00,000.50', { currency: 'INR', locale: 'en-IN' })).toBe(1_000_000_050);
    expect(parseMoney('9'.repeat(14), php)).toBeNull();
  });
  it('tells an amount too large for any till from one that is not an amount', () => {
    expect(readMoney('9'.repeat(17), php)).toBe('too_large');
    expect(readMoney('99,999,999,999', php)).toBe('too_large');
    // The largest amount anywhere is 10^12 minor units: ₱10,000,000,000.00, Rp 1.000.000.000.000.
    expect(readMoney('10,000,000,000', php)).toBe(1e12);
    expect(readMoney('10,000,000,000.01', php)).toBe('too_large');
    expect(readMoney('1.000.000.000.001', { currency: 'IDR', locale: 'id-ID' })).toBe('too_large');
    expect(readMoney('12.345', php)).toBe('unreadable');
    expect(readMoney('abc', php)).toBe('unreadable');
    expect(parseMoney('99,999,999,999', php)).toBeNull();
  });
  it('reads the café currency written with the amount, and only that one', () => {
    const idr = { currency: 'IDR', locale: 'id-ID' };
    expect(parseMoney('₱100', php)).toBe(10_000);
    expect(parseMoney('₱ 1,000.50', php)).toBe(100_050);
    expect(parseMoney('PHP 20', php)).toBe(2000);
    expect(parseMoney('20 php', php)).toBe(2000);
    expect(parseMoney('Rp 15.000', idr)).toBe(15_000);
    expect(parseMoney('Rp15.000', idr)).toBe(15_000);
    expect(parseMoney('$100', php)).toBeNull();
    expect(parseMoney('₱₱100', php)).toBeNull();
    expect(parseMoney('Rp', idr)).toBeNull();
  });
});

describe('the most cash a customer hands over', () => {
  it('is the price and change of up to one largest note (₱1,000, Rp 100.000); another currency: change of up to ten times the price', () => {
    expect(mostReceived(2000, php)).toBe(102_000);
    expect(mostReceived(150_000, { currency: 'IDR', locale: 'id-ID' })).toBe(250_000);
    expect(mostReceived(20_000, vnd)).toBe(520_000);
    // JPY is not in the list of notes: ¥500 → ¥5,500 at most.
    expect(mostReceived(500, { currency: 'JPY', locale: 'ja-JP' })).toBe(5_500);
  });
});

describe('minor-unit digits, fixed in code for the currencies offered', () => {
  it('PHP has 2 (centavos), IDR 0 (whole rupiah); another ISO currency keeps what Intl says (JPY 0)', () => {
    expect(currencyMinorDigits).toMatchObject({ PHP: 2, IDR: 0 });
    expect(currencies.slice(0, 2)).toEqual(['PHP', 'IDR']);
    for (const c of currencies) expect(minorDigits({ currency: c, locale: 'en' })).toBe(currencyMinorDigits[c]);
    expect(minorDigits({ currency: 'JPY', locale: 'ja-JP' })).toBe(0);
    expect(formatMoney(500, { currency: 'JPY', locale: 'ja-JP' })).toBe('￥500');
  });

  it('do not follow Intl: a runtime whose data gives IDR 2 digits still reads and writes whole rupiah', async () => {
    const Real = Intl.NumberFormat;
    // ISO 4217's answer for IDR, which some ICU/CLDR versions (and browsers) give.
    class IsoIdr extends Real {
      constructor(locales?: string | string[], options?: Intl.NumberFormatOptions) {
        super(locales, options?.currency === 'IDR' ? { minimumFractionDigits: 2, maximumFractionDigits: 2, ...options } : options);
      }
    }
    vi.stubGlobal('Intl', { ...Intl, NumberFormat: IsoIdr });
    onTestFinished(() => void vi.unstubAllGlobals());
    expect(new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR' }).resolvedOptions().maximumFractionDigits).toBe(2);
    vi.resetModules();
    const fresh = await import('../../../src/shared/format');
    const idr = { currency: 'IDR', locale: 'id-ID' };
    expect(fresh.minorDigits(idr)).toBe(0);
    expect(fresh.formatMoney(15_000, idr)).toBe('Rp\u00a015.000');
    expect(fresh.parseMoney('15.000', idr)).toBe(15_000);
    expect(fresh.parseMoney('15000', idr)).toBe(15_000);
    expect(fresh.formatMoney(2000, php)).toBe('₱20.00');
  });
});

describe('bytes and durations', () => {
  it('formats bytes in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(682_000_000)).toBe('682 MB');
    expect(formatBytes(5 * 2 ** 30)).toBe('5.37 GB');
  });
  it('formats durations', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(750)).toBe('12m 30s');
    expect(formatDuration(3900)).toBe('1h 05m');
    expect(formatDuration(90000)).toBe('1d 1h');
    expect(formatDuration(-5)).toBe('0s');
  });
});

describe('network identifiers', () => {
  it('normalises MACs in any common spelling', () => {
    for (const s of ['aa:bb:cc:dd:ee:ff', 'AA-BB-CC-DD-EE-FF', 'aabb.ccdd.eeff', 'AABBCCDDEEFF']) {
      expect(normalizeMac(s)).toBe('AA:BB:CC:DD:EE:FF');
    }
    expect(normalizeMac('aa:bb:cc:dd:ee')).toBeNull();
    expect(normalizeMac('gg:bb:cc:dd:ee:ff')).toBeNull();
  });
  it('accepts IPv4 and IPv6, nothing else', () => {
    expect(normalizeIp('192.168.88.1')).toBe('192.168.88.1');
    expect(normalizeIp('fe80:0::1')).toBe('fe80::1');
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', 'router.local', '', '[::1]']) expect(normalizeIp(bad)).toBeNull();
  });
});

describe('time left between updates', () => {
  const base = { state: 'ACTIVE' as const, remaining: { timeS: 600, dataBytes: null, validUntil: null }, asOf: 1_000_000, devices: [{}, {}] as never[] };
  it('counts down per connected device', async () => {
    const { timeLeftAt } = await import('../../../src/shared/engine/countdown');
    expect(timeLeftAt(base, 1_000_000 + 10_000)).toBe(580);
    expect(timeLeftAt({ ...base, devices: [] }, 1_000_000 + 10_000)).toBe(600);
    expect(timeLeftAt({ ...base, remaining: { ...base.remaining, validUntil: 1_000_000 + 60_000 } }, 1_000_000 + 10_000)).toBe(50);
    expect(timeLeftAt({ ...base, state: 'PENDING' }, 2_000_000)).toBe(600);
    expect(timeLeftAt({ ...base, remaining: { ...base.remaining, timeS: null } }, 2_000_000)).toBeNull();
    expect(timeLeftAt(base, 9_000_000)).toBe(0);
  });
});
