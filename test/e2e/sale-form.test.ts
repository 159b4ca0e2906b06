/**
 * The sale form as the cashier works it, clicking and tapping: a payment chip or the PC/MAC
 * toggle never takes the keys meant for the form (a digit never picks another package, Enter
 * sells); the slip of a sale stays until "Next customer" or Escape, whatever a double click does;
 * a field's error is brought into view, never left under the Sell buttons; every label fits its
 * button in each language and currency; a payment other than cash is charged the price exactly.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cutLabels, signedInTill, useBrowser, type ScreenKind } from './browser';

const browser = useBrowser();

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A field's error message is seen: inside the window and inside every box that clips it, and a tap at its centre lands on it (nothing over it). */
async function seen(message: Locator): Promise<{ text: string; seen: true | string }> {
  await message.waitFor();
  const id = JSON.stringify(await message.getAttribute('id'));
  // Runs in the page (DOM types are not in the tests' TypeScript lib, hence a string).
  return (await message.page().evaluate(`(() => {
    const el = document.getElementById(${id});
    const r = el.getBoundingClientRect();
    const text = el.textContent ?? '';
    for (let box = el.parentElement; box; box = box.parentElement) {
      const b = box.getBoundingClientRect();
      const clips = getComputedStyle(box).overflowY !== 'visible' || box === document.documentElement;
      if (clips && (r.top < Math.max(b.top, 0) - 0.5 || r.bottom > Math.min(b.bottom, innerHeight) + 0.5)) return { text, seen: 'outside ' + (box.className || box.tagName) };
    }
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return { text, seen: hit === el || el.contains(hit) ? true : 'under ' + (hit?.outerHTML.slice(0, 80) ?? 'nothing') };
  })()`)) as { text: string; seen: true | string };
}

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

    it(`a double ${screen === 'touch' ? 'tap' : 'click'} on Sell or Sell and print: one sale, and its slip stays open for the code to be seen (${screen})`, async () => {
      const { cafe, page } = await signedInTill(browser(), 'cashier', screen);
      const slip = page.getByRole('dialog', { name: 'Voucher' });
      await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
      for (const [n, name] of [[1, 'Sell'], [2, /^Sell and print/]] as const) {
        await page.keyboard.press('1');
        await page.getByLabel('Received').fill('20');
        const button = page.getByRole('region', { name: 'Sale' }).getByRole('button', { name, exact: typeof name === 'string' });
        const box = (await button.boundingBox())!;
        const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
        const hit = () => (screen === 'touch' ? page.touchscreen.tap(x, y) : page.mouse.click(x, y));
        await hit();
        await slip.waitFor();
        // The second half of the double click lands where the button was: beside the slip now (on its backdrop), or on its footer.
        if (n === 2) expect(await page.evaluate(`document.elementFromPoint(${x}, ${y})?.className`), 'under "Sell and print"').toBe('backdrop');
        await hit();
        await pause(300);
        expect(await slip.count(), `the slip after the second ${screen === 'touch' ? 'tap' : 'click'} on ${String(name)}`).toBe(1);
        const { sales } = await cafe.call('sales.list', {});
        expect(sales).toHaveLength(n);
        expect(await slip.locator('.slip-code b').first().innerText()).toBe(sales[0]!.voucherCode);
        await page.keyboard.press('Escape');
        await slip.waitFor({ state: 'detached' });
      }
    });

    it(`a field's error after Enter is scrolled into view, uncovered: an e-wallet's missing reference, a wrong MAC; in the batch form too (${screen})`, async () => {
      const { page } = await signedInTill(browser(), 'admin', screen);
      const sale = page.getByRole('region', { name: 'Sale' });
      await page.locator('.package-key').filter({ hasText: /^3$/ }).waitFor();
      await page.keyboard.press('3');
      await press(page, screen, 'E-wallet', 'radio');
      await page.keyboard.press('Enter');
      expect(await seen(sale.locator('.field-message'))).toEqual({ text: "Type the reference number from the customer's e-wallet", seen: true });
      expect(await page.evaluate('document.activeElement?.getAttribute("aria-invalid")'), 'the reference field has the focus').toBe('true');

      await press(page, screen, 'Cash', 'radio');
      await press(page, screen, /Link to a game PC/, 'button');
      await sale.getByLabel(/Device MAC/).fill('not a MAC');
      await sale.getByLabel(/Device MAC/).press('Enter');
      await sale.locator('.field-message').waitFor();
      // The MAC field is the last: scrolled back to the top meanwhile, it must come into view again.
      await sale.locator('.sale-body').evaluate((el) => el.scrollTo(0, 0));
      await sale.getByRole('button', { name: /^Sell and print/ }).click();
      await pause(300);
      expect((await seen(sale.locator('.field-message'))).seen).toBe(true);
      await page.screenshot({ path: `test-results/screenshots/sale-error-in-view-${screen}.png` });

      await page.keyboard.press('F8');
      await page.getByRole('button', { name: 'New batch' }).click();
      const form = page.getByRole('dialog', { name: 'New batch of voucher cards' });
      await form.getByLabel('Number of cards').fill('10');
      await form.getByRole('radio', { name: 'Now, paid upfront' }).click();
      await form.getByRole('radio', { name: 'E-wallet' }).click();
      await page.keyboard.press('Enter');
      expect(await seen(form.locator('.field-message').first())).toEqual({ text: "Type the reference number from the customer's e-wallet", seen: true });
      await page.screenshot({ path: `test-results/screenshots/batch-error-in-view-${screen}.png` });
    });

    it(`the Sell buttons, payment chips and quick-note keys fit their text in English, Filipino and Bahasa Indonesia, and in rupiah (${screen})`, async () => {
      const { cafe, till, page } = await signedInTill(browser(), 'cashier', screen);
      const sale = page.getByRole('region', { name: /./ }).locator('form.sale');
      const expected = { en: 'Sell', fil: 'Magbenta', id: 'Jual' } as const;
      for (const language of ['en', 'fil', 'id'] as const) {
        await cafe.call('settings.update', { language });
        await page.locator('.package').first().click();
        await expect.poll(() => sale.locator('.sale-actions .btn').first().innerText()).toBe(expected[language]);
        expect(await cutLabels(page), language).toEqual([]);
        await till.shot(`sell-labels-${language}-${screen}`);
      }
      await cafe.call('settings.update', { money: { currency: 'IDR', locale: 'id-ID' } });
      // Rp 950.000: its quick notes go up to Rp 1.000.000, the widest label (no note of more is offered: the change would pass Rp 100.000).
      await cafe.call('packages.create', { name: 'Sebulan', pricing: 'fixed', priceMinor: 950_000, timeLimitS: 30 * 86_400, sortOrder: 9 });
      await page.locator('.package').filter({ hasText: 'Sebulan' }).click();
      await expect.poll(async () => (await sale.locator('.key-quick').allInnerTexts()).some((label) => /^Rp\s1\.000\.000$/.test(label))).toBe(true);
      expect((await sale.locator('.key-quick').allInnerTexts()).filter((label) => /^Rp/.test(label)), 'the notes offered').toEqual([expect.stringMatching(/^Rp\s1\.000\.000$/)]);
      expect(await cutLabels(page), 'rupiah').toEqual([]);
      await till.shot(`sell-labels-idr-${screen}`);
    });

    it(`a sale by e-wallet is charged the price exactly: no "Received" or change, whatever was typed before (${screen})`, async () => {
      const { cafe, till, page } = await signedInTill(browser(), 'cashier', screen);
      const sale = page.getByRole('region', { name: 'Sale' });
      await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
      await page.keyboard.press('1');
      await page.keyboard.type('100');
      expect(await sale.locator('.change').innerText()).toMatch(/₱80\.00/);
      await press(page, screen, 'E-wallet', 'radio');
      expect(await sale.getByLabel('Received').count(), '"Received" for an e-wallet').toBe(0);
      expect(await sale.locator('.change').count(), '"Change" for an e-wallet').toBe(0);
      expect(await sale.locator('.charged').innerText()).toMatch(/^Charged exactly\s+₱20\.00$/);
      await till.shot(`sell-ewallet-charged-${screen}`);
      await page.keyboard.type('GC-20261203-0042');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Voucher' }).waitFor();
      const { sales } = await cafe.call('sales.list', {});
      expect(sales.map((s) => ({ method: s.paymentMethod, price: s.priceMinor, paid: s.paidMinor, change: s.changeMinor, ref: s.paymentRef }))).toEqual([{ method: 'e-wallet', price: 2000, paid: 2000, change: 0, ref: 'GC-20261203-0042' }]);
    });
  }

  it('an amount of more digits than any amount has (17) is "too large" next to its field, not "type the amount"', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier');
    const sale = page.getByRole('region', { name: 'Sale' });
    await page.locator('.package-key').filter({ hasText: /^4$/ }).waitFor();
    await page.keyboard.press('4');
    await sale.getByLabel(/^Amount to sell/).fill('5'.repeat(17));
    await sale.getByLabel('Received').fill('9'.repeat(17));
    await page.keyboard.press('Enter');
    const message = (label: string | RegExp) => sale.locator('.field').filter({ has: page.getByLabel(label) }).locator('.field-message');
    expect(await seen(message(/^Amount to sell/))).toEqual({ text: 'That amount is too large: check the digits', seen: true });
    await sale.getByLabel(/^Amount to sell/).fill('20');
    await page.keyboard.press('Enter');
    expect(await seen(message('Received'))).toEqual({ text: 'That amount is too large: check the digits', seen: true });
    expect((await cafe.call('sales.list', {})).sales).toEqual([]);
  });

  it('cash received that no customer hands over is refused next to "Received", on Sell and in Top up: nothing is sold', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier');
    till.allowError(/status of 4\d\d/);
    const sale = page.getByRole('region', { name: 'Sale' });
    await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
    await page.keyboard.press('1');
    await sale.getByLabel('Received').fill('9,999,999,999');
    await page.keyboard.press('Enter');
    const received = sale.locator('.field').filter({ has: page.getByLabel('Received') });
    expect(await seen(received.locator('.field-message'))).toEqual({ text: '₱9,999,999,999.00 is more than a customer hands over for ₱20.00: at most ₱1,020.00', seen: true });
    expect(await page.getByRole('dialog', { name: 'Voucher' }).count()).toBe(0);
    expect((await cafe.call('sales.list', {})).sales).toEqual([]);
    await till.shot('sell-received-too-much');

    const session = await cafe.sell('1 hour');
    await page.keyboard.press('F2');
    const row = page.getByRole('row').filter({ hasText: session.voucherCode });
    await row.getByRole('button', { name: 'Top up' }).click();
    const dialog = page.getByRole('dialog', { name: `Top up ${session.voucherCode}` });
    await dialog.getByLabel('Received').fill('10000');
    await dialog.getByRole('button', { name: /^Top up for/ }).click();
    const topUpReceived = dialog.locator('.field').filter({ has: page.getByLabel('Received') });
    await expect.poll(() => topUpReceived.locator('.field-message').innerText()).toBe('₱10,000.00 is more than a customer hands over for ₱20.00: at most ₱1,020.00');
    expect((await cafe.call('sales.list', {})).sales).toHaveLength(1);
  });

  it("a field's error goes as soon as the cashier changes the field, typed or tapped on the keypad; it is back for the same value, and on the next Enter while still wrong, in the same words; in Top up too", async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier', 'touch');
    till.allowError(/status of 4\d\d/);
    const sale = page.getByRole('region', { name: 'Sale' });
    await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
    await page.keyboard.press('1');
    const received = sale.getByLabel('Received');
    const message = sale.locator('.field').filter({ has: page.getByLabel('Received') }).locator('.field-message');
    const tooLittle = 'Paid ₱5.00 is less than the price ₱20.00';
    await received.fill('5');
    await page.keyboard.press('Enter');
    expect(await seen(message)).toEqual({ text: tooLittle, seen: true });
    // A tap on the keypad's 0: ₱50 is enough, the error about ₱5 goes, and the field is no longer marked wrong.
    await sale.locator('.keypad button').filter({ hasText: /^0$/ }).tap();
    expect(await received.inputValue()).toBe('50');
    expect(await message.count()).toBe(0);
    expect(await received.getAttribute('aria-invalid')).toBe('false');
    // Back to ₱5: the error is about this very amount, so it is back.
    await received.fill('5');
    expect(await seen(message)).toEqual({ text: tooLittle, seen: true });
    // Typed on the keyboard: gone again.
    await page.keyboard.press('0');
    expect(await message.count()).toBe(0);
    // An amount it cannot read, then another: the second's error has the first's words, and Enter shows it.
    const unreadable = 'Type the amount received';
    await received.fill('5x');
    await page.keyboard.press('Enter');
    expect(await seen(message)).toEqual({ text: unreadable, seen: true });
    await received.fill('5y');
    expect(await message.count()).toBe(0);
    await page.keyboard.press('Enter');
    expect(await seen(message)).toEqual({ text: unreadable, seen: true });
    expect((await cafe.call('sales.list', {})).sales).toEqual([]);

    const session = await cafe.sell('1 hour');
    await page.keyboard.press('F2');
    await page.getByRole('row').filter({ hasText: session.voucherCode }).getByRole('button', { name: 'Top up' }).tap();
    const dialog = page.getByRole('dialog', { name: `Top up ${session.voucherCode}` });
    const topUpReceived = dialog.getByLabel('Received');
    const topUpMessage = dialog.locator('.field').filter({ has: page.getByLabel('Received') }).locator('.field-message');
    await topUpReceived.fill('5');
    await dialog.getByRole('button', { name: 'Top up for ₱20.00' }).tap();
    expect(await seen(topUpMessage)).toEqual({ text: tooLittle, seen: true });
    await topUpReceived.press('0');
    expect(await topUpMessage.count()).toBe(0);
  });
});
