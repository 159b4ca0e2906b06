/**
 * The back office in a real browser: settings that round-trip to the core and back
 * (with errors next to the fields), what a cashier may not open, the sales ledger with
 * a void and its CSV, the day's report.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openTill, useBrowser } from './browser';
import { device, startCafe } from './cafe';

const browser = useBrowser();

describe('the back office', () => {
  it('settings round-trip: a package added with a field error fixed, café and currency changed, a router tested', async () => {
    const cafe = await startCafe();
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('admin');
    await page.keyboard.press('F9');
    await page.getByRole('table', { name: 'Packages' }).waitFor();
    await till.shot('10-settings-packages');

    // A package: the empty name and the missing limit are shown next to their fields, nothing is saved.
    await page.getByRole('button', { name: 'Add package' }).click();
    const form = page.getByRole('dialog', { name: 'Add a package' });
    await form.getByLabel('Price', { exact: true }).fill('15');
    // Screen keys do nothing while a dialog is open (they would throw away what was typed).
    await page.keyboard.press('F1');
    expect(await form.getByLabel('Price', { exact: true }).inputValue()).toBe('15');
    await form.getByRole('button', { name: 'Add package' }).click();
    await expect.poll(() => form.locator('.field-error').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Name\s+Required$/), expect.stringMatching(/^Time online[\s\S]*Give a time, data or validity limit$/)]));
    await till.shot('11-package-form-errors', true);
    expect((await cafe.call('packages.list', {})).map((p) => p.name)).not.toContain('30 minutes');
    await form.getByLabel('Name').fill('30 minutes');
    await form.getByLabel('Time online', { exact: true }).fill('30');
    await form.getByLabel('Time online unit').selectOption('min');
    await form.getByLabel('Devices at a time').fill('2');
    await form.getByRole('button', { name: 'Add package' }).click();
    await form.waitFor({ state: 'detached' });
    const created = (await cafe.call('packages.list', {})).find((p) => p.name === '30 minutes');
    expect(created).toMatchObject({ priceMinor: 1500, timeLimitS: 1800, dataLimitBytes: null, deviceLimit: 2, pricing: 'fixed' });

    // The café's name and paper (Settings → Receipt), saved with its own button.
    await page.getByRole('tab', { name: 'Receipt', exact: true }).click();
    await page.getByLabel('Café name').fill('Kape Net');
    await page.getByLabel('Receipt printer paper').selectOption('80');
    await page.getByRole('button', { name: 'Save receipt' }).click();
    await page.getByText('Receipt saved').waitFor();
    expect(await cafe.call('settings.get', {})).toMatchObject({ cafe: { name: 'Kape Net', receiptWidthMm: 80 } });

    // Money: a wrong currency is refused next to its field; a right one changes every amount on screen.
    await page.getByRole('tab', { name: 'Money & payments' }).click();
    await page.getByLabel('Currency').fill('XYZ1');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.field-error').innerText()).toMatch(/Currency[\s\S]*Not an ISO 4217 currency code/);
    expect((await cafe.call('settings.get', {})).money.currency).toBe('PHP');
    await page.getByLabel('Currency').fill('IDR');
    await page.getByLabel('Locale').fill('id-ID');
    await expect.poll(() => page.locator('.currency-warning').innerText()).toMatch(/₱15\.00 would show as Rp\s?1\.500/);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    await till.shot('12-settings-receipt-money');
    expect(await cafe.call('settings.get', {})).toMatchObject({ cafe: { name: 'Kape Net', receiptWidthMm: 80 }, money: { currency: 'IDR', locale: 'id-ID' } });
    await expect.poll(() => page.locator('.brand').innerText()).toBe('Kape Net');
    await page.keyboard.press('F1');
    // Prices stay the numbers they were (IDR has no cents: 15.00 became Rp 1.500), as the form warned.
    await expect.poll(() => page.getByRole('region', { name: 'Packages' }).getByRole('button', { name: /30 minutes/ }).innerText()).toMatch(/Rp\s?1\.500/);

    // A reload keeps the operator signed in and shows what the core has.
    await page.reload();
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await page.keyboard.press('F9');
    await page.getByRole('tab', { name: 'Receipt', exact: true }).click();
    expect(await page.getByLabel('Café name').inputValue()).toBe('Kape Net');
    await page.getByRole('tab', { name: 'Money & payments' }).click();
    expect(await page.getByLabel('Currency').inputValue()).toBe('IDR');

    // The router: counters, and Test connection against its (simulated) RouterOS API.
    await cafe.login(await cafe.sell('1 hour'), device(1));
    await page.getByRole('tab', { name: 'Routers' }).click();
    const card = page.getByRole('article', { name: 'Router Front hAP' });
    await expect.poll(() => card.locator('.counters').innerText(), { timeout: 5000 }).toMatch(/Online\s+1\s+Logins\s+1 ok \/ 0 refused/);
    await card.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByRole('dialog', { name: 'Test Front hAP' });
    await expect.poll(() => result.innerText()).toMatch(/Identity: front-hap/);
    await till.shot('13-settings-router-test', true);
    await result.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('tab', { name: 'PC sync' }).click();
    await expect.poll(() => page.getByLabel('Signing secret').innerText()).toMatch(/^whsec_/);
    await till.shot('14-settings-pc-integration', true);
    await page.getByRole('tab', { name: 'Operators' }).click();
    await page.getByRole('table', { name: 'Operators' }).getByText('Bea').waitFor();
    await till.shot('15-settings-operators');

    // Backups & this PC: a backup made now is listed; the receipt printer chosen from this PC's printers is saved.
    await page.getByRole('tab', { name: 'Backups & this PC' }).click();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Backups' }).getByRole('row').count()).toBeGreaterThanOrEqual(2);
    await page.getByLabel('Receipt printer').selectOption('XP-58');
    await page.getByLabel('Print vouchers straight away (no print dialog)').check();
    await page.locator('fieldset', { hasText: 'This PC' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved for this PC').waitFor();
    await till.shot('16-settings-backups-this-pc', true);
    expect(await cafe.call('settings.get', {})).toMatchObject({ printing: { printerName: 'XP-58', silent: true }, desktop: { startWithSystem: true } });
    expect((await cafe.call('backups.list', {})).backups.length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('a cashier sees no Settings, cannot open them with F9 (a notice; the sale typed stays), and cannot void; the core refuses them too', async () => {
    const cafe = await startCafe();
    await cafe.sell('1 hour');
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('cashier');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    // Polled: right after sign-in the shell may still be rendering its navigation.
    await expect.poll(() => nav.getByRole('button').allInnerTexts()).toEqual([expect.stringMatching(/^Sell/), expect.stringMatching(/^Sessions/), expect.stringMatching(/^History/), expect.stringMatching(/^Reports/)]);
    // A stray F9 in the middle of a sale: a notice says why, and the sale stays as typed.
    await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
    await page.keyboard.press('1');
    await page.getByLabel('Received').fill('50');
    await page.keyboard.press('F9');
    await page.getByText('Only an admin can open Settings.').waitFor();
    expect(await page.locator('[aria-current=page]').innerText()).toMatch(/^Sell/);
    expect(await page.getByLabel('Received').inputValue()).toBe('50');
    await till.shot('20-cashier-no-settings');
    await page.keyboard.press('F3');
    const ledger = page.getByRole('table', { name: 'Sales' });
    await expect.poll(() => ledger.getByRole('row').count()).toBe(2); // the header and the sale: loaded
    expect(await page.getByRole('button', { name: 'Void' }).count()).toBe(0);

    // The same cashier's operator token, straight at the API: refused.
    const operatorToken = await page.evaluate('JSON.parse(sessionStorage.getItem("iwas.operator")).token');
    const res = await fetch(`${cafe.serving.url}api/settings.update`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cafe.serving.token}`, 'X-Operator-Token': String(operatorToken), 'Content-Type': 'application/json' },
      body: JSON.stringify({ cafe: { name: 'Hacked', receiptHeader: '', receiptFooter: '', receiptWidthMm: 58 } }),
    });
    expect(res.status).toBe(403);
    expect((await cafe.call('settings.get', {})).cafe.name).toBe('Netopia Café');

    // Switching operator: sign out, back at the roster.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Who is at the counter?' }).waitFor();
  }, 60_000);

  it('whoever signs in next starts at Sell, not on the screen the last operator left open (an admin’s Batches)', async () => {
    const cafe = await startCafe();
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('admin');
    await page.keyboard.press('F8');
    await page.getByRole('main', { name: 'Batches' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Who is at the counter?' }).waitFor();
    await till.signIn('cashier');
    await page.getByRole('main', { name: 'Sell' }).waitFor();
    expect(await page.getByText('Only an admin can open Batches.').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Sell/ }).getAttribute('aria-current')).toBe('page');

    // The same cashier back after a sign-out finds the screen they left.
    await page.keyboard.press('F3');
    await page.getByRole('main', { name: 'History' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await till.signIn('cashier');
    await page.getByRole('main', { name: 'History' }).waitFor();
  });

  it('history: search, a void with its reason, CSV export; reports: the day with cash expected', async () => {
    const cafe = await startCafe();
    const a = await cafe.sell('1 hour');
    const b = await cafe.sell('3 hours, 2 devices', { paymentMethod: 'e-wallet', wallet: 'GCash', paymentRef: '1004 2231 887', paidMinor: 5000 });
    await cafe.sell('Data by amount', { amountMinor: 1500, paidMinor: 2000 });
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('admin');
    await page.keyboard.press('F3');
    const ledger = page.getByRole('table', { name: 'Sales' });
    await expect.poll(() => ledger.getByRole('row').count()).toBe(4);

    await page.getByLabel('Search history').fill(a.voucherCode);
    await expect.poll(() => ledger.getByRole('row').count()).toBe(2);
    const row = ledger.getByRole('row').filter({ hasText: a.voucherCode });
    await row.getByRole('button', { name: 'Void' }).click();
    const dialog = page.getByRole('dialog', { name: /^Void sale #/ });
    await dialog.getByRole('button', { name: /^Void/ }).click();
    await expect.poll(() => dialog.locator('.field-error').innerText()).toMatch(/Reason\s+Give a reason/);
    await dialog.getByLabel('Reason').fill('Sold the wrong package');
    await dialog.getByRole('button', { name: /^Void/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ledger.getByRole('row').count()).toBe(3);
    expect(await ledger.innerText()).toMatch(/voided by #4/);
    expect((await cafe.call('sessions.get', { id: a.id })).state).toBe('TERMINATED');

    await page.getByLabel('Search history').fill('');
    await expect.poll(() => ledger.getByRole('row').count()).toBe(5);
    await till.shot('30-history', true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^sales-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Sale,Time,Kind,Voucher,Package,Price (PHP),Paid,Change,Payment,Payment ref,Operator,Voids sale,Voided by,Reason');
    expect(lines).toHaveLength(5);
    // The void reverses the sale: price and cash back are negative numbers (not text) for the spreadsheet.
    expect(lines[1]).toMatch(new RegExp(`^4,[^,]+,Void,${a.voucherCode},1 hour,-20\\.00,-20\\.00,0\\.00,Cash,,Ana,1,,Sold the wrong package$`));
    expect(lines.find((l) => l.includes(b.voucherCode))).toMatch(/,Sale,.*,50\.00,50\.00,0\.00,GCash,1004 2231 887,Bea,,,$/);

    // Reports, today: 20 + 50 + 15 sold, 20 voided; cash expected = the cash sales minus the cash void.
    await page.keyboard.press('F4');
    await page.getByRole('radio', { name: 'Today' }).click();
    const totals = page.getByRole('region', { name: 'Totals' });
    await expect.poll(() => totals.innerText()).toMatch(/Net takings\s+₱65\.00\s+Cash expected in the drawer\s+₱15\.00\s+Sales \(3\)\s+₱85\.00\s+Top-ups \(0\)\s+₱0\.00\s+Voids \(1\)\s+-₱20\.00/);
    // E-wallet, and under it each e-wallet.
    expect(await page.getByRole('table', { name: 'Per payment' }).innerText()).toMatch(/E-wallet\s+1\s+₱50\.00\s+GCash\s+1\s+₱50\.00/);
    await till.shot('31-reports', true);
  }, 60_000);
});
