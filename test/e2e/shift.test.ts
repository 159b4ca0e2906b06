/**
 * The cashier's shift in a real browser: "My shift" is the operator's open shift as the
 * core counts it (not everyone's sales since the tab signed in); Close shift counts the
 * drawer, says over or short, prints the shift report on 58 mm paper and signs out;
 * Reports → Shifts lists it and prints it again. Also at 1024×768 on a touch screen.
 */
import { describe, expect, it } from 'vitest';
import { openTill, signedInTill, useBrowser, type Till } from './browser';
import { startCafe, type Cafe } from './cafe';

const browser = useBrowser();

/** Sells a package over the API as the cashier, returning the ledger row. */
async function sellAsCashier(cafe: Cafe, packageName: string, extra: { paidMinor?: number; paymentMethod?: 'cash' | 'e-wallet'; wallet?: string; paymentRef?: string } = {}) {
  return (await cafe.call('sales.sell', { packageId: cafe.packages.get(packageName)!.id, paidMinor: 100_00, ...extra }, 'cashier')).sale;
}

/** The shift report on screen fits its paper: nothing wider than the report itself, which is as wide as 58 mm paper prints. */
async function reportFits58mm(till: Till) {
  const size = (await till.page.evaluate(`(() => { const r = document.querySelector('.slip-preview .shift-report'); return { scroll: r.scrollWidth, client: r.clientWidth }; })()`)) as { scroll: number; client: number };
  expect(size.scroll).toBeLessThanOrEqual(size.client);
  // 48 mm of print area (58 mm paper) at 96 px per inch.
  expect(size.client).toBeGreaterThan(170);
  expect(size.client).toBeLessThan(190);
}

