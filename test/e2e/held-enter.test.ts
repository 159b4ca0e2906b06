/**
 * One deliberate key press, at most one sale: a cashier who keeps Enter held down (the
 * keyboard repeats it, about 30 times a second) on a row's Top up, on End, or on the Sell
 * screen gets one dialog or one sale, never one per repeat. Playwright's keyboard.down on a
 * key already down sends a keydown with repeat = true, as the keyboard's auto-repeat does.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedInTill, useBrowser } from './browser';
import type { Cafe } from './cafe';

const browser = useBrowser();

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Enter pressed and held: its first keydown, `repeats` auto-repeated ones (ample time between them for a dialog to open, submit and close), then the release. */
async function holdEnter(page: Page, repeats = 12, everyMs = 150): Promise<void> {
  await page.keyboard.down('Enter');
  for (let i = 0; i < repeats; i++) {
    await pause(everyMs);
    await page.keyboard.down('Enter');
  }
  await page.keyboard.up('Enter');
  await pause(300);
}

const salesOf = async (cafe: Cafe, kind: 'sale' | 'topup') => (await cafe.call('sales.list', {})).sales.filter((s) => s.kind === kind).length;
const row = (page: Page, code: string) => page.getByRole('table', { name: 'Live sessions' }).getByRole('row').filter({ hasText: code });
/** The focused control's label and the voucher code of the row it is in. */
const focused = (page: Page) => page.evaluate<[string, string]>("[document.activeElement?.textContent ?? '', document.activeElement?.closest('[role=row]')?.querySelector('.link')?.textContent ?? '']");

describe('Enter held down', () => {
  it('on a row’s Top up: the dialog opens once and tops up once, on a second press; the focus is back on Top up', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier');
    const s = await cafe.sell('1 hour');
    await page.keyboard.press('F2');
    const topUpButton = row(page, s.voucherCode).getByRole('button', { name: 'Top up' });
    await topUpButton.focus();

    await holdEnter(page);
    const dialog = page.getByRole('dialog', { name: `Top up ${s.voucherCode}` });
    expect(await salesOf(cafe, 'topup'), 'top-ups from one held Enter').toBe(0);
    expect(await dialog.count()).toBe(1);

    // In "Received" a deliberate Enter tops up, once, however long it is held; the dialog closes.
    await dialog.getByLabel('Received').focus();
    await holdEnter(page);
    expect(await salesOf(cafe, 'topup'), 'top-ups from the second held Enter').toBe(1);
    expect(await page.getByRole('dialog').count(), 'dialogs open').toBe(0);
    // The row re-rendered with the topped-up session: the focus is back on its Top up all the same.
    expect(await focused(page)).toEqual(['Top up', s.voucherCode]);
  }, 60_000);

  it('on a row’s End: the dialog opens once; held on End session, the session ends once', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier');
    const s = await cafe.sell('1 hour');
    await page.keyboard.press('F2');
    await row(page, s.voucherCode).getByRole('button', { name: 'End' }).focus();

    await holdEnter(page);
    const dialog = page.getByRole('dialog', { name: `End ${s.voucherCode}?` });
    expect(await dialog.count()).toBe(1);
    expect((await cafe.call('sessions.list', {})).sessions.map((x) => x.voucherCode)).toEqual([s.voucherCode]);

    await dialog.getByRole('button', { name: 'End session' }).focus();
    await holdEnter(page);
    const ends = (await cafe.call('audit.list', { entity: 'session' })).entries.filter((e) => e.action === 'session.end');
    expect(ends, 'session.end in the audit log').toHaveLength(1);
    expect(await page.getByRole('dialog').count(), 'dialogs open').toBe(0);
  }, 60_000);

  it('on the Sell screen: one sale, and its slip stays until a second press ("Next customer")', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'cashier');
    await page.locator('.package-key').filter({ hasText: /^1$/ }).waitFor();
    await page.keyboard.press('1');
    await page.getByRole('heading', { name: '1 hour', exact: true }).waitFor();
    await page.keyboard.type('50');

    await holdEnter(page);
    const slip = page.getByRole('dialog', { name: 'Voucher' });
    expect(await salesOf(cafe, 'sale'), 'sales from one held Enter').toBe(1);
    expect(await slip.count(), 'the slip, still open').toBe(1);
    await expect.poll(() => till.printed().then((p) => p.length)).toBe(1);

    await page.keyboard.press('Enter');
    await slip.waitFor({ state: 'detached' });
    await holdEnter(page);
    expect(await salesOf(cafe, 'sale')).toBe(1);
    await page.getByText('Pick a package').waitFor();
  }, 60_000);
});
