/**
 * The Sessions screen as the cashier's finger meets it: a lost slip reprinted (from the
 * session's details and from History, marked REPRINT and in the audit log, the password
 * shown in code + password mode), every row's Top up and End in reach on a 1024×768 touch
 * screen, rows that stay put under the pointer, and Top up offering the same package again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openTill, useBrowser } from './browser';
import { device, startCafe, type Cafe } from './cafe';

const browser = useBrowser();

const table = (page: Page) => page.getByRole('table', { name: 'Live sessions' });
const sessionRow = (page: Page, code: string) => table(page).getByRole('row').filter({ hasText: code });
/** The voucher codes of the rows on screen, top to bottom. */
const shownCodes = (page: Page) => table(page).locator('.tbody [role="row"] .link').allInnerTexts();

/** A few customers, as a café has them: two devices on one voucher, a game-PC user, one not logged in yet, a MAC login. */
async function busyCafe(cafe: Cafe): Promise<void> {
  const family = await cafe.sell('3 hours, 2 devices');
  await cafe.login(family, device(0.6));
  await cafe.login(family, device(0.2));
  await cafe.login(await cafe.sell('50 MB'), device(0.05));
  await cafe.login(await cafe.sell('1 hour', { pcUser: 'migs', pcStation: 'PC-07' }), device(0.5));
  await cafe.sell('1 hour', { mac: 'AA:BB:CC:DD:EE:01' });
  await cafe.login(await cafe.sell('Data by amount', { amountMinor: 1000 }), device(0.4));
  await cafe.sell('1 hour');
}

