/**
 * A till the café can trust with its money, in a real browser: one sale per deliberate
 * action (Enter on the slip is "Next customer", the same filled-in form sent twice is one
 * sale, nothing behind a dialog reacts), the Sell buttons always in view and never under a
 * notice on the front-desk screen and a 1024×768 touch screen, touch-sized keys, a slip
 * that fits its paper, and a status bar in plain words that goes grey when the service is gone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openTill, placement, signedInTill, useBrowser, type ScreenKind } from './browser';
import { startCafe, type Cafe } from './cafe';
import { onTheWay } from './on-the-way';

const browser = useBrowser();

const saleCount = async (cafe: Cafe) => (await cafe.call('sales.list', {})).sales.length;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The page itself never scrolls (only lists inside it do). */
const pageScrolls = (page: Page) => page.evaluate<boolean>('document.scrollingElement.scrollHeight > innerHeight || document.scrollingElement.scrollWidth > innerWidth');

const intersect = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Picks a package by its number key and types what the customer handed over. */
async function fillSale(page: Page, key: string, name: string, received: string): Promise<void> {
  await page.locator('.package-key').filter({ hasText: new RegExp(`^${key}$`) }).waitFor();
  await page.keyboard.press(key);
  await page.getByRole('heading', { name, exact: true }).waitFor();
  await page.keyboard.type(received);
}

const sellButtons = (page: Page) => {
  const sale = page.getByRole('region', { name: 'Sale' });
  return { sell: sale.getByRole('button', { name: 'Sell', exact: true }), sellAndPrint: sale.getByRole('button', { name: /^Sell and print/ }) };
};

