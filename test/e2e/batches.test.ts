/**
 * Voucher cards in a real browser: a batch generated once per deliberate action through the
 * form (field errors beside their fields, a double Enter and a retry after a lost answer
 * make one batch), printed on A4 (full pages of 4 × 8 cards, every code exactly once, A4 in
 * print media) and on the receipt roll, the counts following a card's first login, the
 * unused ones voided; a cashier finds a card in stock from Sessions' search; the screen's
 * buttons in reach on a 1024×768 touch screen.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openTill, placement, signedInTill, useBrowser } from './browser';
import { device, type Cafe } from './cafe';
import { onTheWay } from './on-the-way';
import { openBatchPrint, printedCards } from './cards';
import { barLogo } from './png';

const browser = useBrowser();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A4 is 297 mm tall; lib/print.ts takes 7 mm top and bottom. */
const PX_PER_MM = 96 / 25.4;
const PRINTABLE_HEIGHT_MM = 297 - 2 * 7;

const batchRow = (page: Page, id: number) => page.locator(`tr[data-batch="${id}"]`);
/** A batch row's cells as the screen shows them: created, package, cards, in stock, used, expired, voided, value sold (and when), actions. */
const rowCells = (page: Page, id: number) => batchRow(page, id).locator('td').allInnerTexts();

/** Records every option the desktop print bridge is called with (browser.ts's stand-in records only the roll width). */
async function recordPrintOptions(page: Page): Promise<() => Promise<unknown[]>> {
  await page.evaluate(`(() => {
    const print = window.iwasDesktop.print;
    window.printOptions = [];
    window.iwasDesktop.print = (o) => { window.printOptions.push(o); return print(o); };
  })()`);
  return () => page.evaluate('window.printOptions') as Promise<unknown[]>;
}

async function codesOf(cafe: Cafe, id: number): Promise<string[]> {
  return (await cafe.call('batches.get', { id })).cards.map((c) => c.code);
}

