/**
 * The café's languages in a real browser: an admin switches the café to Filipino, then
 * to Bahasa Indonesia, in Settings, and every screen then speaks it: no English message
 * of the UI is left on any screen (checked against the message files themselves, so a
 * screen that still says something in English fails). A cashier's own choice wins over
 * the café's. And the till survives a restart of the server: the open tab goes on
 * selling, with no token prompt and no new sign-in.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../src/shared/i18n/catalog';
import type { Language } from '../../src/shared/i18n/languages';
import { startServe } from '../../src/main/serve/run';
import { silentLogger } from '../../src/main/log';
import { inject } from 'vitest';
import { openTill, signedInTill, useBrowser } from './browser';
import { startCafe } from './cafe';

const browser = useBrowser();

/** English UI messages that a screen in `language` must not show: plain (no arguments), two words or more, translated differently. */
function englishOnly(language: Exclude<Language, 'en'>): string[] {
  return Object.entries(catalogs.en)
    .filter(([id, text]) => !/[{}<]/.test(text) && /\w+\s+\w+/.test(text) && catalogs[language][id] !== text && text.length >= 8)
    .map(([, text]) => text);
}

/**
 * The English messages visible on the page now (the café's own data, e.g. package names, is
 * not a message). Notices are left out: one raised before the switch ("Settings saved") says
 * what it said then.
 */
async function englishOnScreen(page: Page, language: Exclude<Language, 'en'>): Promise<string[]> {
  const shown = (await page.evaluate(`[...document.body.children].filter((e) => !e.matches('.toasts, script')).map((e) => e.innerText).join('\\n')`)) as string;
  const lines = new Set(shown.split('\n').map((l) => l.trim()));
  return englishOnly(language).filter((m) => lines.has(m));
}

async function visitEveryScreen(page: Page, language: Exclude<Language, 'en'>, shot: (name: string, publish?: boolean) => Promise<void>): Promise<Record<string, string[]>> {
  const nav = page.getByRole('navigation');
  const buttons = nav.getByRole('button');
  const found: Record<string, string[]> = {};
  const count = await buttons.count();
  for (let i = 0; i < count; i++) {
    const name = (await buttons.nth(i).innerText()).trim();
    await buttons.nth(i).click();
    await page.waitForTimeout(400);
    found[name] = await englishOnScreen(page, language);
    await shot(`lang-${language}-${i}`, i === 0);
  }
  return found;
}

