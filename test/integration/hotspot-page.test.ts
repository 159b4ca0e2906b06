import { connect } from 'node:net';
/**
 * The café-branded Hotspot login page: made from the settings (escaped, `$(` never the
 * café's, deterministic), served read-only on the LAN port beside the PC-sync webhook,
 * and installed by Provision: the simulated router really fetches it over loopback
 * HTTP, and what it stores is byte for byte what the app serves. Chromium checks that
 * the page, filled in the way RouterOS fills it, logs in by itself from the slip's QR
 * link, with PAP and with CHAP; and, with self-service on, that "Paid at the coin slot
 * or by e-wallet?" logs the device in by its MAC and keeps trying until the payment
 * is there (two minutes at most; a tap on the voucher form stops it).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import vm from 'node:vm';
// eslint's parser, here to hold the pages' scripts to ES5 (old phone browsers).
import { parse } from 'acorn';
import fc from 'fast-check';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { defaultSettings, type Settings } from '../../src/shared/domain';
import { htmlText } from '../../src/main/hotspot-page/escape';
import { loginPage, VERSION_FILE, type LoginPage, type LoginPageSettings } from '../../src/main/hotspot-page/login-page';
import { MD5_JS } from '../../src/main/hotspot-page/md5-js';
import { sign } from '../../src/main/pcsync/signature';
import { startRouterOsSim } from '../../src/main/sim/routeros-api';
import { startCore } from '../helpers/core';
import { SECRET, startRadiusCore, type RadiusTestCore } from '../helpers/radius-core';

/** A 1×1 PNG, as the settings hold a logo. */
const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const webhook = { host: '127.0.0.1', port: 0 };

const settings = (o: { name?: string; logo?: string; ssid?: string; howToConnect?: string; mode?: Settings['vouchers']['mode'] } = {}): LoginPageSettings => ({
  cafe: { name: o.name ?? 'Netopia Café' },
  branding: { logo: o.logo ?? '', ssid: o.ssid ?? 'NETOPIA-WiFi', howToConnect: o.howToConnect ?? '' },
  vouchers: { mode: o.mode ?? 'code' },
});

const file = (page: LoginPage, name: string) => page.files.find((f) => f.name === name);
const text = (page: LoginPage, name: string) => file(page, name)!.bytes.toString('utf8');
const textFiles = (page: LoginPage) => page.files.filter((f) => f.contentType.startsWith('text/'));

/** The RouterOS variables and conditions the pages use: every `$(` in the set is one of these. */
const ROUTEROS_WORDS = new Set([
  'if error', 'error', 'endif', 'link-login-only', 'link-orig', 'username', 'if chap-id', 'chap-id', 'chap-challenge',
  'if session-time-left', 'session-time-left', 'link-redirect', 'link-status', 'if remain-bytes-total', 'remain-bytes-total-nice',
  'uptime', 'bytes-out-nice', 'bytes-in-nice', 'link-logout', 'if refresh-timeout', 'refresh-timeout-secs', 'link-login', 'error-orig',
  'mac',
]);
const routerOsWords = (s: string) => [...s.matchAll(/\$\(([^)]*)\)/g)].map((m) => m[1]!);

/** Fills a page in the way the Hotspot does: `$(if x)…$(endif)` kept when x is set, `$(x)` replaced by its value. */
function asRouterServes(template: string, vars: Record<string, string>): string {
  return template
    .replace(/\$\(if ([a-z-]+)\)([\s\S]*?)\$\(endif\)/g, (_, name: string, body: string) => (vars[name] ? body : ''))
    .replace(/\$\(([a-z-]+)\)/g, (_, name: string) => vars[name] ?? '');
}

