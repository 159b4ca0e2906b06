/**
 * The sale form as the cashier works it, clicking and tapping: a payment chip or the PC/MAC
 * toggle never takes the keys meant for the form (a digit never picks another package, Enter
 * sells).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedInTill, useBrowser, type ScreenKind } from './browser';

const browser = useBrowser();

/** A click on the front-desk screen, a tap on the touch screen. */
const press = (page: Page, screen: ScreenKind, name: string | RegExp, role: 'radio' | 'button') => {
  const control = page.getByRole('region', { name: 'Sale' }).getByRole(role, { name, exact: typeof name === 'string' });
  return screen === 'touch' ? control.tap() : control.click();
};

describe('the sale form', () => {
  for (const screen of ['desk', 'touch'] as const satisfies ScreenKind[]) {
    it(`keys typed after a payment chip or the PC/MAC toggle go to the form: digits never pick a package, Enter sells (${screen})`, async () => {
      const { cafe, page } = await signedInTill(browser(), 'cashier', screen);
      const heading = page.locator('.sale-head h2');
      await page.locator('.package-key').filter({ hasText: /^2$/ }).waitFor();
      await page.keyboard.press('2');
      await page.getByRole('heading', { name: '3 hours, 2 devices' }).waitFor();

      await press(page, screen, 'Card', 'radio');
      await press(page, screen, 'Cash', 'radio');
      await press(page, screen, /Link to a game PC/, 'button');
      await page.keyboard.type('100');
      expect(await heading.innerText(), 'the package after typing 100').toBe('3 hours, 2 devices');
      expect(await page.getByLabel('Received').inputValue()).toBe('100');

      // With the focus on a chip itself (as after Tab): a digit picks no package, Enter sells rather than pressing the chip.
      await press(page, screen, 'Card', 'radio');
      await page.getByRole('radio', { name: 'Other' }).focus();
      await page.keyboard.press('1');
      expect(await heading.innerText(), 'the package after typing 1').toBe('3 hours, 2 devices');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Voucher' }).waitFor();
      const { sales } = await cafe.call('sales.list', {});
      expect(sales.map((s) => ({ package: s.packageName, method: s.paymentMethod }))).toEqual([{ package: '3 hours, 2 devices', method: 'card' }]);
    });
  }
});
