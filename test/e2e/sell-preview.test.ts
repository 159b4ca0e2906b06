/**
 * The Sell screen's "gives …" under a per-unit amount is computed by the engine's `allot`,
 * the same function the core sells with: what the cashier reads is what the customer gets.
 */
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/shared/format';
import { signedInTill, useBrowser } from './browser';

const browser = useBrowser();

describe('the Sell screen’s preview of a per-unit amount', () => {
  it('says what the core then sells (₱34.10 at ₱5 per 100 MB is 682 MB), and nothing below the minimum', async () => {
    const { cafe, page } = await signedInTill(browser(), 'cashier');
    await page.locator('.package-key').filter({ hasText: /^4$/ }).waitFor();
    await page.keyboard.press('4');
    await page.getByRole('heading', { name: 'Data by amount', exact: true }).waitFor();
    const amount = page.getByLabel(/Amount to sell/);

    await amount.fill('4.99');
    await expect.poll(() => page.getByText(/^gives /).count()).toBe(0);
    await amount.fill('34.10');
    const hint = page.getByText(/^gives /);
    await hint.waitFor();
    const preview = await hint.innerText();

    await page.getByLabel('Received').fill('50');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    const sold = (await cafe.call('sessions.list', { scope: 'live' })).sessions.find((s) => s.packageName === 'Data by amount')!;
    expect(sold.dataLimitBytes).toBe(682_000_000);
    expect(preview).toBe(`gives ${formatBytes(sold.dataLimitBytes!)}`);
  });
});