describe('the shift', () => {
  it('My shift shows only this cashier’s shift; closing it short prints the report, stores over/short, signs out; Reports → Shifts prints it again', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier');

    // The cashier's shift: two sales (cash, e-wallet), a top-up, and one more cash sale an admin voids from elsewhere.
    const a = await sellAsCashier(cafe, '1 hour');
    await sellAsCashier(cafe, '3 hours, 2 devices', { paymentMethod: 'e-wallet', wallet: 'GCash', paymentRef: '1004 2231 887', paidMinor: 5000 });
    await cafe.call('sessions.topUp', { sessionId: a.sessionId, packageId: cafe.packages.get('1 hour')!.id, paidMinor: 2000 }, 'cashier');
    const c = await sellAsCashier(cafe, '50 MB');
    // The admin's own sale in the same hours belongs to the admin's shift, not to this one; the admin's void
    // of the cashier's sale comes out of the cashier's drawer, so it counts in the cashier's (still open) shift.
    await cafe.call('sales.sell', { packageId: cafe.packages.get('3 hours, 2 devices')!.id, paidMinor: 5000 }, 'admin');
    await cafe.call('sales.void', { saleId: c.id, reason: 'Wrong package' }, 'admin');

    await page.keyboard.press('F4');
    expect(await page.getByRole('radio', { name: 'My shift' }).getAttribute('aria-checked')).toBe('true');
    const totals = page.getByRole('region', { name: 'Totals' });
    // 20 + 50 + 10 sold, 20 topped up, 10 voided; cash: 20 + 10 + 20 − 10.
    await expect.poll(() => totals.innerText()).toMatch(/Net takings\s+₱90\.00\s+Cash expected in the drawer\s+₱40\.00\s+Sales \(3\)\s+₱80\.00\s+Top-ups \(1\)\s+₱20\.00\s+Voids \(1\)\s+\S?₱10\.00/);
    expect(await page.getByRole('table', { name: 'Per payment' }).innerText()).toMatch(/E-wallet\s+1\s+₱50\.00\s+GCash\s+1\s+₱50\.00\s+Cash\s+3\s+₱40\.00/);
    await page.getByText(/Bea’s shift, opened at/).waitFor();

    // Close shift: the totals, the cash expected; an empty count is refused next to the field.
    await page.getByRole('banner').getByRole('button', { name: 'Close shift' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close shift' });
    await expect.poll(() => dialog.getByRole('region', { name: 'Shift totals' }).innerText()).toMatch(/Sales \(3\)\s+₱80\.00\s+Top-ups \(1\)\s+₱20\.00\s+Voids \(1\)\s+\S?₱10\.00\s+Net takings\s+₱90\.00\s+Per payment\s+E-wallet \(1\)\s+₱50\.00\s+Cash \(3\)\s+₱40\.00/i);
    expect(await dialog.locator('.close-shift-expected').innerText()).toMatch(/Cash expected in the drawer\s+₱40\.00/);
    // The count starts blank: nothing in it looks counted already (the expected figure is above it, once).
    expect(await dialog.getByLabel('Cash counted').evaluate((el) => [(el as unknown as { value: string }).value, el.getAttribute('placeholder')])).toEqual(['', null]);
    await dialog.getByRole('button', { name: 'Close shift and print report' }).click();
    await expect.poll(() => dialog.locator('.field-error').innerText()).toMatch(/Cash counted\s+Count the cash in the drawer/);
    await dialog.getByLabel('Cash counted').fill('35');
    await expect.poll(() => dialog.locator('.shift-diff').innerText()).toBe('Short by ₱5.00');
    await dialog.getByLabel('Note (optional)').fill('Gave ₱5 back to a customer who paid twice for the 3 hours package, see the voucher');
    await till.shot('shift-close', true);
    await dialog.getByRole('button', { name: 'Close shift and print report' }).click();

    // The report: on screen, printed on the receipt printer at 58 mm, with the count and the shortfall.
    const closed = page.getByRole('dialog', { name: 'Shift closed' });
    const report = closed.getByRole('article', { name: 'Shift report' });
    await report.waitFor();
    await expect.poll(async () => (await till.printed()).length).toBe(1);
    const [printed] = await till.printed();
    expect(printed!.widthMm).toBe(58);
    expect(printed!.html).toContain('Bea');
    expect(printed!.html).toMatch(/Cash counted.*₱35\.00/);
    expect(printed!.html).toContain('Short by ₱5.00');
    expect(printed!.html).toContain('Gave ₱5 back');
    await reportFits58mm(till);
    await till.shot('shift-report', true);

    // Stored: counted, the difference (short: below zero), closed.
    const { shifts } = await cafe.call('shifts.list', {});
    const bea = shifts.find((s) => s.operatorName === 'Bea')!;
    expect(bea).toMatchObject({ cashCountedMinor: 3500, differenceMinor: -500, closedByName: 'Bea', note: expect.stringMatching(/^Gave ₱5 back/) });
    expect(bea.closedAt).not.toBeNull();
    expect(bea.totals.cashExpectedMinor).toBe(4000);

    // Done: the cashier is signed out; the next operator signs in.
    await closed.getByRole('button', { name: 'Done · Sign out' }).click();
    await page.getByRole('heading', { name: 'Who is at the counter?' }).waitFor();

    // An admin sees everyone's shifts; Bea's is short (red), and its report prints again, marked as a reprint.
    await till.signIn('admin');
    await page.keyboard.press('F4');
    await page.getByRole('tab', { name: 'Shifts' }).click();
    const row = page.getByRole('table', { name: 'Shifts' }).getByRole('row').filter({ hasText: 'Bea' });
    await expect.poll(() => row.innerText()).toMatch(/Bea.*₱90\.00\s+₱40\.00\s+₱35\.00\s+Short by ₱5\.00/s);
    expect(await row.locator('.pill').getAttribute('class')).toContain('shift-pill-short');
    await till.shot('shift-list');
    await row.getByRole('button', { name: 'View report' }).click();
    const again = page.getByRole('dialog', { name: `Shift report #${bea.id}` });
    await again.getByRole('button', { name: 'Print report' }).click();
    await expect.poll(async () => (await till.printed()).length).toBe(2);
    const reprinted = (await till.printed())[1]!;
    expect(reprinted.html).toContain('REPRINT');
    expect(reprinted.html).toContain('Short by ₱5.00');
    await again.getByRole('button', { name: 'Done' }).click();
    await again.waitFor({ state: 'detached' });
  }, 60_000);

  it('at 1024×768 on a touch screen: the count tapped on the keypad, more than expected says "Over by", the close button is on screen; with no shift open, "Open a shift"', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier', 'touch');
    await sellAsCashier(cafe, '1 hour');
    await sellAsCashier(cafe, '50 MB', { paymentMethod: 'e-wallet', wallet: 'GCash', paymentRef: '1004 2231 887', paidMinor: 1000 });

    // The top bar's button is a touch target.
    const button = page.getByRole('banner').getByRole('button', { name: 'Close shift' });
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x + box.width).toBeLessThanOrEqual(1024);

    // Counted on the dialog's keypad: no keyboard needed at a touch till.
    await button.tap();
    const dialog = page.getByRole('dialog', { name: 'Close shift' });
    for (const key of ['2', '5']) await dialog.locator('.keypad button').filter({ hasText: new RegExp(`^${key}$`) }).tap();
    expect(await dialog.getByLabel('Cash counted').inputValue()).toBe('25');
    await expect.poll(() => dialog.locator('.shift-diff').innerText()).toBe('Over by ₱5.00');
    const primary = dialog.getByRole('button', { name: 'Close shift and print report' });
    const p = (await primary.boundingBox())!;
    expect(p.y).toBeGreaterThanOrEqual(0);
    expect(p.y + p.height).toBeLessThanOrEqual(768);
    expect(p.x + p.width).toBeLessThanOrEqual(1024);
    await till.shot('shift-close-1024', true);
    await primary.click();
    await page.getByRole('dialog', { name: 'Shift closed' }).getByRole('article', { name: 'Shift report' }).waitFor();
    await expect.poll(async () => (await till.printed()).length).toBe(1);
    expect((await till.printed())[0]!.html).toContain('Over by ₱5.00');
    await reportFits58mm(till);
    const { shifts } = await cafe.call('shifts.list', {}, 'cashier');
    expect(shifts[0]).toMatchObject({ operatorName: 'Bea', cashCountedMinor: 2500, differenceMinor: 500 });
    await page.getByRole('button', { name: 'Done · Sign out' }).click();

    // Signing in again opens a new shift; closed elsewhere (an admin, say), My shift says so and offers to open one.
    await till.signIn('cashier');
    await page.keyboard.press('F4');
    await page.getByRole('tab', { name: 'Shifts' }).click();
    const row = page.getByRole('table', { name: 'Shifts' }).getByRole('row').filter({ hasText: 'Over by ₱5.00' });
    expect(await row.locator('.pill').getAttribute('class')).toContain('shift-pill-over');
    await page.getByRole('tab', { name: 'Takings' }).click();
    await page.getByRole('region', { name: 'Totals' }).waitFor();
    const open = (await cafe.call('shifts.current', {}, 'cashier'))!;
    await cafe.call('shifts.close', { shiftId: open.id, cashCountedMinor: 0 }, 'admin');
    await page.getByText('You have no open shift').waitFor();
    await page.getByRole('button', { name: 'Open a shift' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Totals' }).innerText()).toMatch(/Sales \(0\)/);
    expect((await cafe.call('shifts.current', {}, 'cashier'))!.id).toBeGreaterThan(open.id);

    // An admin's top bar (one screen more) still fits: every control on one line, on screen.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await till.signIn('admin');
    for (const name of ['Settings', 'Close shift', 'Sign out']) {
      const b = (await page.getByRole('banner').getByRole('button', { name }).boundingBox())!;
      expect(b.x + b.width, name).toBeLessThanOrEqual(1024);
      expect(b.y + b.height, name).toBeLessThanOrEqual(56);
    }
    await till.shot('shift-topbar-admin-1024');
  }, 60_000);

  it('an admin closes the shift a cashier left open, from Reports → Shifts, and its report prints', async () => {
    const cafe = await startCafe();
    // The cashier sold and went home without closing (cafe.ts signed them in: their shift is open).
    await sellAsCashier(cafe, '1 hour');
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    await till.signIn('admin');
    await page.keyboard.press('F4');
    await page.getByRole('tab', { name: 'Shifts' }).click();
    const row = page.getByRole('table', { name: 'Shifts' }).getByRole('row').filter({ hasText: 'Bea' });
    await row.getByRole('button', { name: 'Close shift' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close shift' });
    await dialog.getByText(/Bea’s shift, opened at/).waitFor();
    await dialog.getByLabel('Cash counted').fill('20');
    await expect.poll(() => dialog.locator('.shift-diff').innerText()).toMatch(/Balanced/);
    await dialog.getByRole('button', { name: 'Close shift and print report' }).click();
    await page.getByRole('dialog', { name: 'Shift closed' }).getByRole('button', { name: 'Done' }).click();
    const { shifts } = await cafe.call('shifts.list', {});
    const bea = shifts.find((s) => s.operatorName === 'Bea')!;
    expect(bea).toMatchObject({ cashCountedMinor: 2000, differenceMinor: 0, closedByName: 'Ana' });
    expect((await till.printed()).at(-1)!.html).toMatch(/Bea/);
    // The admin is still signed in (only closing one's own shift signs out), and the row says who closed it.
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await expect.poll(() => row.innerText()).toMatch(/by Ana/);
  }, 60_000);
});