describe('the till', () => {
  it('sells once per sale: Enter on the slip is "Next customer", never a second voucher', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier');

    await fillSale(page, '1', '1 hour', '50');
    await page.keyboard.press('Enter');
    const slip = page.getByRole('dialog', { name: 'Voucher' });
    await slip.waitFor();
    // From the slip's first frame the focus is on "Next customer" (not left in "Received" behind it).
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Next customer');
    await page.keyboard.press('Enter');
    await expect.poll(() => slip.count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await pause(500);
    expect(await saleCount(cafe)).toBe(1);
    expect(await till.printed()).toHaveLength(1);
    await page.getByText('Pick a package').waitFor();
  });

  it('the same filled-in sale form sent twice is one sale: a double Enter, a retry after a lost answer, a re-submit', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier');
    const { sell } = sellButtons(page);

    // Enter, Enter and a click on Sell while the service takes its time: one sale.
    const slow = await onTheWay(page, 'sales.sell', { delayMs: 400 });
    await fillSale(page, '3', '50 MB', '20');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await sell.click({ force: true });
    const slip = page.getByRole('dialog', { name: 'Voucher' });
    await slip.waitFor();
    expect(await slow.met()).toBeGreaterThanOrEqual(1);
    await slow.stop();
    expect(await saleCount(cafe)).toBe(1);
    await slip.getByRole('button', { name: 'Next customer' }).click();
    await slip.waitFor({ state: 'detached' });

    // The answer is lost on the way back (the sale was made): Enter again on the same form gets that sale, not a second one.
    const lost = await onTheWay(page, 'sales.sell', { answerLost: true, times: 1 });
    await fillSale(page, '2', '3 hours, 2 devices', '100');
    await page.keyboard.press('Enter');
    await page.getByText('Cannot reach the IWAS Counter service').waitFor();
    expect(await lost.met()).toBe(1);
    expect(await saleCount(cafe)).toBe(2);
    await page.keyboard.press('Enter');
    await slip.waitFor();
    const code = await slip.locator('.slip-code b').first().innerText();
    const { sales } = await cafe.call('sales.list', {});
    expect(sales).toHaveLength(2);
    expect(sales[0]!.voucherCode).toBe(code);

    // The unchanged form behind the slip submitted again (however it happens): still that one sale.
    await page.evaluate("document.querySelector('form.sale').requestSubmit()");
    await pause(500);
    expect(await saleCount(cafe)).toBe(2);
  });

  it('nothing behind a dialog reacts: a number key or a tap on a package while the slip is open, and Tab stays in the dialog', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier');
    const packageButton = page.locator('.package').filter({ hasText: '3 hours, 2 devices' });
    const box = (await packageButton.boundingBox())!;

    await fillSale(page, '1', '1 hour', '20');
    await page.keyboard.press('Enter');
    const slip = page.getByRole('dialog', { name: 'Voucher' });
    await slip.waitFor();
    await page.keyboard.press('2');
    await page.keyboard.press('F2');
    // (CSS selectors: the till behind is inert, so out of the accessibility tree that roles are looked up in.)
    expect(await page.locator('form.sale .money-input').inputValue(), '"Received" behind the slip').toBe('20');
    expect(await page.locator('.sale-head h2').innerText()).toBe('1 hour');
    expect(await page.locator('.nav-item[aria-current=page]').innerText()).toMatch(/^Sell/);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate("document.activeElement?.closest('[role=dialog]') !== null"), `focus after ${i + 1} Tab`).toBe(true);
    }

    // A tap on the "3 hours" button showing under the slip's backdrop: the backdrop takes it (the slip stays: only its buttons and Escape close it), the package behind does not.
    const dialogBox = (await slip.locator('xpath=.').boundingBox())!;
    expect(box.x + 20, 'a point on the package beside the dialog').toBeLessThan(dialogBox.x);
    await page.mouse.click(box.x + 20, box.y + box.height / 2);
    await pause(200);
    expect(await slip.count(), 'the slip after a tap beside it').toBe(1);
    expect(await packageButton.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('Escape');
    await slip.waitFor({ state: 'detached' });
    await page.getByText('Pick a package').waitFor();
    expect(await saleCount(cafe)).toBe(1);
  });

  for (const screen of ['touch', 'desk'] as const satisfies ScreenKind[]) {
    it(`keeps "Sell" and "Sell and print" in view and uncovered (${screen}): plain, with an error, with the PC/MAC options, per-unit; touch-sized keys`, async () => {
      const cafe = await startCafe();
      const till = await openTill(browser(), cafe.url, screen);
      const { page } = till;
      till.allowError(/status of 422/); // the refused sales below
      await till.signIn('cashier');
      const small = screen === 'touch';
      const { sell, sellAndPrint } = sellButtons(page);
      const check = async (state: string) => {
        expect(await placement(page, sellAndPrint), `"Sell and print", ${state}`).toEqual({ inside: true, reached: true });
        expect(await placement(page, sell), `"Sell", ${state}`).toEqual({ inside: true, reached: true });
        expect(await pageScrolls(page), `page scrolls, ${state}`).toBe(false);
        // Nothing in the sale form is wider than it (e.g. "Sell and print" sticking out of the panel).
        expect(await page.evaluate("[...document.querySelectorAll('form.sale, form.sale *')].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible').map((el) => el.className || el.tagName)"), `wider than the panel, ${state}`).toEqual([]);
        const panel = (await page.getByRole('region', { name: 'Sale' }).boundingBox())!;
        const form = (await page.locator('form.sale').boundingBox())!;
        for (const button of [sell, sellAndPrint]) {
          const b = (await button.boundingBox())!;
          expect(b.x >= form.x && b.x + b.width <= form.x + form.width && b.y + b.height <= panel.y + panel.height, `${await button.innerText()} inside the sale panel, ${state}`).toBe(true);
        }
      };

      await fillSale(page, '1', '1 hour', '50');
      await check('plain');
      if (small) await till.shot('sell-1024', true);
      // Touch targets: the payment chips and every keypad key.
      const heights = (await page.evaluate("[...document.querySelectorAll('.methods .chip, .keypad button')].map((el) => el.getBoundingClientRect().height)")) as number[];
      expect(heights.length).toBeGreaterThan(15);
      expect(Math.min(...heights), 'smallest chip or keypad key (px)').toBeGreaterThanOrEqual(44);

      // Paid less than the price: the error next to "Received", the buttons still there.
      await page.getByLabel('Received').fill('5');
      await page.keyboard.press('Enter');
      await page.getByRole('alert').filter({ hasText: /less than the price/ }).first().waitFor();
      await check('with a field error');
      await till.shot(small ? 'sell-error-1024' : 'sell-error', true);

      await page.getByRole('button', { name: /Link to a game PC/ }).click();
      await page.getByLabel(/Device MAC/).waitFor();
      await check('with the PC/MAC options open');
      expect(await placement(page, page.getByLabel(/Device MAC/)), 'the MAC field, brought into view').toEqual({ inside: true, reached: true });

      // (Tapped: the focus is in the sale form, where a number key is part of the amount, not a package.)
      await page.locator('.package').filter({ hasText: 'Data by amount' }).click();
      await page.getByRole('heading', { name: 'Data by amount', exact: true }).waitFor();
      await page.keyboard.type('10');
      await page.getByText(/^gives /).waitFor();
      await check('a per-unit package with its amount and hint');
      await page.getByRole('button', { name: /Link to a game PC/ }).click();
      await page.getByLabel('Received').fill('1');
      await page.keyboard.press('Enter');
      await page.getByRole('alert').filter({ hasText: /less than/ }).first().waitFor();
      await check('per-unit, options open and an error, all at once');
    });

    it(`the "Sold …" notice never covers the Sell buttons or any other control (${screen})`, async () => {
      const { page } = await signedInTill(browser(), 'cashier', screen);
      await fillSale(page, '1', '1 hour', '20');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Next customer' }).click();
      await page.keyboard.press('1');
      const notice = page.locator('.toast').filter({ hasText: /^Sold 1 hour/ });
      await notice.waitFor();
      const noticeBox = (await notice.boundingBox())!;
      const { sell, sellAndPrint } = sellButtons(page);
      expect(intersect(noticeBox, (await sellAndPrint.boundingBox())!), 'notice over "Sell and print"').toBe(false);
      expect(intersect(noticeBox, (await sell.boundingBox())!), 'notice over "Sell"').toBe(false);
      expect(await placement(page, sellAndPrint)).toEqual({ inside: true, reached: true });
      // Nor over anything else the cashier can press or type in.
      const covered = await page.evaluate<string[]>(`(() => {
        const n = document.querySelector('.toast').getBoundingClientRect();
        return [...document.querySelectorAll('#root button, #root input, #root select, #root a[href]')]
          .filter((el) => !el.classList.contains('toast'))
          .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.x < n.right && n.x < r.right && r.y < n.bottom && n.y < r.bottom; })
          .map((el) => el.textContent || el.getAttribute('aria-label') || el.tagName);
      })()`);
      expect(covered).toEqual([]);
    });
  }

  it('every control on Sell, Sessions, History and Reports is a 44 px touch target at 1024×768', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier', 'touch');
    await cafe.sell('1 hour', { pcUser: 'migs' });
    const small: string[] = [];
    for (const key of ['F1', 'F2', 'F3', 'F4']) {
      await page.keyboard.press(key);
      if (key === 'F1') await page.keyboard.press('1');
      await page.locator('.screen').first().waitFor();
      await page.waitForTimeout(300);
      small.push(
        ...(await page.evaluate<string[]>(`[...document.querySelectorAll('#root button, #root a[href], #root input, #root select')]
          .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < 44; })
          .map((e) => '${key}: ' + (e.textContent || e.getAttribute('aria-label') || e.tagName).trim() + ' ' + Math.round(e.getBoundingClientRect().height) + ' px')`)),
      );
    }
    expect(small).toEqual([]);
  });

  it('a notice raised while a dialog is open is seen above it (not inert, not under the backdrop) and covers none of its buttons', async () => {
    const { page } = await signedInTill(browser(), 'cashier', 'touch');
    await fillSale(page, '1', '1 hour', '20');
    await page.keyboard.press('Enter');
    const slip = page.getByRole('dialog', { name: 'Voucher' });
    await slip.waitFor();
    // "Sold …" is raised as the slip opens: the case of an error inside a dialog (a failed print).
    const notice = page.locator('.toast').filter({ hasText: /^Sold 1 hour/ });
    await notice.waitFor();
    const seen = await page.evaluate<{ inert: boolean; above: boolean }>(`(() => {
      const t = document.querySelector('.toasts');
      const z = (el) => Number(getComputedStyle(el).zIndex) || 0;
      return { inert: !!t.closest('[inert]'), above: z(t) > z(document.querySelector('.backdrop')) };
    })()`);
    expect(seen).toEqual({ inert: false, above: true });
    const box = (await notice.boundingBox())!;
    for (const name of ['Print again', 'Next customer']) {
      expect(intersect(box, (await slip.getByRole('button', { name }).boundingBox())!), `notice over "${name}"`).toBe(false);
    }
  });

  it('the slip fits 58 mm and 80 mm paper: 16-character code and password, a long café name and package, a MAC login; "Use by" on an unused voucher', async () => {
    const cafe = await startCafe();
    const cafeName = 'Sampaguita Internet & Gaming Lounge — Barangay San Isidro 24/7'.slice(0, 60);
    const cafeSettings = (receiptWidthMm: 58 | 80) => ({ cafe: { name: cafeName, receiptHeader: 'WiFi: Sampaguita-Guest · ask the counter for help', receiptFooter: 'Salamat po! Come back soon.', receiptWidthMm } });
    await cafe.call('settings.update', { ...cafeSettings(58), vouchers: { length: 16, mode: 'code+password', passwordLength: 16 } });
    const longName = 'Weekend marathon: twelve hours online, 3 devices, promo WKND'.slice(0, 60);
    expect(longName).toHaveLength(60);
    expect(cafeName).toHaveLength(60);
    await cafe.call('packages.create', { name: longName, pricing: 'fixed', priceMinor: 15000, timeLimitS: 12 * 3600, validityS: 3 * 86400, deviceLimit: 3, unusedExpiryS: 7 * 86400, sortOrder: 5 });
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('cashier');
    const slip = page.getByRole('dialog', { name: 'Voucher' });

    /** Measures the slip as printed (#print-root under print media) against `mm` of paper. */
    const measure = async (mm: number) => {
      await page.emulateMedia({ media: 'print' });
      try {
        return await page.evaluate<{ paper: number; width: number; scrollWidth: number; clientWidth: number; left: number; right: number; minLeft: number; maxRight: number; text: string; credentialLines: number[] }>(`(() => {
          const slip = document.querySelector('#print-root .slip');
          const probe = document.createElement('div');
          probe.style.width = '${mm}mm';
          document.getElementById('print-root').appendChild(probe);
          const paper = probe.getBoundingClientRect().width;
          probe.remove();
          const box = slip.getBoundingClientRect();
          let minLeft = box.left, maxRight = box.right;
          for (const el of slip.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            minLeft = Math.min(minLeft, r.left);
            maxRight = Math.max(maxRight, r.right);
          }
          const walker = document.createTreeWalker(slip, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          while (walker.nextNode()) {
            range.selectNodeContents(walker.currentNode);
            for (const r of range.getClientRects()) { minLeft = Math.min(minLeft, r.left); maxRight = Math.max(maxRight, r.right); }
          }
          const credentialLines = [...slip.querySelectorAll('.slip-code b')].map((b) => { range.selectNodeContents(b); return range.getClientRects().length; });
          return { paper, width: box.width, scrollWidth: slip.scrollWidth, clientWidth: slip.clientWidth, left: box.left, right: box.right, minLeft, maxRight, text: slip.innerText, credentialLines };
        })()`);
      } finally {
        await page.emulateMedia({ media: null });
      }
    };
    const expectFits = (m: Awaited<ReturnType<typeof measure>>, what: string) => {
      expect(m.scrollWidth, `${what}: content wider than the slip`).toBeLessThanOrEqual(m.clientWidth);
      expect(m.width, `${what}: slip wider than the paper`).toBeLessThanOrEqual(m.paper);
      expect(m.maxRight, `${what}: something sticks out on the right`).toBeLessThanOrEqual(m.right + 0.5);
      expect(m.minLeft, `${what}: something sticks out on the left`).toBeGreaterThanOrEqual(m.left - 0.5);
    };

    // 58 mm, the long package with a 16-character voucher and password.
    await fillSale(page, '5', longName, '150');
    await page.keyboard.press('Enter');
    await slip.waitFor();
    await expect.poll(() => slip.getByRole('img', { name: /QR code/ }).count()).toBe(1);
    const m58 = await measure(58);
    expectFits(m58, '58 mm voucher');
    const [code, password] = await slip.locator('.slip-code b').allInnerTexts();
    expect(code).toHaveLength(16);
    expect(password).toHaveLength(16);
    // Each on one line (scaled to fit, not broken up).
    expect(m58.credentialLines).toEqual([1, 1]);
    const { sessions } = await cafe.call('sessions.list', { search: code! });
    const useBy = new Date(sessions[0]!.unusedExpiresAt!).toLocaleDateString('en-PH', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Asia/Manila' });
    expect(m58.text).toContain(`Use by ${useBy} or it expires`);
    await till.shot('voucher-slip-58mm-long', true);
    await page.keyboard.press('Enter');
    await slip.waitFor({ state: 'detached' });

    // 58 mm, a MAC login.
    await fillSale(page, '5', longName, '150');
    await page.getByRole('button', { name: /Link to a game PC/ }).click();
    await page.getByLabel(/Device MAC/).fill('AA:BB:CC:DD:EE:FF');
    await page.keyboard.press('Enter');
    await slip.waitFor();
    const mac58 = await measure(58);
    expectFits(mac58, '58 mm MAC login');
    expect(mac58.text).toContain('AA:BB:CC:DD:EE:FF');
    expect(mac58.credentialLines).toEqual([1]);
    await page.keyboard.press('Enter');
    await slip.waitFor({ state: 'detached' });

    // 80 mm: both again.
    await cafe.call('settings.update', cafeSettings(80));
    await fillSale(page, '5', longName, '150');
    await page.keyboard.press('Enter');
    await slip.waitFor();
    await expect.poll(() => slip.locator('.slip-80').count()).toBe(1);
    const m80 = await measure(80);
    expectFits(m80, '80 mm voucher');
    expect(m80.credentialLines).toEqual([1, 1]);
    await page.keyboard.press('Enter');
    await slip.waitFor({ state: 'detached' });
    await fillSale(page, '5', longName, '150');
    await page.getByRole('button', { name: /Link to a game PC/ }).click();
    await page.getByLabel(/Device MAC/).fill('AA:BB:CC:DD:EE:00');
    await page.keyboard.press('Enter');
    await slip.waitFor();
    expectFits(await measure(80), '80 mm MAC login');
  });

  it('the status bar says "WiFi login service: on" with the ports in its tooltip, and nothing stays green once the service cannot be reached', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier');
    const bar = page.getByRole('contentinfo', { name: 'Status' });
    const service = bar.getByText('WiFi login service: on');
    await service.waitFor();
    const { authPort, acctPort } = cafe.serving.core.radius!;
    expect(await service.getAttribute('title')).toMatch(new RegExp(`\\b${authPort}\\b[\\s\\S]*\\b${acctPort}\\b`));
    expect(await bar.innerText()).not.toMatch(/RADIUS/);
    expect(await bar.locator('.status-ok').count()).toBeGreaterThan(0);

    // The service goes away: the live stream drops and every item turns grey or red.
    till.allowError(/Failed to load resource|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE/);
    await cafe.serving.http.close();
    await bar.getByText('Reconnecting…').waitFor({ timeout: 10_000 });
    const dots = (await page.evaluate(
      "[...document.querySelectorAll('.statusbar .status')].map((el) => ({ text: el.textContent, ok: el.classList.contains('status-ok'), dot: getComputedStyle(el, '::before').backgroundColor }))",
    )) as { text: string; ok: boolean; dot: string }[];
    const green = 'rgb(23, 114, 69)';
    expect(dots.filter((d) => d.ok || d.dot === green).map((d) => d.text)).toEqual([]);
    expect(dots.map((d) => d.text)).toEqual(expect.arrayContaining(['Reconnecting…', 'WiFi login service: on', 'Database OK']));
  });
});
