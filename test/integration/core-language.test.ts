/**
 * What the core says to customers and the owner follows the café's language
 * (Settings → General): the RADIUS Reply-Message on the router's login page (over real
 * RADIUS, switching at once, no restart), the Hotspot login pages (words and
 * `<html lang>`, still plain ASCII with only the router's own variables), and the daily
 * summary (words, and dates in the language's locale; money in the café's currency).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { replyMessages } from '../../src/main/radius/entitlement';
import { loginPage, type LoginPage, type LoginPageSettings } from '../../src/main/hotspot-page/login-page';
import { summaryText } from '../../src/main/summary/text';
import type { Report } from '../../src/shared/domain';
import { formatMoney } from '../../src/shared/format';
import { languages, type Language } from '../../src/shared/i18n/languages';
import { hourPackage, startCore } from '../helpers/core';
import { radclient } from '../helpers/radclient';
import { SECRET, startRadiusCore } from '../helpers/radius-core';

const webhook = { host: '127.0.0.1', port: 0 };

describe('Reply-Messages in the café’s language', () => {
  it('are short plain ASCII in every language, and English as it always was', () => {
    for (const l of languages) {
      for (const [reason, text] of Object.entries(replyMessages[l])) {
        expect(text.length, `${l} ${reason}`).toBeLessThanOrEqual(60);
        expect(text, `${l} ${reason}`).toMatch(/^[\x20-\x7e]+$/);
      }
    }
    expect(replyMessages.en.not_found).toBe('Voucher not found');
    expect(replyMessages.en.voided).toBe('This card was voided: ask at the counter');
  });

  it('a refused login gets its Reply-Message in the language set now (fil, id, back to en), no restart', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const refusals = async () =>
      (
        await radclient(t.auth, 'auth', SECRET, [
          [`User-Name = "${v.code}"`, 'User-Password = "nope"', 'Calling-Station-Id = "AA:BB:CC:DD:EE:01"'].join(', '),
          ['User-Name = "zzzzzz"', 'User-Password = "zzzzzz"', 'Calling-Station-Id = "AA:BB:CC:DD:EE:01"'].join(', '),
        ])
      ).replies.map((r) => [r.code, r.attributes['Reply-Message']]);

    await t.call('settings.update', { language: 'fil' });
    expect(await refusals()).toEqual([
      ['Access-Reject', 'Mali ang password'],
      ['Access-Reject', 'Hindi nakita ang voucher'],
    ]);
    await t.call('settings.update', { language: 'id' });
    expect(await refusals()).toEqual([
      ['Access-Reject', 'Kata sandi salah'],
      ['Access-Reject', 'Voucher tidak ditemukan'],
    ]);
    await t.call('settings.update', { language: 'en' });
    expect(await refusals()).toEqual([
      ['Access-Reject', 'Wrong password'],
      ['Access-Reject', 'Voucher not found'],
    ]);
  });
});

describe('the Hotspot login pages in the café’s language', () => {
  const settings = (language?: Language, o: { selfService?: boolean; mode?: 'code' | 'code+password' } = {}): LoginPageSettings => ({
    cafe: { name: 'Kape ni Juan' },
    branding: { logo: '', ssid: 'KAPE', howToConnect: '' },
    vouchers: { mode: o.mode ?? 'code' },
    selfService: o.selfService ?? true,
    ...(language ? { language } : {}),
  });
  const text = (page: LoginPage, name: string) => page.files.find((f) => f.name === name)!.bytes.toString('utf8');
  const routerOsWords = (s: string) => [...s.matchAll(/\$\(([^)]*)\)/g)].map((m) => m[1]!);

  it('English by default, byte for byte as without a language', () => {
    expect(loginPage(settings('en'))).toEqual(loginPage(settings()));
    expect(text(loginPage(settings()), 'login.html')).toContain('<html lang="en">');
  });

  it('Filipino and Indonesian: every page’s words and lang; plain ASCII, the same RouterOS variables, ES5 scripts', () => {
    const en = loginPage(settings('en'));
    const expected: Record<'fil' | 'id', { html: string[]; errors: string[] }> = {
      fil: {
        html: ['<html lang="fil">', '<title>WiFi ng Kape ni Juan</title>', 'Pangalan ng WiFi: <b>KAPE</b>', 'I-type ang code na nasa voucher slip mo, tapos i-tap ang Kumonekta.', '<button type="submit">Kumonekta</button>', 'Kumokonekta&hellip;', '<b>Hinihintay ang bayad mo&hellip;</b>', 'Nagbayad sa coin slot o sa e-wallet? Kumonekta'],
        errors: ['invalid-username = Hindi nakita ang voucher. Tingnan ang code sa slip mo.', 'internal-error = Nagkaproblema ang WiFi router ($(error-orig)). Magtanong po sa counter.', 'radius-reply = $(error-orig)'],
      },
      id: {
        html: ['<html lang="id">', '<title>WiFi Kape ni Juan</title>', 'Nama WiFi: <b>KAPE</b>', 'Ketik kode pada struk voucher Anda, lalu ketuk Hubungkan.', '<button type="submit">Hubungkan</button>', 'Menghubungkan&hellip;', '<b>Menunggu pembayaran Anda&hellip;</b>', 'Sudah bayar di slot koin atau dompet digital? Hubungkan'],
        errors: ['invalid-username = Voucher tidak ditemukan. Periksa kode pada struk Anda.', 'internal-error = Router WiFi mengalami masalah ($(error-orig)). Silakan tanyakan di kasir.', 'radius-reply = $(error-orig)'],
      },
    };
    for (const l of ['fil', 'id'] as const) {
      const page = loginPage(settings(l));
      const login = text(page, 'login.html');
      for (const s of expected[l].html) expect(login, l).toContain(s);
      for (const s of expected[l].errors) expect(text(page, 'errors.txt'), l).toContain(s);
      expect(page.version).not.toBe(en.version);
      expect(page.files.map((f) => f.name)).toEqual(en.files.map((f) => f.name));
      for (const f of page.files.filter((x) => x.contentType.startsWith('text/'))) {
        const s = f.bytes.toString('utf8');
        expect([...f.bytes].every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b <= 0x7e)), `${l} ${f.name}`).toBe(true);
        if (f.name !== 'iwas-version.txt') expect(routerOsWords(s), `${l} ${f.name}`).toEqual(routerOsWords(text(en, f.name)));
        if (f.name.endsWith('.html')) {
          expect(s, `${l} ${f.name}`).toContain(`<html lang="${l}">`);
          // No English sentence of the page is left (the café's name and RouterOS variables aside).
          for (const english of ['You are online.', 'Connected for', 'Log out', 'Continue', 'Back to the login page', 'Voucher code', 'Tap the button']) expect(s, `${l} ${f.name}`).not.toContain(english);
        }
        for (const [, js] of s.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
          expect(() => parse(js!.replace(/\$\(chap-(id|challenge)\)/g, '\\001'), { ecmaVersion: 5 })).not.toThrow();
        }
      }
      const status = text(page, 'status.html');
      expect(status).toContain(l === 'fil' ? '<tr><td>Natitirang oras</td><td>$(session-time-left)</td></tr>' : '<tr><td>Sisa waktu</td><td>$(session-time-left)</td></tr>');
      expect(text(page, 'alogin.html')).toContain(l === 'fil' ? '<p>Natitirang oras: <b>$(session-time-left)</b></p>' : '<p>Sisa waktu: <b>$(session-time-left)</b></p>');
      expect(text(loginPage(settings(l, { mode: 'code+password' })), 'login.html')).toContain(l === 'fil' ? '<label>Password mo<input name="password"' : '<label>Kata sandi<input name="password"');
    }
  });

  it('the LAN port serves the set in the language set now', async () => {
    const t = await startCore({ webhook });
    const port = t.core.webhook!.port;
    const get = async (name: string) => (await fetch(`http://127.0.0.1:${port}/hotspot/${name}`)).text();
    expect(await get('login.html')).toContain('<html lang="en">');
    await t.call('settings.update', { language: 'id' });
    const login = await get('login.html');
    expect(login).toContain('<html lang="id">');
    expect(login).toContain('<button type="submit">Hubungkan</button>');
    expect(await get('errors.txt')).toContain('uptime-limit = Waktu sudah habis.');
    await t.call('settings.update', { language: 'fil' });
    expect(await get('logout.html')).toContain('<p>Naka-log out ka na.</p>');
  });
});

describe('the daily summary in the café’s language', () => {
  const total = (count: number, totalMinor: number) => ({ count, totalMinor });
  const from = new Date(2026, 10, 20, 22).getTime();
  const to = new Date(2026, 10, 21, 22).getTime();
  const report: Report = {
    from,
    to,
    currency: 'PHP',
    sales: total(1234, 7000),
    topups: total(1, 1000),
    voids: total(1, -2000),
    netMinor: 6000,
    cashExpectedMinor: 5000,
    byPackage: [{ ...total(3, 4000), packageId: 1, packageName: '1 hour' }],
    byOperator: [],
    byPaymentMethod: [{ ...total(4, 5000), paymentMethod: 'cash' }, { ...total(1, 1000), paymentMethod: 'e-wallet' }],
    byWallet: [{ ...total(1, 1000), wallet: 'GCash' }],
    bySource: [{ ...total(2, 2000), sourceId: 1, sourceName: 'Coin slot 1', kind: 'coin' }],
    refusedBySource: [],
    byHour: [],
  };
  const money = { currency: 'PHP', locale: 'en-PH' };
  const php = (minor: number) => formatMoney(minor, money);
  const dates = (locale: string) => {
    const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
    return `${new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(new Date(2026, 10, 21))} (${short.format(from)} 22:00 – ${short.format(to)} 22:00)`;
  };
  const make = (language?: Language) => summaryText({ cafeName: 'Net Zone', ...(language ? { language } : {}), money, day: '2026-11-21', report, liveSessions: 4, madeAt: to });

  it('English as before', () => {
    const en = make('en');
    expect(make()).toBe(en);
    expect(en).toContain('Net Zone: daily summary\n');
    expect(en).toContain(`\n${dates('en-PH')}\n`);
    expect(en).toContain(`Net takings: ${php(6000)}\nSales: 1,234 · ${php(7000)}\nTop-ups: 1 · ${php(1000)}`);
    expect(en).toContain(`By payment method:\n  Cash: 4 · ${php(5000)}\n  E-wallet: 1 · ${php(1000)}\n    GCash: 1 · ${php(1000)}`);
    expect(en).toContain('Live sessions at 22:00: 4\n');
  });

  it('Filipino: its words and dates, the café’s money', () => {
    const fil = make('fil');
    expect(fil).toContain('Net Zone: buod ng araw\n');
    expect(fil).toContain(`\n${dates('fil-PH')}\n`);
    expect(fil).toContain(`Netong kita: ${php(6000)}\nBenta: 1,234 · ${php(7000)}\nMga top-up: 1 · ${php(1000)}\nMga na-void: 1 · ${php(-2000)}\nInaasahang cash: ${php(5000)}`);
    expect(fil).toContain(`Ayon sa paraan ng bayad:\n  Bayad na cash: 4 · ${php(5000)}\n  Bayad sa e-wallet: 1 · ${php(1000)}\n    GCash: 1 · ${php(1000)}`);
    expect(fil).toContain(`Sariling bayad ng customer:\n  Coin slot 1: 2 · ${php(2000)}`);
    expect(fil).toContain(`Pinakamabentang package:\n  1 hour: 3 · ${php(4000)}`);
    expect(fil).toContain('Mga aktibong session nang 22:00: 4\n');
    expect(fil).not.toMatch(/daily summary|Net takings|November|Saturday/);
  });

  it('Indonesian: its words, dates and number grouping; money stays in pesos', () => {
    const id = make('id');
    expect(id).toContain('Net Zone: ringkasan harian\n');
    expect(id).toContain(`\n${dates('id-ID')}\n`);
    expect(id).toContain('Sabtu, 21 November 2026');
    expect(id).toContain(`Pendapatan bersih: ${php(6000)}\nPenjualan: 1.234 · ${php(7000)}\nIsi ulang: 1 · ${php(1000)}\nPembatalan: 1 · ${php(-2000)}`);
    expect(id).toContain(`Menurut metode pembayaran:\n  Tunai: 4 · ${php(5000)}\n  Dompet digital: 1 · ${php(1000)}`);
    expect(id).toContain('Layanan mandiri:\n');
    expect(id).toContain('Paket terlaris:\n');
    expect(id).toContain('Sesi aktif pukul 22:00: 4\n');
    expect(id).toContain('₱');
  });

  it('the summary the core writes follows settings.language', async () => {
    const t = await startCore();
    t.clock.set(new Date(2026, 10, 21, 12).getTime());
    const { token } = await t.core.operators.signIn(1, '1234');
    const hour = await t.call('packages.create', hourPackage, token);
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 }, token);
    await t.call('settings.update', { language: 'id', summary: { enabled: true, closingTime: '22:00', folder: '', telegram: { enabled: false, chatId: '' } } }, token);
    t.clock.set(new Date(2026, 10, 21, 12, 30).getTime());
    const status = await t.call('summary.sendNow', {}, token);
    const text = readFileSync(status.lastFile!, 'utf8');
    expect(text).toContain('ringkasan harian');
    expect(text).toContain('Penjualan: 1 · ');
    expect(text).not.toContain('Net takings');
  });
});