describe('voucher card batches', () => {
  it('generates one batch per deliberate action, prints it on two A4 pages with every code once, follows a first login, voids the rest', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'admin');
    const printOptions = await recordPrintOptions(page);
    await page.keyboard.press('F8');
    await page.getByText('No batches yet').waitFor();

    // Errors beside their fields: no count, a prefix that is not letters or digits.
    await page.getByRole('button', { name: 'New batch' }).click();
    const form = page.getByRole('dialog', { name: 'New batch of voucher cards' });
    await form.getByLabel('Code prefix').fill('n-1');
    await form.getByRole('button', { name: /^Generate/ }).click();
    const fieldError = (label: string) => form.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) }).locator('.field-message');
    await expect.poll(() => fieldError('Number of cards').innerText()).toBe('How many cards?');
    expect(await fieldError('Code prefix').innerText()).toMatch(/^Up to 6 letters or digits/);
    await form.getByLabel('Number of cards').fill('2001');
    await form.getByRole('button', { name: /^Generate/ }).click();
    await expect.poll(() => fieldError('Number of cards').innerText()).toBe('At most 2,000 cards');
    expect(await cafe.call('batches.list', {})).toMatchObject({ batches: [] });

    await form.getByLabel('Package').selectOption({ label: '1 hour — ₱20.00' });
    await form.getByLabel('Code prefix').fill('nena');
    await form.getByLabel('For (label)').fill('Aling Nena’s store');
    await form.getByLabel('Number of cards').fill('40');
    await till.shot('batch-form');

    // The answer is lost on the way back (the batch was made): Enter again on the same form gets that batch, not a second one.
    const lost = await onTheWay(page, 'batches.create', { answerLost: true, times: 1 });
    await form.getByLabel('Number of cards').press('Enter');
    await form.locator('.form-error').waitFor();
    expect(await lost.met()).toBe(1);
    expect((await cafe.call('batches.list', {})).batches).toHaveLength(1);
    // A slow answer: Enter, Enter and a click while it is on its way still make that one batch.
    const slow = await onTheWay(page, 'batches.create', { delayMs: 400 });
    await form.getByLabel('Number of cards').press('Enter');
    await page.keyboard.press('Enter');
    await form.getByRole('button', { name: /^Generate/ }).click({ force: true });
    const preview = page.getByRole('dialog', { name: 'Print batch #1' });
    await preview.waitFor();
    expect(await slow.met()).toBeGreaterThanOrEqual(1);
    await slow.stop();
    await pause(300);
    const { batches } = await cafe.call('batches.list', {});
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ id: 1, count: 40, label: 'Aling Nena’s store', soldWhen: 'first-use', counts: { stock: 40, used: 0, expired: 0, voided: 0 } });
    const codes = await codesOf(cafe, 1);
    expect(codes.every((c) => c.startsWith('nena'))).toBe(true);

    // The offer to print: page 1 of 2 in the preview; Enter is "Done", never a print.
    await preview.getByText('40 cards generated').waitFor();
    await preview.getByText('Page 1 of 2', { exact: true }).waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Done');
    await expect.poll(() => preview.locator('.cards-preview .vcard').count()).toBe(32);
    await preview.getByRole('button', { name: 'Print 2 A4 pages' }).click();
    await expect.poll(printOptions).toEqual([{ pageSize: 'A4' }]);
    const [printed] = await till.printed();
    for (const c of codes) expect(printed!.html.split(`>${c}<`).length - 1, `${c} in what was printed`).toBe(1);

    // As the printer gets it (print media): two A4 pages, the first full, every code of the batch exactly once.
    await page.emulateMedia({ media: 'print' });
    const sheet = await printedCards(page);
    expect(sheet.pages).toBe(2);
    expect(sheet.cardsPerPage).toEqual([32, 8]);
    expect([...sheet.codes].sort()).toEqual([...codes].sort());
    expect(new Set(sheet.codes).size).toBe(40);
    const heights = (await page.evaluate("[...document.querySelectorAll('#print-root .sheet-page')].map((p) => p.getBoundingClientRect().height)")) as number[];
    for (const h of heights) expect(h / PX_PER_MM, 'page height (mm)').toBeLessThanOrEqual(PRINTABLE_HEIGHT_MM);
    // QR codes big enough to scan from paper (≥ 18 mm), codes not cut off by their card.
    const fit = await sheetFit(page);
    expect(fit.qrMm).toBeGreaterThanOrEqual(18);
    expect(fit.cut).toEqual([]);
    // Chromium's own pagination of the printout into A4 PDF pages.
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g), 'PDF pages').toHaveLength(2);
    // Every page A4: 595 × 842 points.
    expect([...new Set([...pdf.matchAll(/\/MediaBox\s*\[([^\]]*)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map((n) => Math.round(Number(n))).join(' ')))]).toEqual(['0 0 595 842']);
    await page.setViewportSize({ width: 820, height: 1100 });
    await page.locator('#print-root .sheet-page').first().screenshot({ path: shotPath('cards-a4') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.emulateMedia({ media: 'screen' });

    // In a browser (no desktop app): the print dialog, with the page rule A4 for the sheet, roll margins for the roll.
    await page.evaluate(`(() => {
      delete window.iwasDesktop;
      window.browserPrints = [];
      window.print = () => window.browserPrints.push({ rule: document.getElementById('page-margins').textContent, cards: document.querySelectorAll('#print-root [data-code]').length, roll: !!document.querySelector('#print-root .card-roll') });
    })()`);
    await preview.getByRole('button', { name: 'Print 2 A4 pages' }).click();
    await preview.getByRole('tab', { name: 'Receipt roll (58 mm)' }).click();
    await preview.getByText('… and 34 more cards').waitFor();
    await till.shot('cards-thermal', true);
    await preview.getByRole('button', { name: 'Print 40 cards on the roll' }).click();
    expect(await page.evaluate('window.browserPrints')).toEqual([
      { rule: '@page { size: A4; margin: 7mm 8mm; }', cards: 40, roll: false },
      { rule: '@page { margin: 2mm; }', cards: 40, roll: true },
    ]);
    await page.keyboard.press('Enter'); // "Done"
    await preview.waitFor({ state: 'detached' });

    // A card's first login sells it: the row follows (pushed sale) without a reload.
    await expect.poll(() => rowCells(page, 1)).toEqual([expect.stringContaining('#1 · Ana'), expect.stringMatching(/^1 hour ₱20\.00\nAling Nena’s store$/), '40', '40', '0', '0', '0', '₱0.00\nsold at first use', expect.any(String)]);
    const login = await cafe.hotspot.login(device(0.2), codes[5]!, codes[5]!);
    expect(login.accepted).toBe(true);
    await expect.poll(() => rowCells(page, 1)).toEqual([expect.any(String), expect.any(String), '40', '39', '1', '0', '0', '₱20.00\nsold at first use', expect.any(String)]);

    // A second batch, paid upfront, code + password.
    const second = await cafe.call('batches.create', { packageId: cafe.packages.get('50 MB')!.id, count: 12, mode: 'code+password', label: 'Front desk', soldWhen: 'generation', paymentMethod: 'cash' });
    await page.keyboard.press('F1');
    await page.keyboard.press('F8');
    await batchRow(page, second.id).waitFor();
    expect(await page.locator('.batches-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-batch')))).toEqual([String(second.id), '1']);
    expect((await rowCells(page, second.id)).slice(2, 8)).toEqual(['12', '12', '0', '0', '0', '₱120.00\npaid upfront']);
    await till.shot('batches', true);

    // Its cards with everything a card can carry: a logo, a long café name, the WiFi name, code and password.
    await cafe.call('settings.update', {
      cafe: { name: 'Netopia Internet Café & Gaming Lounge', receiptHeader: '', receiptFooter: 'Thank you!', receiptWidthMm: 58 },
      branding: { logo: `data:image/png;base64,${barLogo(120, 40, [0x10, 0x20, 0x30]).toString('base64')}`, ssid: 'Netopia-Guest-5G', howToConnect: 'Join Netopia-Guest-5G, open any page, type the code' },
    });
    await expect.poll(() => page.locator('.brand').innerText()).toMatch(/^Netopia Internet/);
    await batchRow(page, second.id).getByRole('button', { name: 'Print again' }).click();
    const secondPreview = page.getByRole('dialog', { name: `Print batch #${second.id}` });
    await expect.poll(() => secondPreview.locator('.cards-preview .vcard').count()).toBe(12);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 820, height: 1100 });
    await page.locator('#print-root .sheet-page').first().screenshot({ path: shotPath('cards-a4-password') });
    await page.setViewportSize({ width: 1366, height: 768 });
    const withPassword = await sheetFit(page);
    expect(withPassword.qrMm).toBeGreaterThanOrEqual(18);
    expect(withPassword.cut).toEqual([]);
    expect(await page.locator('#print-root .vcard').first().innerText()).toMatch(/Netopia Internet[\s\S]*50 MB[\s\S]*₱10\.00[\s\S]*WiFi: Netopia-Guest-5G[\s\S]*CODE\s+\w+\s+PASSWORD\s+\w+/);
    await page.emulateMedia({ media: 'screen' });
    await secondPreview.getByRole('tab', { name: 'Receipt roll (58 mm)' }).click();
    await secondPreview.locator('.cards-preview .roll-card').first().waitFor();
    await till.shot('cards-thermal-password');
    await page.keyboard.press('Escape');

    // The sheet of batch 1 is lost: void the 39 unused cards; the used one keeps working.
    await batchRow(page, 1).getByRole('button', { name: 'Void unused' }).click();
    const voiding = page.getByRole('dialog', { name: 'Void the unused cards of batch #1?' });
    await voiding.getByText(/39 cards of 1 hour \(Aling Nena’s store\) not used yet will be voided/).waitFor();
    await voiding.getByText('The 1 card already used keep working.').waitFor();
    await voiding.getByRole('button', { name: 'Void 39 cards' }).click();
    await voiding.getByText('Give a reason').waitFor();
    await voiding.getByLabel('Reason').fill('Sheet lost on the way to the store');
    await voiding.getByRole('button', { name: 'Void 39 cards' }).click();
    await voiding.waitFor({ state: 'detached' });
    await expect.poll(() => rowCells(page, 1).then((c) => c.slice(2, 8))).toEqual(['40', '0', '1', '0', '39', '₱20.00\nsold at first use']);
    expect(await batchRow(page, 1).getByRole('button', { name: 'Void unused' }).isDisabled()).toBe(true);
    expect((await cafe.call('batches.get', { id: 1 })).counts).toEqual({ stock: 0, used: 1, expired: 0, voided: 39 });
    const refused = await cafe.hotspot.login(device(0.2), codes[6]!, codes[6]!);
    expect(refused.accepted).toBe(false);

    // Print again leaves out what is no longer any use; the export has every card.
    await batchRow(page, 1).getByRole('button', { name: 'Print again' }).click();
    await page.getByRole('dialog', { name: 'Print batch #1' }).getByText('No unused cards are left in this batch.').waitFor();
    await page.keyboard.press('Escape');
    const download = page.waitForEvent('download');
    await batchRow(page, 1).getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^cards-batch-1-\d{4}-\d\d-\d\d\.csv$/);
    const csv = await readDownload(file);
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Code,Password,State,First login,Ended,Why it ended,Batch,Package,Label');
    expect(lines).toHaveLength(41);
    expect(lines.filter((l) => l.includes(',In use,'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('Sheet lost on the way to the store'))).toHaveLength(39);
  }, 90_000);

  it('a card in stock is found by its code from Sessions’ search: in stock, of its batch, its details for an admin only, nothing to top up or end', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier');
    const batch = await cafe.call('batches.create', { packageId: cafe.packages.get('1 hour')!.id, count: 3, prefix: 'ab' });
    const card = batch.cards[1]!;
    // Batches are the owner's: no Batches for a cashier, and F8 does not open it.
    expect(await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Batches/ }).count()).toBe(0);
    await page.keyboard.press('F8');
    await page.getByText('Only an admin can open Batches.').waitFor();
    await page.keyboard.press('F2');
    await page.getByPlaceholder(/Search voucher/).fill(card.code);
    const unused = page.getByRole('region', { name: 'Voucher cards not used yet' });
    await unused.waitFor();
    await till.shot('sessions-stock');
    expect((await unused.innerText()).replace(/\s+/g, ' ')).toBe(`In stock ${card.code} 1 hour · card of batch #${batch.id} · not sold yet: its first login sells it`);
    // The live list under it does not say "Nothing matches" as if the card were unknown.
    await page.getByText('Nobody is online on this card: it is shown above.').waitFor();
    expect(await page.getByText('Nothing matches').count()).toBe(0);
    // A cashier can tell the card is good, but its details (and password) stay with the admins; nothing to top up or end.
    expect(await unused.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Top up|End)$/ }).count()).toBe(0);

    const admin = await openTill(browser(), cafe.url);
    await admin.signIn('admin');
    await admin.page.keyboard.press('F2');
    await admin.page.getByPlaceholder(/Search voucher/).fill(card.code);
    await admin.page.getByRole('region', { name: 'Voucher cards not used yet' }).getByRole('button', { name: new RegExp(card.code) }).click();
    const details = admin.page.getByRole('dialog', { name: `Session ${card.code}` });
    await details.getByText('In stock', { exact: true }).waitFor();
    await details.getByText(`card of batch #${batch.id}: not sold yet; its first login sells it`).waitFor();
    for (const name of ['Top up', 'End', 'Reprint slip', 'Save link']) expect(await details.getByRole('button', { name }).count(), name).toBe(0);
  });

  it('a card paid upfront is found as good to use; once its batch is voided, the same search says it was voided and why', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier');
    const batch = await cafe.call('batches.create', { packageId: cafe.packages.get('1 hour')!.id, count: 2, prefix: 'up', soldWhen: 'generation', paymentMethod: 'cash' });
    const card = batch.cards[0]!;
    await page.keyboard.press('F2');
    await page.getByPlaceholder(/Search voucher/).fill(card.code);
    const unused = page.getByRole('region', { name: 'Voucher cards not used yet' });
    await expect.poll(() => unused.innerText().then((s) => s.replace(/\s+/g, ' '))).toBe(`Waiting ${card.code} 1 hour · card of batch #${batch.id} · paid upfront, not used yet`);

    // Voided while it is on screen: the search is looked up again, and says so.
    await cafe.call('batches.voidUnused', { id: batch.id, reason: 'Sheet lost on the way to the store' });
    await expect.poll(() => unused.innerText().then((s) => s.replace(/\s+/g, ' '))).toBe(`Ended ${card.code} 1 hour · card of batch #${batch.id} · never used · Card voided: Sheet lost on the way to the store`);
    expect(await page.getByRole('button', { name: /^(Top up|End)$/ }).count()).toBe(0);
  });

  it('on a 1024×768 touch screen an admin’s top bar keeps all six screens, Close shift and Sign out in reach, with a long café and operator name', async () => {
    const { cafe, page } = await signedInTill(browser(), 'admin', 'touch');
    await cafe.call('operators.update', { id: 1, name: 'Maria Clara Santos' });
    const settings = await cafe.call('settings.get', {});
    await cafe.call('settings.update', { cafe: { ...settings.cafe, name: 'Aling Nena Internet Café' } });
    for (let i = 0; i < 12; i++) await cafe.sell('1 hour');
    await page.reload();
    const bar = page.getByRole('banner');
    await bar.getByText('12').waitFor();
    const nav = page.getByRole('navigation', { name: 'Screens' });
    for (const name of ['Sell', 'Sessions', 'History', 'Reports', 'Batches', 'Settings']) {
      expect(await placement(page, nav.getByRole('button', { name: new RegExp(name) })), name).toEqual({ inside: true, reached: true });
    }
    for (const name of ['Close shift', 'Sign out']) expect(await placement(page, bar.getByRole('button', { name })), name).toEqual({ inside: true, reached: true });
    expect(await page.evaluate('document.scrollingElement.scrollWidth > innerWidth'), 'the page scrolls sideways').toBe(false);
    expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(60);
  });

  it('on a 1024×768 touch screen: New batch and every row’s buttons in reach, the page does not scroll, the form’s Generate in view', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'admin', 'touch');
    await cafe.call('batches.create', { packageId: cafe.packages.get('3 hours, 2 devices')!.id, count: 64, label: 'Sari-sari store on Rizal Street, beside the bakery' });
    await cafe.call('batches.create', { packageId: cafe.packages.get('1 hour')!.id, count: 2000, prefix: 'bg', soldWhen: 'generation', paymentMethod: 'cash' });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Batches/ }).tap();
    await batchRow(page, 2).waitFor();
    await till.shot('batches-1024', true);
    expect(await placement(page, page.getByRole('button', { name: 'New batch' }))).toEqual({ inside: true, reached: true });
    expect(await placement(page, page.getByRole('button', { name: 'Sign out' }))).toEqual({ inside: true, reached: true });
    for (const id of [2, 1]) {
      for (const name of ['Print again', 'Export CSV', 'Void unused']) {
        expect(await placement(page, batchRow(page, id).getByRole('button', { name })), `batch #${id}: ${name}`).toEqual({ inside: true, reached: true });
      }
    }
    expect(await page.evaluate('document.scrollingElement.scrollHeight > innerHeight || document.scrollingElement.scrollWidth > innerWidth'), 'the page scrolls').toBe(false);
    expect(await page.locator('.scroll-table').evaluate((el) => el.scrollWidth - el.clientWidth), 'the list scrolls sideways (px)').toBeLessThanOrEqual(0);
    const small = await page.evaluate<string[]>(`[...document.querySelectorAll('#root button, #root input, #root select')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < 44; })
      .map((e) => (e.textContent || e.tagName).trim())`);
    expect(small, 'controls under 44 px').toEqual([]);

    await page.getByRole('button', { name: 'New batch' }).tap();
    const form = page.getByRole('dialog', { name: 'New batch of voucher cards' });
    await form.getByRole('radio', { name: 'Now, paid upfront' }).tap();
    await form.getByRole('radio', { name: 'E-wallet' }).tap();
    await form.getByRole('button', { name: /^Generate/ }).tap();
    await form.locator('.field-message').first().waitFor();
    await till.shot('batch-form-1024');
    expect(await placement(page, form.getByRole('button', { name: /^Generate/ }))).toEqual({ inside: true, reached: true });
    await page.keyboard.press('Escape');

    // The 2,000-card batch: 63 A4 pages, rendered for the printer in reasonable time.
    const ms = await openBatchPrint(page, 2, 2000);
    const sheet = await printedCards(page);
    expect(sheet.pages).toBe(63);
    expect(sheet.cardsPerPage.slice(0, 62).every((n) => n === 32)).toBe(true);
    expect(sheet.cardsPerPage[62]).toBe(16);
    expect(new Set(sheet.codes).size).toBe(2000);
    // About 2.5 s on the project's 2-core machine while other tests ran (QR codes ~60 %, the DOM the rest); the benchmark measures it.
    expect(ms, '2,000 cards ready to print (ms)').toBeLessThan(30_000);
  }, 120_000);
});