describe('the Sessions screen', () => {
  it('reprints a lost slip from the session’s details and from History, marked REPRINT and audited; the details show the password', async () => {
    const cafe = await startCafe();
    await cafe.call('settings.update', { vouchers: { length: 6, mode: 'code+password', passwordLength: 6 } });
    const s = await cafe.sell('1 hour');
    expect(s.password).not.toBe(s.voucherCode);
    const mac = await cafe.sell('50 MB', { mac: 'AA:BB:CC:DD:EE:02' });
    const [sale] = (await cafe.call('sales.list', { search: s.voucherCode })).sales;
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('cashier');
    await page.keyboard.press('F2');

    // The details: voucher and password (the slip was thrown away), and Reprint slip.
    await sessionRow(page, s.voucherCode).getByRole('button', { name: s.voucherCode }).click();
    const details = page.getByRole('dialog', { name: `Session ${s.voucherCode}` });
    await expect.poll(() => details.locator('.credentials').innerText()).toMatch(new RegExp(`Voucher\\s+${s.voucherCode}\\s+Password\\s+${s.password}`));
    await till.shot('session-details');
    // Its history and sales in the cashier's words, not the core's (create → PENDING, topup).
    expect((await details.locator('.audit li').allInnerTexts()).map((l) => l.replace(/^\S+( [AP]M)? /, ''))).toEqual(['Bea: Created → Waiting']);
    await expect.poll(() => details.getByRole('table').last().innerText()).toMatch(/#\d+\s+Sale\s+1 hour/);
    await details.getByRole('button', { name: 'Reprint slip' }).click();
    const reprint = page.getByRole('dialog', { name: 'Voucher (reprint)' });
    const slip = reprint.getByRole('article', { name: 'Voucher slip' });
    await expect.poll(() => slip.innerText()).toMatch(/REPRINT[\s\S]*Bea/);
    await expect.poll(() => till.printed().then((p) => p.length)).toBe(1);
    const [first] = await till.printed();
    expect(first!.html).toContain('REPRINT');
    expect(first!.html).toContain(s.voucherCode);
    expect(first!.html).toContain(s.password);
    expect(first!.html).toContain('src="data:image/svg+xml'); // printed once the QR code was there
    await till.shot('reprint', true);
    const audited = async () => (await cafe.call('audit.list', { entity: 'sale' })).entries.filter((e) => e.action === 'sale.reprint').map((e) => [e.entityId, e.actorName]);
    expect(await audited()).toEqual([[sale!.id, 'Bea']]);

    // Enter is Done, and closes the slip only; a second Enter (a bounce) prints nothing more; Escape then closes the details.
    await page.keyboard.press('Enter');
    await reprint.waitFor({ state: 'detached' });
    expect(await details.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    expect(await audited()).toEqual([[sale!.id, 'Bea']]);
    expect(await till.printed()).toHaveLength(1);
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    // A MAC login: the details name the device.
    await sessionRow(page, mac.voucherCode).getByRole('button', { name: mac.voucherCode }).click();
    const macDetails = page.getByRole('dialog', { name: `Session ${mac.voucherCode}` });
    await expect.poll(() => macDetails.locator('.credentials').innerText()).toMatch(/Device\s+AA:BB:CC:DD:EE:02/);
    await page.keyboard.press('Escape');
    await macDetails.waitFor({ state: 'detached' });

    // History: the sale's row has Reprint slip too.
    await page.keyboard.press('F3');
    const ledgerRow = page.getByRole('table', { name: 'Sales' }).getByRole('row').filter({ hasText: s.voucherCode });
    await ledgerRow.getByRole('button', { name: 'Reprint slip' }).click();
    await expect.poll(() => till.printed().then((p) => p.length)).toBe(2);
    const [, second] = await till.printed();
    expect(second!.html).toMatch(/REPRINT/);
    expect(second!.html).toContain(s.voucherCode);
    await page.getByRole('dialog', { name: 'Voucher (reprint)' }).getByRole('button', { name: 'Done' }).click();
    expect(await audited()).toEqual([[sale!.id, 'Bea'], [sale!.id, 'Bea']]);
  }, 60_000);

  it('at 1024×768 on a touch screen in Filipino and Bahasa Indonesia: the state (Naghihintay, Menunggu) stays in its column, Top up and End in view', async () => {
    const cafe = await startCafe();
    await busyCafe(cafe);
    const till = await openTill(browser(), cafe.url, 'touch');
    const { page } = till;
    await till.signIn('cashier');
    for (const [language, waiting] of [['fil', 'Naghihintay'], ['id', 'Menunggu']] as const) {
      await cafe.call('settings.update', { language });
      await page.reload();
      await page.getByRole('navigation').first().waitFor();
      await page.keyboard.press('F2');
      await page.getByRole('table').locator('.tbody [role="row"]').first().waitFor();
      await expect.poll(() => page.getByText(waiting, { exact: true }).count(), { message: language }).toBeGreaterThan(0);
      const rows = (await page.evaluate(`(() => [...document.querySelectorAll('.sessions-table .tbody [role="row"]')].map((r) => {
        const cells = [...r.querySelectorAll(':scope > [role="cell"]')];
        const pill = cells[0].querySelector('.pill').getBoundingClientRect();
        const buttons = [...cells[7].querySelectorAll('button')].map((b) => b.getBoundingClientRect());
        return { pillRight: pill.right, nextLeft: cells[1].getBoundingClientRect().left, buttonsRight: Math.max(...buttons.map((b) => b.right)), buttons: buttons.length };
      }))()`)) as { pillRight: number; nextLeft: number; buttonsRight: number; buttons: number }[];
      expect(rows.length, language).toBe(6);
      for (const r of rows) {
        expect(r.pillRight, language).toBeLessThanOrEqual(r.nextLeft);
        expect(r.buttons, language).toBe(2);
        expect(r.buttonsRight, language).toBeLessThanOrEqual(1024);
      }
      await till.shot(`sessions-1024-${language}`);
    }
  }, 60_000);

  it('at 1024×768 on a touch screen: every row’s Top up and End in view, uncovered and 44 px high, no sideways scroll, header over its columns', async () => {
    const cafe = await startCafe();
    await busyCafe(cafe);
    const till = await openTill(browser(), cafe.url, 'touch');
    const { page } = till;
    await till.signIn('cashier');
    await page.keyboard.press('F2');
    await expect.poll(() => table(page).locator('.tbody [role="row"]').count()).toBe(6);
    await expect.poll(() => table(page).getByText('Online').count(), { timeout: 5000 }).toBe(4);

    // Runs in the page (DOM types are not in the tests' TypeScript lib, hence a string).
    const layout = (await page.evaluate(`(() => {
      const table = document.querySelector('[aria-label="Live sessions"]');
      const body = table.querySelector('.tbody');
      const left = (el) => Math.round(el.getBoundingClientRect().left * 10) / 10;
      const box = (b) => {
        const r = b.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { label: b.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height, hit: !!hit && b.contains(hit) };
      };
      const signOut = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Sign out');
      return {
        head: [...table.querySelectorAll('.thead > [role="columnheader"]')].map(left),
        rows: [...body.querySelectorAll('[role="row"]')].map((r) => ({
          cells: [...r.querySelectorAll(':scope > [role="cell"]')].map(left),
          buttons: [...r.querySelectorAll('button')].filter((b) => ['Top up', 'End'].includes(b.textContent.trim())).map(box),
        })),
        scrollWidth: body.scrollWidth,
        clientWidth: body.clientWidth,
        pageWidth: document.documentElement.scrollWidth,
        viewport: { width: innerWidth, height: innerHeight },
        signOut: box(signOut),
      };
    })()`)) as {
      head: number[];
      rows: { cells: number[]; buttons: { label: string; left: number; right: number; top: number; bottom: number; height: number; hit: boolean }[] }[];
      scrollWidth: number;
      clientWidth: number;
      pageWidth: number;
      viewport: { width: number; height: number };
      signOut: { height: number; hit: boolean };
    };
    expect(layout.viewport).toEqual({ width: 1024, height: 768 });
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.pageWidth).toBeLessThanOrEqual(1024);
    expect(layout.rows).toHaveLength(6);
    expect(layout.head).toHaveLength(8);
    for (const row of layout.rows) {
      expect(row.cells).toHaveLength(8);
      row.cells.forEach((x, i) => expect(Math.abs(x - layout.head[i]!), `column ${i}`).toBeLessThanOrEqual(1));
      expect(row.buttons.map((b) => b.label)).toEqual(['Top up', 'End']);
      for (const b of row.buttons) {
        expect(b, b.label).toMatchObject({ hit: true });
        expect(b.height).toBeGreaterThanOrEqual(44);
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.top).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(1024);
        expect(b.bottom).toBeLessThanOrEqual(768);
      }
    }
    expect(layout.signOut.hit).toBe(true);
    expect(layout.signOut.height).toBeGreaterThanOrEqual(44);
    await till.shot('sessions-1024', true);

    // A reprint on the touch screen: the slip over the session's details, Done within reach.
    const code = (await shownCodes(page))[0]!;
    await sessionRow(page, code).getByRole('button', { name: code }).click();
    await page.getByRole('dialog', { name: `Session ${code}` }).getByRole('button', { name: 'Reprint slip' }).click();
    const reprint = page.getByRole('dialog', { name: 'Voucher (reprint)' });
    await expect.poll(() => till.printed().then((p) => p.length)).toBe(1);
    const done = (await reprint.getByRole('button', { name: 'Done' }).boundingBox())!;
    expect(done.y + done.height).toBeLessThanOrEqual(768);
    expect(done.height).toBeGreaterThanOrEqual(44);
    await till.shot('reprint-1024', true);
    await reprint.getByRole('button', { name: 'Done' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // History at 1024: each sale's Reprint slip in reach, no sideways scroll.
    await page.keyboard.press('F3');
    const ledger = page.getByRole('table', { name: 'Sales' });
    await expect.poll(() => ledger.getByRole('button', { name: 'Reprint slip' }).count()).toBe(6);
    expect(await page.evaluate(`(() => { const t = document.querySelector('.scroll-table'); return t.scrollWidth <= t.clientWidth; })()`)).toBe(true);
    for (const b of await ledger.getByRole('button', { name: 'Reprint slip' }).all()) {
      const box = (await b.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1024);
      expect(box.height).toBeGreaterThanOrEqual(44);
    }
    await till.shot('history-1024');
  }, 60_000);

  it('rows stay put while the pointer is over the list or a dialog is open for a row; Top up offers the session’s own package', async () => {
    const cafe = await startCafe();
    await busyCafe(cafe);
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('cashier');
    await page.keyboard.press('F2');
    await expect.poll(() => table(page).locator('.tbody [role="row"]').count()).toBe(6);
    await expect.poll(() => table(page).getByText('Online').count(), { timeout: 5000 }).toBe(4);
    await till.shot('sessions', true);
    const before = await shownCodes(page);

    // The pointer rests on the list: a sale at the counter's other till appears below, the rows above do not move.
    const body = (await table(page).locator('.tbody').boundingBox())!;
    await page.mouse.move(body.x + body.width / 2, body.y + 80);
    const late = await cafe.sell('1 hour');
    await expect.poll(() => shownCodes(page)).toEqual([...before, late.voucherCode]);
    // The pointer leaves: newest first again.
    await page.mouse.move(5, 5);
    await expect.poll(() => shownCodes(page)).toEqual([late.voucherCode, ...before]);

    // Hovering again, a waiting customer's session is ended at the other till: its place stays
    // (an "ended" row), and the rows below it do not move up under the pointer.
    await page.mouse.move(body.x + body.width / 2, body.y + 80);
    const order = await shownCodes(page);
    const waiting = (await cafe.call('sessions.list', {})).sessions.filter((x) => x.state === 'PENDING');
    const gone = waiting.find((x) => order.indexOf(x.voucherCode) >= 0 && order.indexOf(x.voucherCode) < order.length - 1)!;
    const next = order[order.indexOf(gone.voucherCode) + 1]!;
    const y = (await sessionRow(page, next).boundingBox())!.y;
    await cafe.call('sessions.end', { id: gone.id, reason: 'Customer left' });
    await expect.poll(() => table(page).locator('.tr-ended').count()).toBe(1);
    expect((await sessionRow(page, next).boundingBox())!.y).toBe(y);
    await page.mouse.move(5, 5);
    await expect.poll(() => table(page).locator('.tr-ended').count()).toBe(0);

    // Top up on the 50 MB customer: "50 MB" is offered, and the list behind the dialog holds still.
    const fifty = (await cafe.call('sessions.list', {})).sessions.find((x) => x.packageName === '50 MB')!;
    await sessionRow(page, fifty.voucherCode).getByRole('button', { name: 'Top up' }).click();
    const topUp = page.getByRole('dialog', { name: `Top up ${fifty.voucherCode}` });
    await expect.poll(() => topUp.getByLabel('Add').inputValue()).toBe(String(cafe.packages.get('50 MB')!.id));
    const during = await shownCodes(page);
    const later = await cafe.sell('50 MB');
    await expect.poll(() => page.getByRole('radio', { name: /All live/ }).innerText()).toMatch(/7$/);
    expect(await shownCodes(page)).toEqual([...during, later.voucherCode]);
    await topUp.getByRole('button', { name: 'Cancel' }).click();
    await page.mouse.move(5, 5);
    await expect.poll(() => shownCodes(page)).toEqual([later.voucherCode, ...during]);
  }, 60_000);
});
