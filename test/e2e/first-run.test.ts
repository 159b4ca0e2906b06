/**
 * Before the till opens: the token gate (serve mode opened without the link), the café's
 * first admin, and the empty screens of a brand-new café.
 */
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { silentLogger } from '../../src/main/log';
import { startServe } from '../../src/main/serve/run';
import { tempDir } from '../helpers/temp';
import { openTill, useBrowser } from './browser';

const browser = useBrowser();

describe('first run', () => {
  it('asks for the token, then for the first admin, then opens an empty till that says what to do', async () => {
    const serving = await startServe({ dataDir: tempDir(), port: 0, staticDir: inject('uiDir'), log: silentLogger, token: 'the-right-token-1234', radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 }, webhook: { host: '127.0.0.1', port: 0 } });
    onTestFinished(() => serving.stop());
    const till = await openTill(browser(), serving.url);
    const { page } = till;

    // Opened without the #token= link: pairing with a code is offered, or the API token; a wrong token is refused next to the field.
    await page.getByRole('heading', { name: 'IWAS Counter' }).waitFor();
    await page.getByRole('button', { name: 'I have an API token' }).click();
    till.allowError(/status of 401 \(Unauthorized\)/);
    await page.getByLabel('Token').fill('wrong-token');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.locator('.field-error').innerText()).toMatch(/Token\s+That token is not right/);
    await till.shot('40-token');
    await page.getByLabel('Token').fill('the-right-token-1234');
    await page.getByRole('button', { name: 'Connect' }).click();

    // The first admin: PINs that differ, and a PIN that is too short, are shown next to their fields.
    await page.getByRole('heading', { name: 'Welcome to IWAS Counter' }).waitFor();
    await page.getByLabel('Your name').fill('Ana');
    await page.getByLabel('PIN (4–8 digits)').fill('12');
    await page.getByLabel('PIN again').fill('12');
    await page.getByRole('button', { name: 'Create admin and start' }).click();
    await expect.poll(() => page.locator('.field-error').innerText()).toMatch(/PIN \(4–8 digits\)\s+PIN: 4 to 8 digits/);
    await page.getByLabel('PIN (4–8 digits)').fill('2468');
    await page.getByLabel('PIN again').fill('2469');
    await page.getByRole('button', { name: 'Create admin and start' }).click();
    await expect.poll(() => page.locator('.field-error').innerText()).toMatch(/PIN again\s+The PINs are not the same/);
    await till.shot('41-first-admin');
    expect(serving.core.operators.needsAdmin()).toBe(true);
    await page.getByLabel('PIN again').fill('2468');
    await page.getByRole('button', { name: 'Create admin and start' }).click();

    // An empty café: every screen says what is missing instead of showing nothing.
    await page.getByText('No packages to sell yet').waitFor();
    await till.shot('42-empty-sell');
    await page.getByRole('button', { name: 'Add packages in Settings' }).click();
    await page.getByText('No packages yet').waitFor();
    await page.keyboard.press('F2');
    await page.getByText('No live sessions').waitFor();
    await page.keyboard.press('F3');
    await page.getByText('No sales in this period').waitFor();
    await page.keyboard.press('F4');
    await page.getByText('Nothing sold in this shift yet').waitFor();
    await page.keyboard.press('F9');
    await page.getByRole('tab', { name: 'Routers' }).click();
    await page.getByText('No router yet').waitFor();
    await page.getByRole('tab', { name: 'PC sync' }).click();
    await page.getByText('Nothing received yet').waitFor();
    expect(await page.getByRole('contentinfo', { name: 'Status' }).innerText()).toMatch(/No router added/);
  }, 60_000);
});