/** In print media: the first card's QR code in mm (the code, inside its one-module margin), and the cards whose code, password or QR code sticks out of them or whose price or WiFi name is cut. */
async function sheetFit(page: Page): Promise<{ qrMm: number; cut: string[] }> {
  return (await page.evaluate(`(() => {
    const svg = document.querySelector('#print-root .vcard-qr');
    const box = Number(svg.getAttribute('viewBox').split(' ')[2]);
    const qrMm = (svg.getBoundingClientRect().width * (box - 2)) / box / ${PX_PER_MM};
    const cut = [...document.querySelectorAll('#print-root .vcard')].filter((card) => {
      const c = card.getBoundingClientRect();
      const info = card.querySelector('.vcard-info').getBoundingClientRect();
      const outside = (el, box) => { const r = el.getBoundingClientRect(); return r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5; };
      // Codes, passwords and the QR code inside the card; price and WiFi name whole in the text column (names may end in "…").
      return [...card.querySelectorAll('.vcard-secret b, .vcard-qr')].some((el) => outside(el, c) || el.scrollWidth > el.clientWidth + 1)
        || [...card.querySelectorAll('.vcard-price, .vcard-ssid')].some((el) => outside(el, info) || el.scrollHeight > el.clientHeight + 1);
    }).map((card) => card.dataset.code);
    return { qrMm, cut };
  })()`)) as { qrMm: number; cut: string[] };
}

/** Where a screenshot of part of the page goes (beside browser.ts's whole-window ones; with $SCREENSHOTS_DIR, there). */
function shotPath(name: string): string {
  const dir = process.env.SCREENSHOTS_DIR ?? join(__dirname, '../../test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

async function readDownload(file: { path(): Promise<string> }): Promise<string> {
  return readFile(await file.path(), 'utf8');
}