describe('languages', () => {
  it('switches the café to Filipino, then Bahasa Indonesia: every screen speaks it', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'admin');
    await cafe.sell('1 hour');

    // Settings → Money & payments → Café language.
    await page.getByRole('navigation').getByRole('button', { name: /Settings/ }).click();
    await page.getByRole('tab', { name: 'Money & payments' }).click();
    await page.getByLabel('Café language').selectOption('fil');
    await page.getByRole('button', { name: 'Save settings', exact: true }).click();
    await expect.poll(async () => (await cafe.call('settings.get', {})).language).toBe('fil');
    await expect.poll(() => page.evaluate('document.documentElement.lang || ""')).toBe('fil');
    const fil = await visitEveryScreen(page, 'fil', (n, p) => till.shot(n.replace('lang-fil-0', 'sell-fil'), p));
    expect(Object.keys(fil).length).toBeGreaterThanOrEqual(5);
    expect(fil).toEqual(Object.fromEntries(Object.keys(fil).map((k) => [k, []])));

    await cafe.call('settings.update', { language: 'id' });
    await expect.poll(async () => englishOnScreen(page, 'id')).toEqual([]);
    const id = await visitEveryScreen(page, 'id', (n, p) => till.shot(n.replace('lang-id-0', 'sell-id'), p));
    expect(id).toEqual(Object.fromEntries(Object.keys(id).map((k) => [k, []])));
    // The slip a cashier prints is in the café's language too.
    expect(await page.evaluate('document.body.innerText')).toMatch(/Jual|Sesi|Riwayat|Laporan/);
  }, 60_000);

  it("an operator's own language wins over the café's on the screens; the slip the customer takes is in the café's", async () => {
    const { cafe, page, till } = await signedInTill(browser(), 'cashier');
    await cafe.call('settings.update', { language: 'id' });
    await expect.poll(() => englishOnScreen(page, 'id')).toEqual([]);
    await page.getByRole('combobox', { name: /bahasa|language|wika/i }).first().selectOption('fil');
    await expect.poll(async () => (await cafe.call('operators.list', {})).find((o) => o.name === 'Bea')?.language).toBe('fil');
    // Wait for the switch itself: the Indonesian screens before it have no English either.
    await expect.poll(() => page.getByRole('navigation').innerText()).not.toContain('Jual');
    await expect.poll(() => englishOnScreen(page, 'fil')).toEqual([]);
    // A sale: the screens in Filipino, the printed slip in Indonesian.
    await page.locator('.package-key').first().waitFor();
    await page.keyboard.press('1');
    await page.keyboard.type('50');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByText(/Susunod na customer|Susunod/).first().waitFor();
    const [slip] = await till.printed();
    expect(slip!.html).toMatch(/kembalian/);
    expect(slip!.html).not.toMatch(/sukli/i);
    // Its date and time as Indonesian writes them (02.17.28), not as the peso's en-PH does (2:17:28 AM).
    expect(slip!.html).toMatch(/#\d+ · \d{1,2}\/\d{1,2}\/\d{4},? \d{2}\.\d{2}\.\d{2} · Bea/);
    // The app's own "Thank you!" (the café has not written its own footer) in the slip's language.
    expect(slip!.html).toContain('<footer>Terima kasih!</footer>');
  }, 60_000);

  it('a cashier who picks her language at one till sees it at the other till she is signed in on, at once and after a reload', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier');
    const other = await openTill(browser(), cafe.url);
    await other.signIn('cashier');
    await other.page.getByRole('combobox', { name: /bahasa|language|wika/i }).first().selectOption('fil');
    await expect.poll(async () => (await cafe.call('operators.list', {})).find((o) => o.name === 'Bea')?.language).toBe('fil');
    // The first till follows without a sign-in of its own…
    await expect.poll(() => page.getByRole('navigation').innerText()).toMatch(/Magbenta|Benta/);
    await expect.poll(() => englishOnScreen(page, 'fil')).toEqual([]);
    // …and keeps it after a reload (it used to go back to the language kept at its sign-in).
    await page.reload();
    await page.getByRole('navigation').waitFor();
    await expect.poll(() => englishOnScreen(page, 'fil')).toEqual([]);
    expect(await page.getByRole('combobox', { name: /bahasa|language|wika/i }).first().inputValue()).toBe('fil');
  }, 60_000);

  it('what the core refuses is said in Filipino: a wrong PIN, too much cash next to "Natanggap", a top-up of a session ended meanwhile', async () => {
    const cafe = await startCafe();
    await cafe.call('settings.update', { language: 'fil' });
    const till = await openTill(browser(), cafe.url);
    const page = till.page;
    till.allowError(/status of 4\d\d/);
    await page.getByRole('radio', { name: /Bea/ }).click();
    await page.locator('#pin').fill('0000');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.gate').innerText()).toContain('Mali ang tauhan o PIN');
    await page.locator('#pin').fill('5678');
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Mga screen' }).waitFor();

    await page.locator('.package-key').first().waitFor();
    await page.keyboard.press('1');
    const sale = page.locator('form.sale');
    await sale.getByLabel('Natanggap').fill('10000');
    await page.keyboard.press('Enter');
    const received = sale.locator('.field').filter({ has: page.getByLabel('Natanggap') }).locator('.field-message');
    await expect.poll(() => received.innerText()).toBe('Sobra ang ₱10,000.00 para sa ₱20.00: hanggang ₱1,020.00 lang ang tinatanggap');
    expect(await sale.locator('.form-error').count(), 'the same message again below the form').toBe(0);

    const session = await cafe.sell('1 hour');
    await page.keyboard.press('F2');
    const row = page.getByRole('row').filter({ hasText: session.voucherCode });
    await row.getByRole('button', { name: 'I-top up' }).click();
    const dialog = page.getByRole('dialog');
    await cafe.call('sessions.end', { id: session.id, reason: 'Umalis na' });
    await dialog.getByRole('button', { name: /^I-top up/ }).click();
    await expect.poll(() => dialog.locator('.form-error').innerText()).toBe(`Tapos na ang session ${session.voucherCode}; magbenta na lang ng bagong voucher`);
    expect(await englishOnScreen(page, 'fil')).toEqual([]);
  }, 60_000);

  it('an e-wallet sale in Filipino: a reference too short said next to it (zod, in Filipino), and GCash removed as Enter went out said next to the e-wallets', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier');
    await cafe.call('settings.update', { language: 'fil' });
    await expect.poll(() => page.evaluate('document.documentElement.lang || ""')).toBe('fil');
    till.allowError(/status of 4\d\d/);
    await page.locator('.package-key').first().waitFor();
    await page.keyboard.press('1');
    const sale = page.getByRole('region', { name: 'Benta' });
    await sale.getByRole('radio', { name: 'E-pitaka' }).click();
    const ref = page.getByLabel('Reference number ng GCash');
    await ref.fill('12');
    await page.keyboard.press('Enter');
    await expect.poll(() => sale.locator('.field').filter({ has: ref }).locator('.field-message').innerText()).toBe('Hindi bababa sa 4 na character');

    // The admin takes GCash off the list just as the cashier presses Enter: the core refuses it, next to the e-wallets, in Filipino.
    await ref.fill('2331 0045');
    await page.route('**/api/sales.sell', async (route) => {
      await cafe.call('settings.update', { payments: { wallets: ['Maya', 'QRIS'] } });
      await route.continue();
    });
    await page.keyboard.press('Enter');
    await expect.poll(() => sale.locator('.wallets + .field-message').innerText()).toBe('Hindi ito e-wallet na tinatanggap ng café (Maya, QRIS)');
    expect(await cafe.call('sales.list', {})).toMatchObject({ sales: [] });
    expect(await englishOnScreen(page, 'fil')).toEqual([]);
  }, 60_000);

  it('a Filipino till sent back to pairing (its device revoked) says what is wrong with the code in Filipino: too long (zod), no code on offer (the core)', async () => {
    const cafe = await startCafe();
    await cafe.call('settings.update', { language: 'fil' });
    const { code } = await cafe.call('devices.startPairing', {});
    const till = await openTill(browser(), `${cafe.serving.url}#pair=${code}`);
    // Expected: the sign-in refused once the device is revoked, the pairing refused, and the event stream cut.
    till.allowError(/status of 401/);
    till.allowError(/ERR_INCOMPLETE_CHUNKED_ENCODING/);
    const page = till.page;
    // Not paired yet, this browser does not know the café's language: the pair screen is in English.
    await page.getByRole('button', { name: 'Pair this device' }).click();
    await page.getByRole('radio', { name: /Bea/ }).waitFor();
    const [device] = await cafe.call('devices.list', {});
    await cafe.call('devices.revoke', { id: device!.id });
    await page.getByRole('radio', { name: /Bea/ }).click();
    await page.locator('#pin').fill('5678');
    await page.keyboard.press('Enter');

    const codeField = page.getByLabel('Code sa pag-pair', { exact: true });
    const message = page.locator('.field').filter({ has: codeField }).locator('.field-message');
    await codeField.fill('1234 5678 9012 3456 7');
    await page.getByRole('button', { name: 'I-pair ang device na ito' }).click();
    await expect.poll(() => message.innerText()).toBe('Hanggang 16 na character lang');
    await codeField.fill(code);
    await page.getByRole('button', { name: 'I-pair ang device na ito' }).click();
    await expect.poll(() => message.innerText()).toBe('Expired na o hindi pa nasisimulan');
    expect(await englishOnScreen(page, 'fil')).toEqual([]);
  }, 60_000);

  it('counts are written as the language shown writes them (1.200 in Bahasa Indonesia), not as the browser’s own locale', async () => {
    const { cafe, page } = await signedInTill(browser(), 'admin');
    const batch = await cafe.call('batches.create', { packageId: cafe.packages.get('1 hour')!.id, count: 1200 });
    await cafe.call('settings.update', { language: 'id' });
    await page.getByRole('navigation').getByText('Jual').first().waitFor();
    await page.keyboard.press('F8');
    await expect.poll(() => page.locator(`tr[data-batch="${batch.id}"] td.num`).first().innerText()).toBe('1.200');
  }, 60_000);

  it('a browser never paired shows pairing in its own language when the app speaks it (a phone set to Indonesian), then the café’s, kept for its next pairing', async () => {
    const cafe = await startCafe();
    await cafe.call('settings.update', { language: 'fil' });
    const { code } = await cafe.call('devices.startPairing', {});
    const phone = await openTill(browser(), `${cafe.serving.url}#pair=${code}`, 'touch', 'id-ID');
    phone.allowError(/status of 401/);
    phone.allowError(/ERR_INCOMPLETE_CHUNKED_ENCODING/);
    const page = phone.page;
    await page.getByRole('button', { name: 'Pasangkan perangkat ini' }).waitFor();
    expect(await englishOnScreen(page, 'id')).toEqual([]);
    await page.getByRole('button', { name: 'Pasangkan perangkat ini' }).click();
    // Paired: the café says its language (Filipino), and the sign-in speaks it.
    await page.getByRole('radio', { name: /Bea/ }).waitFor();
    await expect.poll(() => page.locator('.gate').innerText()).toMatch(/Sino ang nasa counter/);
    expect(await englishOnScreen(page, 'fil')).toEqual([]);
    // Revoked, then opened again (a new tab): its next pairing screen is in the café's language, not the phone's.
    const [device] = await cafe.call('devices.list', {});
    await cafe.call('devices.revoke', { id: device!.id });
    await page.goto(cafe.serving.url);
    await page.getByRole('button', { name: 'I-pair ang device na ito' }).waitFor();
    expect(await englishOnScreen(page, 'fil')).toEqual([]);
  }, 60_000);
});

