/**
 * Signing in at the till: after too many wrong PINs the operator waits, and the till counts
 * the wait down where the error is, with Sign in unavailable until it is over; another
 * operator is not kept waiting.
 */
import { describe, expect, it } from 'vitest';
import { openTill, useBrowser } from './browser';
import { startCafe } from './cafe';

const browser = useBrowser();

describe('signing in', () => {
  it('after too many wrong PINs the wait counts down on screen and Sign in waits with it; another operator signs in at once', async () => {
    const cafe = await startCafe();
    const till = await openTill(browser(), cafe.url);
    const { page } = till;
    till.allowError(/status of 4\d\d/);
    await page.getByRole('radio', { name: /Bea/ }).click();
    const message = page.locator('#pin-error');
    const signIn = page.locator('form.pin-form button[type=submit]');
    // Wrong PINs until the lock: each answered before the next is typed; the fifth starts the countdown.
    let tries = 0;
    for (; tries < 8 && !/Too many/.test(await message.innerText()); tries++) {
      await page.locator('#pin').fill('0000');
      await signIn.click();
      await expect.poll(() => message.innerText()).toMatch(/Wrong|Too many/);
      await expect.poll(() => signIn.getAttribute('aria-busy')).toBe('false');
    }
    expect(tries).toBe(5);
    expect(await message.innerText()).toMatch(/^Too many wrong PINs; try again in \d+ s$/);
    const secondsLeft = async () => Number(/in (\d+) s/.exec(await message.innerText())?.[1]);
    const first = await secondsLeft();
    expect(first).toBeGreaterThan(20);
    expect(await signIn.isDisabled()).toBe(true);
    // It counts down without another try.
    await expect.poll(secondsLeft, { timeout: 4000 }).toBeLessThanOrEqual(first - 2);
    expect(await signIn.isDisabled()).toBe(true);
    // The admin is not locked: choosing her clears the wait, and she signs in.
    await till.signIn('admin');
  }, 30_000);
});