const decodeEntities = (s: string) => s.replace(/&(?:#(\d+)|(amp|lt|gt|quot));/g, (_, n: string | undefined, named: string | undefined) => (n ? String.fromCodePoint(Number(n)) : { amp: '&', lt: '<', gt: '>', quot: '"' }[named!]!));

describe('the login page, made from the settings', () => {
  it('escapes what the café typed for HTML, and no `$(` of the café reaches the page', () => {
    const evil = `<b>Kape & "Co" 'n' $(error) $(if chap-id)Ünïcödé 🍜`;
    const page = loginPage(settings({ name: evil, ssid: '$(ssid)<x>', howToConnect: 'Open $(link-login) & type' }));
    const login = text(page, 'login.html');
    expect(login).toContain('<h1>&lt;b&gt;Kape &amp; &quot;Co&quot; &#39;n&#39; &#36;(error) &#36;(if chap-id)&#220;n&#239;c&#246;d&#233; &#127836;</h1>');
    expect(login).toContain('WiFi: <b>&#36;(ssid)&lt;x&gt;</b>');
    expect(login).toContain('Open &#36;(link-login) &amp; type');
    expect(login).not.toContain('<b>Kape');
    for (const f of textFiles(page)) {
      // Only the pages' own RouterOS variables, and the same ones whatever the café typed.
      expect(routerOsWords(f.bytes.toString('utf8')).filter((w) => !ROUTEROS_WORDS.has(w)), f.name).toEqual([]);
      expect(routerOsWords(f.bytes.toString('utf8')), f.name).toEqual(routerOsWords(text(loginPage(settings()), f.name)));
      // Plain ASCII, whatever charset the router's web server announces.
      expect([...f.bytes].every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b <= 0x7e)), f.name).toBe(true);
    }
  });

  it('htmlText: no markup, quote, `$` or non-ASCII survives, and the text reads back the same', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = htmlText(s);
        expect(out).toMatch(/^[^<>"'$]*$/);
        expect(/^[\x20-\x7e]*$/.test(out)).toBe(true);
        expect(decodeEntities(out)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  it('is the whole set of Hotspot pages, with logo.png when the settings have a logo', () => {
    const plain = loginPage(settings());
    expect(plain.files.map((f) => f.name)).toEqual(['login.html', 'alogin.html', 'status.html', 'logout.html', 'redirect.html', 'error.html', 'errors.txt', 'md5.js', VERSION_FILE]);
    expect(text(plain, 'login.html')).not.toContain('logo.png');
    const branded = loginPage(settings({ logo: LOGO }));
    expect(file(branded, 'logo.png')).toEqual({ name: 'logo.png', contentType: 'image/png', bytes: Buffer.from(LOGO.split(',')[1]!, 'base64') });
    for (const name of ['login.html', 'alogin.html', 'status.html', 'logout.html', 'error.html']) expect(text(branded, name), name).toContain('<img class="logo" src="logo.png" alt="">');
    expect(text(branded, VERSION_FILE)).toBe(branded.version);
    // Nothing is loaded from elsewhere: the customer is not online yet.
    for (const f of textFiles(branded)) expect(f.bytes.toString('utf8'), f.name).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('shows the router’s message for a failed login as it is, and logs in from the QR link’s query', () => {
    const login = text(loginPage(settings()), 'login.html');
    expect(login).toContain('$(if error)<p class="error" id="error" role="alert">$(error)</p>$(endif)');
    expect(text(loginPage(settings()), 'errors.txt')).toContain('radius-reply = $(error-orig)');
    expect(login).toContain("param('username')");
    expect(login).toContain("param('password')");
    expect(login).toContain('<form name="login" action="$(link-login-only)" method="post">');
    expect(login).toContain("var iwasChap = { id: '$(chap-id)', challenge: '$(chap-challenge)' };");
    // code vouchers: one field; code+password: the password field too.
    expect(login).toContain('<input type="hidden" name="password">');
    expect(text(loginPage(settings({ mode: 'code+password' })), 'login.html')).toContain('<label>Password<input name="password" type="password"');
  });

  it('is deterministic: the same settings give the same bytes and version; a change gives a new version', () => {
    const a = loginPage(settings({ logo: LOGO }));
    const b = loginPage(settings({ logo: LOGO }));
    expect(b).toEqual(a);
    expect(a.version).toMatch(/^[0-9a-f]{16}$/);
    const versions = new Set([a.version, loginPage(settings({ name: 'Other café', logo: LOGO })).version, loginPage(settings()).version, loginPage(settings({ logo: LOGO, mode: 'code+password' })).version]);
    expect(versions.size).toBe(4);
  });

  it('its scripts are plain ES5, for the old phone browsers a Hotspot meets', () => {
    const page = loginPage(settings());
    const scripts = [text(page, 'md5.js'), ...page.files.filter((f) => f.name.endsWith('.html')).flatMap((f) => [...f.bytes.toString('utf8').matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!))];
    expect(scripts.length).toBe(3); // md5.js, the CHAP values, the login
    for (const js of scripts) expect(() => parse(asRouterServes(js, { 'chap-id': '\\001', 'chap-challenge': '\\002' }), { ecmaVersion: 5 }), js.slice(0, 60)).not.toThrow();
  });

  it('without self-service: no MAC-login button, and the set is byte for byte what it was (routers need not fetch it again)', () => {
    for (const mode of ['code', 'code+password'] as const) {
      const before = loginPage(settings({ mode }));
      expect(loginPage({ ...settings({ mode }), selfService: false })).toEqual(before);
      expect(text(before, 'login.html')).not.toMatch(/id="paid"|\$\(mac\)|sessionStorage/);
    }
    // The versions of this set before self-service existed.
    expect(loginPage(settings()).version).toBe('a1bf037de175cab8');
    expect(loginPage(settings({ mode: 'code+password' })).version).toBe('dc09754fbe71350f');
  });

  it('with self-service: login.html has the button with the device’s $(mac); only login.html changes, and so does the version', () => {
    const off = loginPage(settings());
    const on = loginPage({ ...settings(), selfService: true });
    expect(on.version).not.toBe(off.version);
    expect(text(on, VERSION_FILE)).toBe(on.version);
    const login = text(on, 'login.html');
    expect(login).toContain('<button type="button" class="other" id="paid" data-mac="$(mac)">Paid at the coin slot or by e-wallet? Connect</button>');
    expect(login).toContain('<b>Waiting for your payment&hellip;</b>');
    expect(routerOsWords(login).filter((w) => !ROUTEROS_WORDS.has(w))).toEqual([]);
    for (const f of on.files.filter((x) => x.name !== 'login.html' && x.name !== VERSION_FILE)) expect(f.bytes.equals(file(off, f.name)!.bytes), f.name).toBe(true);
    // Still plain ES5, and nothing from elsewhere.
    const scripts = [...login.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts.length).toBe(3); // the CHAP values, the login, the MAC login
    for (const js of scripts) expect(() => parse(asRouterServes(js, { 'chap-id': '\\001', 'chap-challenge': '\\002' }), { ecmaVersion: 5 }), js.slice(0, 60)).not.toThrow();
    expect(login).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect([...Buffer.from(login)].every((b) => b === 0x0a || (b >= 0x20 && b <= 0x7e))).toBe(true);
  });

  it('md5.js hashes bytes as node:crypto does (CHAP’s id and challenge are bytes 0–255)', () => {
    const ctx: { iwasMd5?: (s: string) => string } = {};
    vm.runInNewContext(MD5_JS, ctx);
    const md5 = ctx.iwasMd5!;
    expect(md5('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    for (let n = 0; n < 200; n++) {
      const bytes = randomBytes(n);
      expect(md5(bytes.toString('latin1')), `${n} bytes`).toBe(createHash('md5').update(bytes).digest('hex'));
    }
  });
});

describe('the LAN port serves the login page read-only', () => {
  const get = (port: number, path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${port}${path}`, init);

  it('GET and HEAD /hotspot/<file>: the current set, never cached; 404 for anything else; 405 for writes', async () => {
    const t = await startCore({ webhook });
    const port = t.core.webhook!.port;
    await t.call('settings.update', { cafe: { ...defaultSettings.cafe, name: 'Kape ni Juan' }, branding: { logo: LOGO, ssid: 'KAPE', howToConnect: '' } });
    const page = loginPage({ ...(await t.call('settings.get', {})) });
    for (const f of page.files) {
      const res = await get(port, `/hotspot/${f.name}`);
      expect(res.status, f.name).toBe(200);
      expect(res.headers.get('content-type'), f.name).toBe(f.contentType);
      expect(res.headers.get('cache-control'), f.name).toBe('no-store');
      expect(Buffer.from(await res.arrayBuffer()).equals(f.bytes), f.name).toBe(true);
    }
    const head = await get(port, '/hotspot/login.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(file(page, 'login.html')!.bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    for (const path of ['/hotspot/', '/hotspot/nope.html', '/hotspot/LOGIN.HTML', '/hotspot/..%2fwebhooks%2fpc', '/hotspot/login.html/x']) {
      const res = await get(port, path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('not_found');
    }
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await get(port, '/hotspot/login.html', { method, body: method === 'DELETE' ? undefined : 'x' });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow'), method).toBe('GET, HEAD');
    }

    // Changed branding is served at once.
    await t.call('settings.update', { cafe: { ...defaultSettings.cafe, name: 'Kape ni Maria' } });
    expect(await (await get(port, '/hotspot/login.html')).text()).toContain('<h1>Kape ni Maria</h1>');
  });

  it('serves no secret, and the webhook works as before beside it', async () => {
    const t = await startRadiusCore({ api: { host: '127.0.0.1', port: 8728, user: 'admin', password: 'router-api-pw', tls: false } }, { webhook });
    const port = t.core.webhook!.port;
    const secret = t.core.pcsync.secret()!;
    for (const name of loginPage(settings()).files.map((f) => f.name)) {
      const body = await (await get(port, `/hotspot/${name}`)).text();
      for (const s of [SECRET, 'router-api-pw', secret]) expect(body, name).not.toContain(s);
    }
    const raw = JSON.stringify({ type: 'pc.logout', data: { pcUser: 'kenji', occurredAt: t.clock.now() } });
    const ts = Math.floor(t.clock.now() / 1000);
    const ok = await get(port, '/webhooks/pc', { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'webhook-id': 'msg_lan_1', 'webhook-timestamp': String(ts), 'webhook-signature': sign(secret, 'msg_lan_1', ts, raw) } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, duplicate: false, terminated: [] });
    const wrongMethod = await get(port, '/webhooks/pc');
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.text()).toMatch(/Use POST/);
    const elsewhere = await get(port, '/webhooks/other', { method: 'POST', body: '{}' });
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.text()).toMatch(/POST \/webhooks\/pc/);
  });
});

describe('a malformed request line on the LAN port', () => {
  it('gets a 4xx, not an uncaught exception (any device on the café LAN can send one)', async () => {
    const t = await startCore({ webhook });
    const port = t.core.webhook!.port;
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      for (const target of ['//', '//[', 'http://[']) {
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => socket.end(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
          let data = '';
          socket.on('data', (d: Buffer) => (data += d.toString()));
          socket.on('end', () => resolve(data));
          socket.on('error', reject);
          socket.setTimeout(3000, () => reject(new Error(`no answer to GET ${target}`)));
        });
        expect(answer, target).toMatch(/^HTTP\/1\.1 4\d\d /);
      }
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});

describe('Provision installs the login page on the router', () => {
  async function cafe(o: { flash?: boolean; webhook?: boolean } = {}) {
    const ros = await startRouterOsSim({ user: 'iwas', password: 'pw-123456', flash: o.flash });
    onTestFinished(() => ros.close());
    const t = await startRadiusCore({ api: { host: '127.0.0.1', port: ros.port, user: 'iwas', password: 'pw-123456', tls: false } }, o.webhook === false ? {} : { webhook });
    const provision = () => t.call('routers.provision', { id: t.routerId, serverAddress: '127.0.0.1' });
    return { t, ros, provision };
  }

  /** What the app serves now, file by file, fetched as the router does. */
  async function served(t: RadiusTestCore): Promise<Map<string, Buffer>> {
    const page = loginPage(await t.call('settings.get', {}));
    const out = new Map<string, Buffer>();
    for (const f of page.files) out.set(f.name, Buffer.from(await (await fetch(`http://127.0.0.1:${t.core.webhook!.port}/hotspot/${f.name}`)).arrayBuffer()));
    return out;
  }

  it('the router fetches the files (byte for byte what the app serves) and every profile shows them; a second run changes nothing', async () => {
    const { t, ros, provision } = await cafe();
    await t.call('settings.update', { branding: { logo: LOGO, ssid: 'NETOPIA', howToConnect: 'Join NETOPIA, open any page, type the code' } });
    const first = await provision();
    expect(first).toMatchObject({ ok: true, error: null });
    const version = loginPage(await t.call('settings.get', {})).version;
    expect(first.steps.filter((s) => s.changed).map((s) => s.what)).toEqual([
      'RADIUS server 127.0.0.1 added for the Hotspot',
      'incoming Disconnect/CoA accepted on port 3799',
      'Hotspot profile "default" now uses RADIUS with accounting',
      'this PC (127.0.0.1) now bypasses the login page',
      `login page (version ${version}, 10 files) fetched from http://127.0.0.1:${t.core.webhook!.port}/hotspot/ into hotspot-iwas`,
      'Hotspot profile "default" now shows the café\'s login page',
    ]);
    const app = await served(t);
    expect([...app.keys()]).toContain('logo.png');
    for (const [name, bytes] of app) expect(ros.file(`hotspot-iwas/${name}`)?.equals(bytes), name).toBe(true);
    expect(ros.state.profiles[0]).toMatchObject({ 'html-directory': 'hotspot-iwas', 'use-radius': 'true' });
    expect(ros.writes.filter((w) => w.startsWith('/tool/fetch'))).toHaveLength(10);
    expect(ros.writes).toContain(`/tool/fetch url=http://127.0.0.1:${t.core.webhook!.port}/hotspot/login.html dst-path=hotspot-iwas/login.html mode=http`);
    expect(ros.writes.at(-2)).toMatch(/dst-path=hotspot-iwas\/iwas-version\.txt/); // the version file last, then the profile

    const writes = ros.writes.length;
    const second = await provision();
    expect(second.ok).toBe(true);
    expect(second.steps.filter((s) => s.changed)).toEqual([]);
    expect(second.steps.map((s) => s.what)).toContain(`login page (version ${version}) already in hotspot-iwas`);
    expect(ros.writes.length).toBe(writes);
  });

  it('a changed café name makes the next Provision fetch again, and a file no longer in the set is removed', async () => {
    const { t, ros, provision } = await cafe();
    await t.call('settings.update', { branding: { logo: LOGO, ssid: '', howToConnect: '' } });
    await provision();
    expect(ros.file('hotspot-iwas/logo.png')).toBeDefined();
    const writes = ros.writes.length;

    await t.call('settings.update', { cafe: { ...defaultSettings.cafe, name: 'Kape ni Maria' }, branding: { logo: '', ssid: '', howToConnect: '' } });
    const again = await provision();
    expect(again.ok).toBe(true);
    expect(again.steps.filter((s) => s.changed).map((s) => s.what)).toEqual([
      `login page (version ${loginPage(await t.call('settings.get', {})).version}, 9 files) fetched from http://127.0.0.1:${t.core.webhook!.port}/hotspot/ into hotspot-iwas`,
      'old login page files removed from hotspot-iwas: logo.png',
    ]);
    expect(ros.writes.slice(writes).every((w) => w.startsWith('/tool/fetch') || w.startsWith('/file/remove'))).toBe(true);
    expect(ros.file('hotspot-iwas/login.html')!.toString()).toContain('<h1>Kape ni Maria</h1>');
    expect(ros.file('hotspot-iwas/logo.png')).toBeUndefined();
    for (const [name, bytes] of await served(t)) expect(ros.file(`hotspot-iwas/${name}`)?.equals(bytes), name).toBe(true);
    expect((await provision()).steps.every((s) => !s.changed)).toBe(true);
  });

  it('a file deleted on the router is fetched again', async () => {
    const { ros, provision } = await cafe();
    await provision();
    const row = ros.state.files.find((f) => f.name === 'hotspot-iwas/status.html')!;
    ros.state.files.splice(ros.state.files.indexOf(row), 1);
    const again = await provision();
    expect(again.steps.filter((s) => s.changed).map((s) => s.what)).toEqual([expect.stringMatching(/^login page \(version \w+, 9 files\) fetched/)]);
    expect(ros.state.files.some((f) => f.name === 'hotspot-iwas/status.html')).toBe(true);
  });

  it('on a router with flash/, the files go there (kept across a reboot)', async () => {
    const { ros, provision } = await cafe({ flash: true });
    expect((await provision()).ok).toBe(true);
    expect(ros.file('flash/hotspot-iwas/login.html')).toBeDefined();
    expect(ros.state.profiles[0]!['html-directory']).toBe('flash/hotspot-iwas');
    expect((await provision()).steps.every((s) => !s.changed)).toBe(true);
  });

  it('without a LAN port, Provision sets up RADIUS and says the login page could not be installed', async () => {
    const { ros, provision } = await cafe({ webhook: false });
    const p = await provision();
    expect(p.ok).toBe(false);
    expect(p.error).toBe("RADIUS is set up, but the café's login page could not be installed: this PC has no LAN port for the router to fetch it from");
    expect(p.steps.filter((s) => s.changed)).toHaveLength(4);
    expect(ros.state.radius).toHaveLength(1);
    expect(ros.state.profiles[0]!['html-directory']).toBe('hotspot');
    expect(ros.writes.some((w) => w.startsWith('/tool/fetch'))).toBe(false);
  });

  it('when the router cannot fetch from this PC, Provision says which file, what the router said, and what to check', async () => {
    const { t, ros, provision } = await cafe();
    const port = t.core.webhook!.port;
    await t.core.webhook!.close(); // the port stops answering, as behind a firewall that refuses
    const p = await provision();
    expect(p.ok).toBe(false);
    expect(p.error).toBe(
      `RADIUS is set up, but the café's login page could not be installed: the router could not fetch http://127.0.0.1:${port}/hotspot/login.html (failure: connection refused); check that this PC's firewall lets the router reach TCP port ${port}`,
    );
    expect(p.steps.map((s) => s.what)).toContain('this PC (127.0.0.1) now bypasses the login page');
    expect(ros.state.profiles[0]!['html-directory']).toBe('hotspot'); // not pointed at files that are not there
  });
});

describe('the login page in a browser (Chromium), filled in as RouterOS fills it', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /**
   * A stand-in for the Hotspot's web server: /login serves the page with `vars`, POST
   * /login records the form and logs in, or, when `refuse` gives a message for it, serves
   * the page again with that $(error) (and the tried $(username)), as RouterOS does.
   */
  async function hotspot(page: LoginPage, vars: Record<string, string>, o: { refuse?: (form: URLSearchParams) => string | null } = {}) {
    const posts: URLSearchParams[] = [];
    /** When each post came (ms since the page was set up). */
    const postedAt: number[] = [];
    const started = Date.now();
    const loginHtml = (extra: Record<string, string>) => Buffer.from(asRouterServes(text(page, 'login.html'), { ...vars, ...extra, 'link-login-only': `http://127.0.0.1:${port}/login`, 'link-orig': 'http://example.com/' }));
    const server: Server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'POST' && path === '/login') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          posts.push(form);
          postedAt.push(Date.now() - started);
          const refused = o.refuse?.(form) ?? null;
          if (refused) res.writeHead(200, { 'content-type': 'text/html' }).end(loginHtml({ error: refused, username: form.get('username') ?? '' }));
          else res.writeHead(200, { 'content-type': 'text/html' }).end('<p>logged in</p>');
        });
        return;
      }
      const f = path === '/login' ? { contentType: 'text/html', bytes: loginHtml({}) } : file(page, path.slice(1));
      if (!f) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': f.contentType }).end(f.bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as { port: number }).port;
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    onTestFinished(() => context.close());
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    onTestFinished(() => expect(errors).toEqual([]));
    return { url: `http://127.0.0.1:${port}/login`, posts, postedAt, tab };
  }

  it('the QR link (?username=…&password=…) logs in by itself with PAP', async () => {
    const h = await hotspot(loginPage(settings({ logo: LOGO })), {});
    await h.tab.goto(`${h.url}?username=AB3K9Z&password=ab3k9z`);
    await expect.poll(() => h.posts.length).toBe(1);
    expect(Object.fromEntries(h.posts[0]!)).toEqual({ username: 'ab3k9z', password: 'ab3k9z', dst: 'http://example.com/', popup: 'false' });
  });

  it('with CHAP it sends MD5(chap-id + password + challenge), as MikroTik’s own page does', async () => {
    const challenge = Buffer.from([0xef, 0x0d, 0xd8, 0x0b, 0x11, 0x9c, 0x65, 0xa5, 0xc3, 0xab, 0x62, 0xa6, 0x5b, 0x7d, 0xfd, 0xce]);
    const octal = (b: Buffer) => [...b].map((x) => `\\${x.toString(8).padStart(3, '0')}`).join('');
    const h = await hotspot(loginPage(settings({ mode: 'code+password' })), { 'chap-id': octal(Buffer.from([0xf9])), 'chap-challenge': octal(challenge), error: 'Wrong password' });
    // The router already tried the plain password as a CHAP answer and refused it: the page sends it once more, hashed.
    await h.tab.goto(`${h.url}?username=ab3k9z&password=Kp7mq2`);
    await expect.poll(() => h.posts.length).toBe(1);
    const expected = createHash('md5').update(Buffer.from([0xf9])).update('kp7mq2').update(challenge).digest('hex');
    expect(Object.fromEntries(h.posts[0]!)).toMatchObject({ username: 'ab3k9z', password: expected });
  });

  it('with code-only vouchers, a card of a code + password batch can still be typed in: the password field is there, optional', async () => {
    const h = await hotspot(loginPage(settings()), {});
    await h.tab.goto(h.url);
    await h.tab.getByLabel('Voucher code').fill('ns4k7p2q');
    await h.tab.getByLabel(/Password/).fill('7hq2m9');
    await h.tab.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => h.posts.length).toBe(1);
    expect(Object.fromEntries(h.posts[0]!)).toMatchObject({ username: 'ns4k7p2q', password: '7hq2m9' });
  });

  it('a refused PAP login shows the router’s message plainly and is not retried; typing the code logs in', async () => {
    const h = await hotspot(loginPage(settings()), { error: 'Time used up', username: 'ab3k9z' });
    await h.tab.goto(`${h.url}?username=ab3k9z&password=ab3k9z`);
    await expect.poll(() => h.tab.getByRole('alert').textContent()).toBe('Time used up');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.posts).toHaveLength(0);
    await h.tab.getByLabel('Voucher code').fill('  Qw3rty ');
    await h.tab.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => h.posts.length).toBe(1);
    expect(Object.fromEntries(h.posts[0]!)).toMatchObject({ username: 'qw3rty', password: 'qw3rty' });
  });

  describe('self-service: logging in by MAC once paid', () => {
    const MAC = 'AA:BB:CC:00:00:01';
    const selfService = () => loginPage({ ...settings(), selfService: true });
    const paid = (h: { tab: Page }) => h.tab.getByRole('button', { name: 'Paid at the coin slot or by e-wallet? Connect', exact: true });
    const waiting = (h: { tab: Page }) => h.tab.getByText('Waiting for your payment…');

    it('the tap sends username = $(mac) and an empty password (CHAP-hashed); refused until paid, it waits and tries again every 3 s; then it is in', async () => {
      const challenge = Buffer.from('0123456789abcdef', 'hex').toString('latin1');
      const octal = (b: Buffer) => [...b].map((x) => `\\${x.toString(8).padStart(3, '0')}`).join('');
      const chap = { 'chap-id': octal(Buffer.from([0x2a])), 'chap-challenge': octal(Buffer.from(challenge, 'latin1')) };
      let payment = false;
      const h = await hotspot(selfService(), { mac: MAC, ...chap }, { refuse: () => (payment ? null : 'Voucher not found') });
      await h.tab.goto(h.url);
      await paid(h).click();
      await expect.poll(() => h.posts.length).toBe(1);
      const expected = createHash('md5').update(Buffer.from([0x2a])).update(Buffer.from(challenge, 'latin1')).digest('hex');
      expect(Object.fromEntries(h.posts[0]!)).toEqual({ username: MAC, password: expected, dst: 'http://example.com/', popup: 'false' });

      // The router refused (no payment yet) and served the page again: it waits, without the refusal meant for vouchers.
      await waiting(h).waitFor();
      expect(await h.tab.getByRole('alert').count()).toBe(0);
      expect(await paid(h).isVisible()).toBe(false);
      expect(await h.tab.getByLabel('Voucher code').inputValue()).toBe('');
      await expect.poll(() => h.posts.length, { timeout: 6000 }).toBe(2);
      expect(h.postedAt[1]! - h.postedAt[0]!).toBeGreaterThanOrEqual(2900);
      expect(Object.fromEntries(h.posts[1]!)).toMatchObject({ username: MAC, password: expected });

      payment = true; // the coin slot's event arrived
      await expect.poll(() => h.posts.length, { timeout: 6000 }).toBe(3);
      await h.tab.getByText('logged in').waitFor();
    });

    it('a tap on the voucher form stops the retries; the voucher logs in as before', async () => {
      const h = await hotspot(selfService(), { mac: MAC }, { refuse: (form) => (form.get('username') === MAC ? 'Voucher not found' : null) });
      await h.tab.goto(h.url);
      await paid(h).click();
      await expect.poll(() => h.posts.length).toBe(1);
      expect(Object.fromEntries(h.posts[0]!)).toMatchObject({ username: MAC, password: '' });
      await waiting(h).waitFor();
      await h.tab.getByLabel('Voucher code').click();
      expect(await waiting(h).isVisible()).toBe(false);
      expect(await paid(h).isVisible()).toBe(true);
      await new Promise((r) => setTimeout(r, 3500));
      expect(h.posts).toHaveLength(1);
      await h.tab.getByLabel('Voucher code').fill('ab3k9z');
      await h.tab.getByRole('button', { name: 'Connect', exact: true }).click();
      await expect.poll(() => h.posts.length).toBe(2);
      expect(Object.fromEntries(h.posts[1]!)).toMatchObject({ username: 'ab3k9z', password: 'ab3k9z' });
    });

    it('after two minutes it stops and says no payment arrived; a visit long after the last try starts afresh', async () => {
      const h = await hotspot(selfService(), { mac: MAC, error: 'Voucher not found', username: MAC });
      await h.tab.goto(h.url);
      const stored = (tapAgoMs: number, tryAgoMs: number) =>
        h.tab.evaluate(`sessionStorage.setItem('iwasPaidAt', String(Date.now() - ${tapAgoMs})); sessionStorage.setItem('iwasPaidTry', String(Date.now() - ${tryAgoMs}))`);

      // Tapped 2 minutes ago, the last try just now: the page gives up.
      await stored(120_500, 500);
      await h.tab.reload();
      await h.tab.getByRole('alert').filter({ hasText: 'No payment has arrived for this device yet' }).waitFor();
      expect(await h.tab.getByText('Voucher not found').isVisible()).toBe(false);
      expect(await paid(h).isVisible()).toBe(true);
      expect(await h.tab.evaluate(`sessionStorage.getItem('iwasPaidAt')`)).toBeNull();

      // Tapped a while ago, but the last try was a minute ago (the customer was online meanwhile): the page as usual.
      await stored(70_000, 60_000);
      await h.tab.reload();
      await h.tab.getByRole('alert').filter({ hasText: 'Voucher not found' }).waitFor();
      expect(await waiting(h).isVisible()).toBe(false);
      await new Promise((r) => setTimeout(r, 3500));
      expect(h.posts).toHaveLength(0);
    });

    it('without self-service the page has no such button', async () => {
      const h = await hotspot(loginPage(settings()), { mac: MAC });
      await h.tab.goto(h.url);
      await h.tab.getByRole('button', { name: 'Connect', exact: true }).waitFor();
      expect(await paid(h).count()).toBe(0);
    });
  });
});