describe('a till that survives a restart', () => {
  it('the open tab keeps working after the server restarts: no token prompt, still signed in, sells', async () => {
    const cafe = await startCafe();
    const { serving } = cafe;
    const till = await openTill(browser(), cafe.url);
    await till.signIn('cashier');
    const page = till.page;
    // While the server is down the page logs failed requests: expected here.
    till.allowError(/Failed to load resource|ERR_CONNECTION_REFUSED|net::/);
    const dataDir = serving.core.dataDir;
    const port = serving.port;
    await serving.stop();

    const again = await startServe({ dataDir, port, staticDir: inject('uiDir'), log: silentLogger, radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 } });
    try {
      expect(again.token).toBe(serving.token);
      await page.locator('.package-key').first().waitFor();
      await page.keyboard.press('1');
      await page.keyboard.type('50');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Voucher' }).waitFor();
      const sales = (await again.core.store.db.prepare('SELECT count(*) AS n FROM sales').get()) as { n: number };
      expect(sales.n).toBe(1);
      expect(await page.getByText(/API token/i).count()).toBe(0);
      // A reload too: the tab keeps its token and its sign-in.
      await page.reload();
      await page.getByRole('navigation').waitFor();
    } finally {
      await again.stop();
    }
  }, 60_000);
});
