/**
 * The Sell screen fits the counter's screens, 1024×768 touch and 1366×768 desk, in English,
 * Filipino and Bahasa Indonesia, for a fixed-price and a per-unit package paid in cash, by
 * e-wallet or by card: every package, the amount and "Received" fields, the payment chips (on one
 * row), the e-wallets and reference, the keypad, the change and both Sell buttons are in the
 * window, uncovered, without the page or the sale's fields scrolling; no label is cut. The
 * Top up dialog at 1024 touch likewise, in cash and by e-wallet.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cutLabels, placement, signedInTill, useBrowser, type ScreenKind } from './browser';

const browser = useBrowser();

/** "Sell" in each language: the sign that the screen has switched. */
const sellWord = { en: 'Sell', fil: 'Magbenta', id: 'Jual' } as const;
/** The Sell screen's name in the top bar, in each language. */
const sellScreen = { en: 'Sell', fil: 'Benta', id: 'Jual' } as const;
/** A payment method's place among the chips (Cash, E-wallet, Card, Other), whatever the language. */
const chip = { cash: 0, 'e-wallet': 1, card: 2 } as const;
const packageOf = { fixed: '1 hour', 'per-unit': 'Data by amount' } as const;

/** Every control `controls` matches that is not whole in the window or that a tap would not reach (covered, or cut off by a box that scrolls), with what is wrong. */
async function outOfReach(page: Page, controls: Record<string, Locator>): Promise<string[]> {
  const wrong: string[] = [];
  for (const [name, control] of Object.entries(controls)) {
    const all = await control.all();
    if (all.length === 0) wrong.push(`${name}: not shown`);
    for (const [i, one] of all.entries()) {
      const { inside, reached } = await placement(page, one);
      // A figure (the change) is reached when the tap lands on it or on its words.
      const onIt = reached === true || (await one.evaluate((el, hit) => el.outerHTML.includes(hit), reached));
      if (!inside || !onIt) wrong.push(`${name} #${i + 1}: ${inside ? '' : 'outside the window; '}${onIt ? '' : `a tap lands on ${reached}`}`);
    }
  }
  return wrong;
}

/** The boxes that scroll to show what they hold (the page, the packages, the sale's fields), when they do. */
const scrolled = (page: Page) =>
  page.evaluate<string[]>(`[document.scrollingElement, ...document.querySelectorAll('.package-grid, .sale-body')].filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1).map((el) => el.className || el.tagName)`);

/** The rows the chips of a radio group take (1: all on one line). */
const rows = async (chips: Locator) => new Set((await chips.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)))) as number[]).size;

