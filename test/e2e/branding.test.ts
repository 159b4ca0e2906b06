/**
 * The café's own slip and e-wallet payments at the counter, in a real browser: a PNG or SVG
 * logo uploaded in Settings → Receipt (made to fit 600×300 px, other files refused next to
 * the field) printed with the WiFi name on the slip; an e-wallet sale with its reference
 * (typed without picking a package, sold once by one Enter) found again in History by that
 * reference and counted per e-wallet in Reports; the Sell buttons in view at 1024×768 with
 * the e-wallet fields open.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openTill, placement, signedInTill, useBrowser } from './browser';
import { onTheWay } from './on-the-way';
import { startCafe, type Cafe } from './cafe';
import { barLogo, png } from './png';

const browser = useBrowser();

/** A 1200×400 logo: a black bar with a red block on white (twice too wide for the slip's box). */
const bigLogo = barLogo(1200, 400);
const svgLogo = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" rx="8" fill="#0a5"/><circle cx="20" cy="20" r="12" fill="#fff"/><rect x="40" y="14" width="70" height="12" fill="#fff"/></svg>`,
);

/** A PNG data URL's size in pixels (its IHDR). */
function pngSize(dataUrl: string): { width: number; height: number } {
  const bytes = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const sales = async (cafe: Cafe) => (await cafe.call('sales.list', {})).sales;
const logoField = (page: Page) => page.locator('.field').filter({ has: page.getByLabel(/^Logo/) });

describe('the café’s slip', () => {
  it('a PNG or SVG logo made to fit, other files refused next to the field; the slip prints logo and WiFi name within 58 mm', async () => {
    const cafe = await startCafe();
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('admin');
    await page.keyboard.press('F9');
    await page.getByRole('tab', { name: 'Receipt', exact: true }).click();
    const file = page.getByLabel(/^Logo/);

    // Not a PNG or SVG; a file over 1 MB; a PNG that is still over 200 KB once drawn (noise does not compress): each refused next to the field, nothing kept.
    await file.setInputFiles({ name: 'logo.jpg', mimeType: 'image/jpeg', buffer: randomBytes(2000) });
    await expect.poll(() => logoField(page).locator('.field-message').innerText()).toMatch(/Choose a PNG or SVG image/);
    await file.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.concat([bigLogo, randomBytes(1100 * 1024)]) });
    await expect.poll(() => logoField(page).locator('.field-message').innerText()).toMatch(/The file is 1\.\d MB: choose one of at most 1 MB/);
    await file.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png(600, 300, () => randomBytes(600 * 4)) });
    await expect.poll(() => logoField(page).locator('.field-message').innerText()).toMatch(/The logo is too large: \d+ KB \(at most 200 KB\)/);
    expect(await page.getByRole('img', { name: /logo/ }).count()).toBe(0);

    // An SVG: drawn as a PNG in the 600×300 box (3:1, so 600×200).
    await file.setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: svgLogo });
    await page.getByRole('img', { name: 'The logo now' }).waitFor();
    expect(await logoField(page).locator('.field-message').count()).toBe(0);
    await page.getByRole('button', { name: 'Save receipt' }).click();
    await page.getByText('Receipt saved').waitFor();
    const svgSaved = (await cafe.call('settings.get', {})).branding.logo;
    expect(pngSize(svgSaved)).toEqual({ width: 600, height: 200 });

    // Removed, then a PNG twice too wide: scaled down to 600×200, aspect kept.
    await page.getByRole('button', { name: 'Remove logo' }).click();
    await expect.poll(() => page.getByRole('img', { name: 'The logo now' }).count()).toBe(0);
    await file.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: bigLogo });
    await page.getByRole('img', { name: 'The logo now' }).waitFor();
    await page.getByLabel('WiFi name (SSID)').fill('Netopia-Guest');
    await page.getByLabel('How to connect').fill('Join Netopia-Guest, open any page, type the code');
    await page.getByLabel('Receipt header').fill('Rizal Ave, open 24/7');
    await page.getByRole('button', { name: 'Save receipt' }).click();
    await expect.poll(async () => (await cafe.call('settings.get', {})).branding.ssid).toBe('Netopia-Guest');
    const { branding } = await cafe.call('settings.get', {});
    expect(branding).toMatchObject({ ssid: 'Netopia-Guest', howToConnect: 'Join Netopia-Guest, open any page, type the code' });
    expect(branding.logo).not.toBe(svgSaved);
    expect(pngSize(branding.logo)).toEqual({ width: 600, height: 200 });
    // The preview beside the form: the logo in grey, as thermal paper prints it.
    const preview = page.getByRole('complementary', { name: 'Slip preview' });
    expect(await preview.innerText()).toMatch(/WiFi: Netopia-Guest[\s\S]*Join Netopia-Guest/);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('[aria-label="Slip preview"] .print-brand-logo')).filter`)).toMatch(/grayscale\(1\)/);
    await till.shot('settings-receipt', true);

    // Sold: the slip has the logo at the top (at most ~40 mm wide on 58 mm paper), and the WiFi name by the code.
    await page.keyboard.press('F1');
    await page.keyboard.press('1');
    await page.getByRole('heading', { name: '1 hour', exact: true }).waitFor();
    await page.keyboard.press('Enter');
    const slip = page.getByRole('dialog', { name: 'Voucher' });
    await slip.waitFor();
    await expect.poll(() => slip.getByRole('img', { name: /QR code/ }).count()).toBe(1);
    const logo = slip.getByRole('img', { name: 'Netopia Café logo' });
    await logo.waitFor();
    expect(await slip.locator('.slip').innerText()).toMatch(/^Netopia Café\s+Rizal Ave, open 24\/7[\s\S]*WiFi: Netopia-Guest\s+Join Netopia-Guest, open any page, type the code\s+Scan to log in/);
    await page.emulateMedia({ media: 'print' });
    const printed = (await page.evaluate(`(() => {
      const slip = document.querySelector('#print-root .slip');
      const probe = document.createElement('div');
      probe.style.width = '1mm';
      document.getElementById('print-root').appendChild(probe);
      const mm = probe.getBoundingClientRect().width;
      probe.remove();
      const logo = slip.querySelector('.print-brand-logo').getBoundingClientRect();
      return { mm, logo: logo.width, logoH: logo.height, slip: slip.getBoundingClientRect().width, scroll: slip.scrollWidth, client: slip.clientWidth };
    })()`)) as { mm: number; logo: number; logoH: number; slip: number; scroll: number; client: number };
    await page.emulateMedia({ media: null });
    expect(printed.logo / printed.mm, 'logo width in mm').toBeGreaterThan(30);
    expect(printed.logo / printed.mm, 'logo width in mm').toBeLessThanOrEqual(40.5);
    expect(printed.slip / printed.mm, 'slip width in mm').toBeLessThanOrEqual(58);
    expect(printed.scroll).toBeLessThanOrEqual(printed.client);
    await till.shot('voucher-slip-branded', true);
    // What went to the printer has them too.
    await expect.poll(async () => (await till.printed()).length).toBe(1);
    const [paper] = await till.printed();
    expect(paper!.html).toContain('data:image/png;base64,');
    expect(paper!.html).toContain('WiFi: Netopia-Guest');
    await page.keyboard.press('Enter');
    await slip.waitFor({ state: 'detached' });

    // The shift report has the logo over the café's name too.
    await page.getByRole('banner').getByRole('button', { name: 'Close shift' }).click();
    const closing = page.getByRole('dialog', { name: 'Close shift' });
    await closing.getByLabel('Cash counted').fill('20');
    await closing.getByRole('button', { name: 'Close shift and print report' }).click();
    const report = page.getByRole('dialog', { name: 'Shift closed' }).getByRole('article', { name: 'Shift report' });
    await report.getByRole('img', { name: 'Netopia Café logo' }).waitFor();
    expect(await report.innerText()).toMatch(/^Netopia Café\s+SHIFT REPORT #1/);
    await till.shot('shift-report-branded');
  }, 60_000);
});

describe('e-wallet payments at the counter', () => {
  it('at 1024×768 touch: E-wallet asks which one and the reference; digits typed there pick no package, one Enter sells once; History finds it by reference, Reports count GCash', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier', 'touch');
    // The packages are on screen before their key is pressed (a key before they load picks nothing).
    await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
    await page.keyboard.press('1');
    await page.getByRole('heading', { name: '1 hour', exact: true }).waitFor();
    await page.getByRole('radio', { name: 'E-wallet' }).tap();
    // The first e-wallet is chosen, and the cursor waits in the reference field.
    const wallets = page.getByRole('radiogroup', { name: 'E-wallet' });
    expect(await wallets.getByRole('radio').allInnerTexts()).toEqual(['GCash', 'Maya', 'QRIS']);
    expect(await wallets.getByRole('radio', { name: 'GCash' }).getAttribute('aria-checked')).toBe('true');
    const ref = page.getByLabel('GCash reference number');
    await expect.poll(async () => (await page.evaluate('document.activeElement?.id')) === (await ref.getAttribute('id'))).toBe(true);

    // The keypad types where the cursor is: into the reference now (digits only, no quick amounts), not into Received.
    const keypad = page.locator('.keypad');
    await keypad.getByRole('button', { name: '5', exact: true }).tap();
    await keypad.getByRole('button', { name: '0', exact: true }).tap();
    expect(await ref.inputValue()).toBe('50');
    // (An e-wallet is charged the price exactly: no "Received" to type into.)
    expect(await page.getByLabel('Received').count()).toBe(0);
    expect(await keypad.getByRole('button', { name: /₱/ }).count()).toBe(0);
    await keypad.getByRole('button', { name: 'Clear' }).tap();
    expect(await ref.inputValue()).toBe('');

    // Enter with no reference: said next to the field, nothing sold.
    till.allowError(/status of 4\d\d/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.field-error').filter({ has: ref }).innerText()).toMatch(/Type the reference number/);
    expect(await sales(cafe)).toHaveLength(0);

    // Digits in the reference (2 and 3 are packages' keys) stay in the field.
    await ref.focus();
    await page.keyboard.type('2331 0045 9876');
    expect(await ref.inputValue()).toBe('2331 0045 9876');
    expect(await page.locator('.sale-head h2').innerText()).toBe('1 hour');
    expect(await page.getByRole('button', { name: /3 hours/ }).getAttribute('aria-pressed')).toBe('false');

    // The Sell buttons stay in view and uncovered with the e-wallet fields open; so does the reference field.
    const sale = page.getByRole('region', { name: 'Sale' });
    for (const control of [sale.getByRole('button', { name: 'Sell', exact: true }), sale.getByRole('button', { name: /^Sell and print/ }), ref]) {
      expect(await placement(page, control), await control.evaluate((el) => el.outerHTML.slice(0, 60))).toEqual({ inside: true, reached: true });
    }
    const small = (await page.evaluate("[...document.querySelectorAll('.wallets .chip, .methods .chip, form.sale input')].map((el) => el.getBoundingClientRect().height)")) as number[];
    expect(Math.min(...small), 'smallest chip or field (px)').toBeGreaterThanOrEqual(44);
    // Tapping a wallet puts the cursor back in the reference: digits typed next land there, and pick no package.
    const anyRef = page.locator('.wallet-fields input');
    const typed = await anyRef.inputValue();
    await page.getByRole('radio', { name: 'Maya' }).tap();
    await page.keyboard.type('4');
    expect(await anyRef.inputValue()).toBe(`${typed}4`);
    await page.getByRole('radio', { name: 'GCash' }).tap();
    await page.keyboard.press('Backspace');
    expect(await anyRef.inputValue()).toBe(typed);
    expect(await page.locator('.sale-head h2').innerText()).toBe('1 hour');
    await till.shot('sell-ewallet-1024', true);

    // The core's own field errors show next to the field too (a reference changed on the way, as a tampered or older till would send it).
    const tampered = await onTheWay(page, 'sales.sell', { body: { paymentRef: '##' }, times: 1 });
    await page.keyboard.press('Enter');
    await expect.poll(() => tampered.met()).toBe(1);
    await expect.poll(() => page.locator('.field').filter({ has: ref }).locator('.field-message').innerText()).toMatch(/Letters, digits, spaces and dashes only|At least 4/);
    expect(await sales(cafe)).toHaveLength(0);
    // Typing in it again takes the red away.
    await ref.press('End');
    await page.keyboard.type(' ');
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('.field-error').count()).toBe(0);

    // One Enter, one sale; the slip says how it was paid.
    await page.keyboard.press('Enter');
    const slip = page.getByRole('dialog', { name: 'Voucher' });
    await slip.waitFor();
    expect(await slip.locator('.slip').innerText()).toContain('Paid by GCash · Ref 2331 0045 9876');
    await till.shot('sell-ewallet-slip');
    await page.keyboard.press('Enter');
    await slip.waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    const sold = await sales(cafe);
    expect(sold).toHaveLength(1);
    expect(sold[0]).toMatchObject({ paymentMethod: 'e-wallet', wallet: 'GCash', paymentRef: '2331 0045 9876', priceMinor: 2000 });

    // A cash sale too, so the search has something to leave out.
    await cafe.sell('50 MB');
    await page.keyboard.press('F3');
    const ledger = page.getByRole('table', { name: 'Sales' });
    await expect.poll(() => ledger.getByRole('row').count()).toBe(3);
    const search = page.getByLabel('Search history');
    expect(await search.getAttribute('placeholder')).toMatch(/payment ref/);
    await search.fill('0045 9876');
    await expect.poll(() => ledger.getByRole('row').count()).toBe(2);
    expect(await ledger.getByRole('row').nth(1).innerText()).toMatch(/GCash\s+Ref 2331 0045 9876/);
    await till.shot('history-ewallet-1024');

    await page.keyboard.press('F4');
    await page.getByRole('radio', { name: 'Today' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Per payment' }).innerText()).toMatch(/E-wallet\s+1\s+₱20\.00\s+GCash\s+1\s+₱20\.00/);
    await till.shot('reports-ewallet-1024');
  }, 60_000);

  it('Top up by e-wallet: the reference is asked for next to its field, then recorded with the e-wallet chosen', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier');
    const session = await cafe.sell('1 hour');
    // The till is loaded (packages on Sell) before F2; then the sold session's row is there before its Top up is pressed.
    await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
    await page.keyboard.press('F2');
    const row = page.getByRole('row').filter({ hasText: session.voucherCode });
    await row.waitFor();
    await row.getByRole('button', { name: 'Top up' }).click();
    const dialog = page.getByRole('dialog', { name: `Top up ${session.voucherCode}` });
    // What was typed in Received before the e-wallet was chosen is not what it is charged.
    await dialog.getByLabel('Received').fill('50');
    await dialog.getByRole('radio', { name: 'E-wallet' }).click();
    expect(await dialog.getByLabel('Received').count()).toBe(0);
    expect(await dialog.locator('.charged').innerText()).toMatch(/^Charged exactly\s+₱20\.00$/);
    await dialog.getByRole('radio', { name: 'Maya' }).click();
    till.allowError(/status of 4\d\d/);
    await dialog.getByRole('button', { name: /^Top up for/ }).click();
    const refField = dialog.locator('.field').filter({ has: page.getByLabel('Maya reference number') });
    await expect.poll(() => refField.locator('.field-message').innerText()).toMatch(/Type the reference number/);
    await dialog.getByLabel('Maya reference number').fill('12#4');
    await dialog.getByRole('button', { name: /^Top up for/ }).click();
    await expect.poll(() => refField.locator('.field-message').innerText()).toMatch(/Letters, digits, spaces and dashes only/);
    await dialog.getByLabel('Maya reference number').fill('MY-7781-22');
    // Enter in the field tops up, as in every form.
    const mayaRef = dialog.getByLabel('Maya reference number');
    await expect.poll(async () => (await page.evaluate('document.activeElement?.id')) === (await mayaRef.getAttribute('id'))).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const topups = (await sales(cafe)).filter((s) => s.kind === 'topup');
    expect(topups).toMatchObject([{ paymentMethod: 'e-wallet', wallet: 'Maya', paymentRef: 'MY-7781-22', priceMinor: 2000, paidMinor: 2000, changeMinor: 0 }]);
  }, 30_000);

  it('Settings → Money & payments: e-wallets added, renamed and removed, a repeated one refused next to the list; the counter offers the saved list', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'admin');
    await page.keyboard.press('F9');
    await page.getByRole('tab', { name: 'Money & payments' }).click();
    const wallet = (n: number) => page.getByRole('textbox', { name: `E-wallet ${n}`, exact: true });
    await wallet(2).fill('PayMaya');
    await page.getByRole('button', { name: 'Remove QRIS' }).click();
    await page.getByRole('button', { name: 'Add e-wallet' }).click();
    await expect.poll(async () => (await page.evaluate('document.activeElement?.id')) === (await wallet(3).getAttribute('id'))).toBe(true);
    await page.keyboard.type('gcash');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('fieldset.wallets-settings .field-message').innerText()).toBe('Each e-wallet once');
    expect((await cafe.call('settings.get', {})).payments.wallets).toEqual(['GCash', 'Maya', 'QRIS']);
    await page.getByRole('button', { name: 'Add e-wallet' }).click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.field').filter({ has: wallet(4) }).locator('.field-message').innerText()).toMatch(/Required|least/);
    await page.getByRole('button', { name: 'Remove e-wallet 4' }).click();
    await wallet(3).fill('ShopeePay');
    await till.shot('settings-wallets');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(async () => (await cafe.call('settings.get', {})).payments.wallets).toEqual(['GCash', 'PayMaya', 'ShopeePay']);

    await page.keyboard.press('F1');
    await page.keyboard.press('1');
    await page.getByRole('radio', { name: 'E-wallet' }).click();
    expect(await page.getByRole('radiogroup', { name: 'E-wallet' }).getByRole('radio').allInnerTexts()).toEqual(['GCash', 'PayMaya', 'ShopeePay']);
  }, 30_000);
});
