/**
 * Packages in Settings as the admin meets them: number keys that stay with their package
 * when another one is added (shown on the Sell buttons and in the table, editable in the
 * form, a taken key refused next to its field), unused vouchers that expire after some
 * days, and forms that show every field's problem after one press.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openTill, signedInTill, useBrowser } from './browser';
import { startCafe } from './cafe';

const browser = useBrowser();

/** Each field in error with its message, as the admin reads them ("Name Required"). */
const fieldErrors = async (form: Locator) => (await form.locator('.field-error').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

describe('packages', () => {
  it('a new package keeps the others’ number keys and gets the next free one; a taken key is refused next to its field', async () => {
    const cafe = await startCafe();
    const keys = async () => Object.fromEntries((await cafe.call('packages.list', {})).map((p) => [p.name, p.hotkey]));
    expect(await keys()).toEqual({ '1 hour': 1, '3 hours, 2 devices': 2, '50 MB': 3, 'Data by amount': 4 });
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('admin');
    await page.keyboard.press('F9');
    const table = page.getByRole('table', { name: 'Packages' });
    const keyOf = (name: string) => table.getByRole('row').filter({ hasText: name }).getByRole('cell').first().innerText();
    await expect.poll(() => keyOf('3 hours, 2 devices')).toBe('2');

    // Sorted first on the Sell screen (order 0), but it takes key 5: "2" still sells 3 hours.
    await page.getByRole('button', { name: 'Add package' }).click();
    const form = page.getByRole('dialog', { name: 'Add a package' });
    await form.getByLabel('Name').fill('2 hours');
    await form.getByLabel('Price', { exact: true }).fill('35');
    await form.getByLabel('Time online', { exact: true }).fill('2');
    await form.getByLabel('Time online unit').selectOption('h');
    await form.getByLabel('Unused vouchers expire after (days)').fill('3');
    await form.getByRole('button', { name: 'Add package' }).click();
    await form.waitFor({ state: 'detached' });
    expect(await keys()).toEqual({ '2 hours': 5, '1 hour': 1, '3 hours, 2 devices': 2, '50 MB': 3, 'Data by amount': 4 });
    expect((await cafe.call('packages.list', {})).find((p) => p.name === '2 hours')).toMatchObject({ timeLimitS: 7200, priceMinor: 3500, unusedExpiryS: 3 * 86_400, sortOrder: 0 });
    await expect.poll(() => keyOf('2 hours')).toBe('5');
    await till.shot('packages-keys');

    await page.keyboard.press('F1');
    const buttons = page.getByRole('region', { name: 'Packages' });
    const shownKey = (name: string) => buttons.getByRole('button', { name: new RegExp(name) }).locator('kbd').innerText();
    await expect.poll(() => shownKey('2 hours')).toBe('5');
    expect(await shownKey('1 hour')).toBe('1');
    expect(await shownKey('3 hours, 2 devices')).toBe('2');
    expect(await shownKey('50 MB')).toBe('3');
    expect(await shownKey('Data by amount')).toBe('4');
    await page.keyboard.press('2');
    await page.getByRole('heading', { name: '3 hours, 2 devices' }).waitFor();
    await page.evaluate('document.activeElement.blur()');
    await page.keyboard.press('5');
    await page.getByRole('heading', { name: '2 hours' }).waitFor();

    // Key 2 for the new package: taken, said next to the field; nothing changes.
    await page.keyboard.press('F9');
    await table.getByRole('row').filter({ hasText: '2 hours' }).getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit 2 hours' });
    expect(await edit.getByLabel('Number key on the Sell screen').inputValue()).toBe('5');
    expect(await edit.getByLabel('Unused vouchers expire after (days)').inputValue()).toBe('3');
    await edit.getByLabel('Number key on the Sell screen').fill('2');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => fieldErrors(edit)).toEqual(['Number key on the Sell screen Key 2 is already “3 hours, 2 devices”']);
    expect((await keys())['2 hours']).toBe(5);
    // A free key is taken.
    await edit.getByLabel('Number key on the Sell screen').fill('9');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    expect(await keys()).toEqual({ '2 hours': 9, '1 hour': 1, '3 hours, 2 devices': 2, '50 MB': 3, 'Data by amount': 4 });
  }, 60_000);

  it('the package, router and settings forms show every field’s error after one press', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'admin');
    await page.keyboard.press('F9');
    await page.getByRole('table', { name: 'Packages' }).waitFor();

    // A price the form cannot read, and what only the core's rules catch (no name, no limit): all at once.
    await page.getByRole('button', { name: 'Add package' }).click();
    const form = page.getByRole('dialog', { name: 'Add a package' });
    await form.getByLabel('Price', { exact: true }).fill('abc');
    await form.getByLabel('Unused vouchers expire after (days)').fill('x');
    await form.getByRole('button', { name: 'Add package' }).click();
    await expect.poll(() => fieldErrors(form)).toEqual(['Name Required', 'Price An amount, e.g. 20 or 20.50', expect.stringMatching(/^Time online .*Give a time, data or validity limit$/), 'Unused vouchers expire after (days) A number, e.g. 30 or 1.5']);
    await till.shot('package-form-all-errors');
    await form.getByRole('button', { name: 'Cancel' }).click();

    // A router: no name, a wrong address, a port that is not a number.
    await page.getByRole('tab', { name: 'Routers' }).click();
    await page.getByRole('button', { name: 'Add router' }).click();
    const router = page.getByRole('dialog', { name: 'Add a router' });
    await router.getByLabel('Address it sends RADIUS from').fill('192.168.88');
    await router.getByLabel("Router's CoA port").fill('x');
    await router.getByRole('button', { name: 'Add router' }).click();
    await expect.poll(() => fieldErrors(router)).toEqual([expect.stringMatching(/^Name Required$/), expect.stringMatching(/^Address it sends RADIUS from Not an IP address/), expect.stringMatching(/^Router's CoA port A whole number$/)]);
    await router.getByRole('button', { name: 'Cancel' }).click();
    expect(await cafe.call('routers.list', {})).toHaveLength(1);

    // Settings: a code length that is not a number and a currency that does not exist.
    await page.getByRole('tab', { name: 'Money & payments' }).click();
    await page.getByLabel('Voucher code length').fill('six');
    await page.getByLabel('Currency').fill('XYZ1');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => fieldErrors(page.locator('form.general'))).toEqual([expect.stringMatching(/^Currency Not an ISO 4217 currency code/), expect.stringMatching(/^Voucher code length A whole number$/)]);
    expect((await cafe.call('settings.get', {})).money.currency).toBe('PHP');
  }, 60_000);
});