describe('the Sell screen fits the window', () => {
  for (const screen of ['touch', 'desk'] as const satisfies ScreenKind[]) {
    it(`in every language, paid in cash, by e-wallet or card, for a fixed-price and a per-unit package (${screen})`, async () => {
      const { cafe, till, page } = await signedInTill(browser(), 'cashier', screen);
      const sale = page.locator('form.sale');
      const wrong: string[] = [];
      for (const language of ['en', 'fil', 'id'] as const) {
        await cafe.call('settings.update', { language });
        for (const kind of ['fixed', 'per-unit'] as const) {
          await page.locator('.package').filter({ hasText: packageOf[kind] }).click();
          await page.locator('.sale-head h2').filter({ hasText: packageOf[kind] }).waitFor();
          await expect.poll(() => sale.locator('.sale-actions .btn').first().innerText()).toBe(sellWord[language]);
          if (kind === 'per-unit') await sale.locator('.money-input').first().fill('10');
          for (const payment of ['cash', 'e-wallet', 'card'] as const) {
            await sale.locator('.methods-counter .chip').nth(chip[payment]).click();
            if (payment === 'cash') await sale.locator('.money-input').last().fill('50');
            const keypad = payment === 'cash' || kind === 'per-unit' || payment === 'e-wallet';
            const check = async (state: string) =>
              wrong.push(
                ...(
                  await outOfReach(page, {
                    package: page.locator('.package'),
                    'Other package': sale.locator('.sale-head .btn'),
                    ...(kind === 'per-unit' || payment === 'cash' ? { 'amount or Received': sale.locator('.money-input') } : {}),
                    'payment chip': sale.locator('.methods-counter .chip'),
                    ...(payment === 'e-wallet' ? { 'e-wallet': sale.locator('.wallets .chip'), reference: sale.locator('.wallet-fields input') } : {}),
                    ...(keypad ? { 'keypad key': sale.locator('.keypad button') } : {}),
                    [payment === 'cash' ? 'change' : 'charged']: sale.locator(payment === 'cash' ? '.change' : '.charged-amount'),
                    'Sell button': sale.locator('.sale-actions .btn'),
                  })
                ).map((w) => `${state}: ${w}`),
                ...(await scrolled(page)).map((box) => `${state}: ${box} scrolls`),
                ...(await cutLabels(page)).map((label) => `${state}: label cut: ${label}`),
              );
            const state = `${language}, ${kind}, ${payment}`;
            await check(state);
            // By e-wallet the keypad types the reference; the amount tapped again, it types the amount, and all still fits.
            if (kind === 'per-unit' && payment === 'e-wallet') {
              await sale.locator('.money-input').first().click();
              await check(`${state}, amount tapped`);
            }
            const chipRows = await rows(sale.locator('.methods-counter .chip'));
            if (chipRows !== 1) wrong.push(`${state}: the payment chips on ${chipRows} rows`);
            await till.shot(`sell-layout-${screen}-${language}-${kind}-${payment}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    }, 120_000);
  }

  it('the Top up dialog at 1024 touch: its package, Received, keypad, payment chips (one row), e-wallets, reference and Top up button in reach, in every language', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier', 'touch');
    const session = await cafe.sell('1 hour');
    await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
    const wrong: string[] = [];
    for (const language of ['en', 'fil', 'id'] as const) {
      await cafe.call('settings.update', { language });
      await expect.poll(() => page.locator('.nav-item').first().innerText()).toContain(sellScreen[language]);
      await page.keyboard.press('F2');
      await page.getByRole('row').filter({ hasText: session.voucherCode }).locator('.actions .btn').first().tap();
      const dialog = page.getByRole('dialog');
      await dialog.locator('.methods-counter .chip').first().waitFor();
      for (const payment of ['cash', 'e-wallet'] as const) {
        await dialog.locator('.methods-counter .chip').nth(chip[payment]).tap();
        const state = `Top up, ${language}, ${payment}`;
        wrong.push(
          ...(
            await outOfReach(page, {
              'payment chip': dialog.locator('.methods-counter .chip'),
              package: dialog.locator('select'),
              ...(payment === 'cash' ? { Received: dialog.locator('.money-input') } : { 'e-wallet': dialog.locator('.wallets .chip'), reference: dialog.locator('.wallet-fields input') }),
              'keypad key': dialog.locator('.keypad button'),
              'Top up button': dialog.locator('footer .btn').last(),
            })
          ).map((w) => `${state}: ${w}`),
          ...(await scrolled(page)).map((box) => `${state}: ${box} scrolls`),
        );
        const chipRows = await rows(dialog.locator('.methods-counter .chip'));
        if (chipRows !== 1) wrong.push(`${state}: the payment chips on ${chipRows} rows`);
        await till.shot(`topup-layout-touch-${language}-${payment}`);
        if (language === 'en' && payment === 'cash') await till.shot('topup-1024', true);
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await page.keyboard.press('F1');
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('Top up on a touch screen with no keyboard: a per-unit amount (the keypad’s first field) and the cash received are tapped on its keypad, the change shows, and the top-up records them', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier', 'touch');
    const session = await cafe.sell('1 hour');
    await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
    await page.keyboard.press('F2');
    await page.getByRole('row').filter({ hasText: session.voucherCode }).getByRole('button', { name: 'Top up' }).tap();
    const dialog = page.getByRole('dialog', { name: `Top up ${session.voucherCode}` });
    await dialog.getByLabel('Add').selectOption((await dialog.locator('option').filter({ hasText: 'Data by amount' }).getAttribute('value'))!);
    const key = (name: string) => dialog.locator('.keypad button').filter({ hasText: new RegExp(`^${name.replace(/[.₱]/g, '\\$&')}$`) });
    // The keypad types the amount first (₱15 of data), then Received once it is tapped; ₱20 is offered as a note.
    // For the amount, its quick keys are round amounts from the package's price (₱5) up: none below the minimum, no "Exact".
    expect(await dialog.locator('.key-quick').allInnerTexts()).toEqual(['₱5', '₱10', '₱20', '₱50']);
    for (const k of ['1', '5']) await key(k).tap();
    await dialog.getByLabel('Received').tap();
    await key('₱20').tap();
    expect(await dialog.getByLabel('Amount').inputValue()).toBe('15');
    expect(await dialog.getByLabel('Received').inputValue()).toBe('20.00');
    await expect.poll(() => dialog.locator('.field').filter({ has: page.getByLabel('Received') }).innerText()).toMatch(/change ₱5\.00/);
    await dialog.getByRole('button', { name: 'Top up for ₱15.00' }).tap();
    await dialog.waitFor({ state: 'detached' });
    const topups = (await cafe.call('sales.list', {})).sales.filter((s) => s.kind === 'topup');
    expect(topups).toMatchObject([{ priceMinor: 1500, paidMinor: 2000, changeMinor: 500, paymentMethod: 'cash' }]);
  }, 30_000);
});
