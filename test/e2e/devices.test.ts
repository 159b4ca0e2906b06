/**
 * Paired devices and the owner's phone in a real browser. An admin pairs a second browser
 * with a code from Settings → Devices (the code large, its QR code, the addresses with
 * #pair=CODE); that browser, holding no token, is asked for the code and a name, then signs
 * in and sells; revoked in the tab, its very next call is refused 401. An owner (role
 * 'owner') on a 360×800 touch phone, paired through the #pair link, sees today's takings
 * move as a cashier sells, reads History and Sessions, finds nothing to sell, end or change
 * (a sale from its own page is refused 403), and no page scrolls sideways.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openTill, screenshot, signedInTill, useBrowser, type Till } from './browser';
import { payAtSource, startCafe, type Cafe } from './cafe';

const browser = useBrowser();

const OWNER = { name: 'Olive', pin: '2468' };
/** An Android phone's Chrome (a context's isMobile alone keeps the desktop user agent). */
const PHONE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

/** The message under a form field (its error). */
const fieldError = (page: Page, label: string) => page.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) }).locator('.field-message').innerText();

/** A call from inside the page (its origin, its tokens), as a script on that device could make it; resolves the HTTP status. */
function callFromPage(page: Page, method: string, input: unknown, bearer: string, operatorToken?: string): Promise<number> {
  const headers = { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', ...(operatorToken ? { 'X-Operator-Token': operatorToken } : {}) };
  // Runs in the page (DOM types are not in the tests' TypeScript lib, hence a string).
  return page.evaluate(`fetch('./api/${method}', { method: 'POST', headers: ${JSON.stringify(headers)}, body: ${JSON.stringify(JSON.stringify(input))} }).then((r) => r.status)`) as Promise<number>;
}

/** The operator token this browser tab keeps (stores/sign-in). */
const operatorTokenOf = (page: Page) => page.evaluate(`JSON.parse(sessionStorage.getItem('iwas.operator')).token`) as Promise<string>;

/** Whether the page scrolls sideways. */
const scrollsSideways = (page: Page) => page.evaluate('document.scrollingElement.scrollWidth > innerWidth') as Promise<boolean>;

/** Pairs the page (on the pair screen) with `code` and `name`; resolves the device token the core answered. */
async function pair(page: Page, code: string | null, name: string): Promise<string> {
  if (code !== null) await page.getByLabel('Pairing code').fill(code);
  await page.getByLabel('Name for this device').fill(name);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/devices.pair') && r.status() === 200);
  await page.getByRole('button', { name: 'Pair this device' }).click();
  const body = (await (await answer).json()) as { token: string };
  return body.token;
}

/** A phone (360×800, touch) opening `url`: errors the page logs fail the test, as with openTill. */
async function openPhone(b: Browser, url: string): Promise<{ page: Page; allowError(pattern: RegExp): void; shot(name: string, publish?: boolean): Promise<void> }> {
  const context = await b.newContext({ viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true, userAgent: PHONE_UA, locale: 'en-PH', timezoneId: 'Asia/Manila' });
  onTestFinished(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !allowed.some((a) => a.test(m.text()))) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  // A refused call says which one (the browser's own console line has no address).
  allowed.push(/status of 401/);
  page.on('response', (r) => {
    if (r.status() === 401 && !allowed.some((a) => a.test(`401 ${r.url()}`))) errors.push(`401 ${r.request().method()} ${r.url()}`);
  });
  onTestFinished(() => expect(errors, 'errors logged by the phone').toEqual([]));
  await page.goto(url);
  return {
    page,
    allowError: (pattern) => allowed.push(pattern),
    shot: (name, publish = false) => screenshot(page, name, publish),
  };
}

async function openDevicesTab(page: Page): Promise<void> {
  await page.keyboard.press('F9');
  await page.getByRole('tab', { name: 'Devices' }).click();
  await page.getByRole('heading', { name: 'Devices' }).waitFor();
}

/** Sells the first package on the Sell screen with the keypad (₱50 given), as a cashier does. */
async function sellFirstPackage(till: Till): Promise<void> {
  const { page } = till;
  await page.keyboard.press('F1');
  // The packages on screen first: a '1' pressed before they have loaded picks nothing.
  await page.locator('.package-key').first().waitFor();
  await page.keyboard.press('1');
  await page.getByRole('heading', { name: '1 hour' }).waitFor();
  const keypad = page.locator('.keypad');
  await keypad.getByRole('button', { name: '5', exact: true }).click();
  await keypad.getByRole('button', { name: '0', exact: true }).click();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Voucher' }).waitFor();
  await page.getByRole('button', { name: 'Next customer' }).click();
}

describe('paired devices', () => {
  it('an admin pairs a second browser with a code; it signs in and sells with its own token; revoked, its next call is refused at once', async () => {
    const { cafe, till, page } = await signedInTill(browser(), 'admin');
    await openDevicesTab(page);
    await page.getByText('No paired device yet').waitFor();

    // The code, large; the addresses carry it (#pair=CODE); a QR code; how long it is valid.
    await page.getByRole('button', { name: 'Pair a device' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pair a device' });
    const code = (await dialog.getByLabel('Pairing code').innerText()).trim();
    expect(code).toMatch(/^\d{6}$/);
    expect(await dialog.innerText()).toContain(`${cafe.serving.url}#pair=${code}`);
    await expect.poll(() => dialog.getByRole('img', { name: /^QR code for / }).getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await expect.poll(() => dialog.getByRole('timer').innerText()).toMatch(/^Valid for [45]:\d\d, once$/);
    await till.shot('devices-pair', true);

    // A second browser, no token: the pair screen. A wrong code is said beside the field.
    const other = await openTill(browser(), cafe.serving.url);
    // Expected on this page: the refused wrong code and calls after the revoke (401), and its event stream cut by the revoke.
    other.allowError(/status of 401/);
    other.allowError(/ERR_INCOMPLETE_CHUNKED_ENCODING/);
    const p2 = other.page;
    await p2.getByLabel('Pairing code').waitFor();
    expect(await p2.getByRole('button', { name: 'I have an API token' }).count()).toBe(1);
    await p2.getByLabel('Pairing code').fill(code === '000000' ? '111111' : '000000');
    await p2.getByRole('button', { name: 'Pair this device' }).click();
    await expect.poll(() => fieldError(p2, 'Pairing code')).toBe('Wrong code');
    const deviceToken = await pair(p2, code, 'Front till 2');
    expect(deviceToken).not.toBe(cafe.serving.token);

    // Paired: the admin's dialog says so; the list shows it with where it was seen from.
    await expect.poll(() => dialog.getByRole('status').innerText(), { timeout: 6000 }).toBe('Paired: Front till 2. You can close this.');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    const list = page.getByRole('table', { name: 'Paired devices' });
    const row = list.getByRole('row').filter({ hasText: 'Front till 2' });
    await expect.poll(() => row.locator('td').nth(3).innerText()).toMatch(/127\.0\.0\.1/);

    // The paired browser signs in and works: a sale from its Sell screen.
    await other.signIn('cashier');
    await sellFirstPackage(other);
    await expect.poll(async () => (await cafe.call('sales.list', {})).sales.map((s) => [s.packageName, s.operatorName])).toEqual([['1 hour', 'Bea']]);
    expect(await callFromPage(p2, 'setup.status', {}, deviceToken)).toBe(200);

    // Revoked: the row says so, and the device's very next call is refused.
    await row.getByRole('button', { name: 'Revoke Front till 2' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke Front till 2?' });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await callFromPage(p2, 'setup.status', {}, deviceToken)).toBe(401);
    await expect.poll(() => row.innerText()).toContain('Revoked');
    expect(await row.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect((await cafe.call('devices.list', {})).map((d) => [d.name, d.revokedAt !== null])).toEqual([['Front till 2', true]]);
    // Its screen notices too (the event stream, cut, is refused on reconnecting): back to pairing, saying why.
    await p2.getByLabel('Pairing code').waitFor({ timeout: 10_000 });
    expect(await p2.locator('.gate-card').innerText()).toContain('This device is no longer let in');
    await other.shot('devices-revoked');
  }, 60_000);

  it("an owner's phone (360×800) pairs through the #pair link and reads today's takings, History and Sessions; it can change nothing, and nothing scrolls sideways", async () => {
    const cafe: Cafe = await startCafe();
    await cafe.call('operators.create', { name: OWNER.name, role: 'owner', pin: OWNER.pin });
    await cafe.sell('1 hour');

    // The owner's phone opens the link from Settings → Devices: the code is filled in.
    const { code, urls } = await cafe.call('devices.startPairing', {});
    const phone = await openPhone(browser(), urls[0]!);
    phone.allowError(/status of 403/);
    const { page } = phone;
    await page.getByLabel('Pairing code').waitFor();
    expect(await page.getByLabel('Pairing code').inputValue()).toBe(code);
    expect(await page.getByLabel('Name for this device').inputValue()).toBe('Owner’s phone');
    expect(await scrollsSideways(page), 'the pair screen scrolls sideways').toBe(false);
    const deviceToken = await pair(page, null, 'Owner’s phone');

    // Signs in as the owner: the owner's view, not the till.
    await page.getByRole('radio', { name: new RegExp(OWNER.name) }).click();
    await page.locator('#pin').fill(OWNER.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Today' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Screens' }).count(), 'the till’s screens').toBe(0);
    const takings = page.locator('.owner-hero-value');
    await expect.poll(() => takings.innerText()).toBe('₱20.00');
    const stat = (label: string) => page.locator('.owner-stat').filter({ has: page.getByText(label, { exact: true }) }).innerText();
    expect(await stat('Sales')).toMatch(/^Sales\s+1\s+₱20\.00$/);
    expect(await stat('Cash expected in the drawer')).toMatch(/₱20\.00$/);

    // A cashier sells at the counter: the phone's figures follow without a reload.
    await cafe.sell('3 hours, 2 devices');
    await expect.poll(() => takings.innerText()).toBe('₱70.00');
    expect(await stat('Sales')).toMatch(/^Sales\s+2\s+₱70\.00$/);
    expect(await page.getByRole('region', { name: 'By payment' }).innerText()).toMatch(/Cash\s+2 sold\s+₱70\.00/);
    expect(await scrollsSideways(page), 'Today scrolls sideways').toBe(false);

    // The coin slot, over its daily cap, refuses a ₱10 coin it took: the owner's Today shows it apart, first, at once.
    const dataPkg = cafe.packages.get('Data by amount')!.id;
    const { secret } = await cafe.call('paymentSources.create', { key: 'coin-door', name: 'Door', kind: 'coin', packageIds: [dataPkg], defaultPackageId: dataPkg, dailyCapMinor: 500 });
    expect((await payAtSource(cafe, secret, { source: 'coin-door', mac: 'AA:BB:CC:00:00:09', amountMinor: 1000, occurredAt: Date.now() })).status).toBe(422);
    const refused = page.getByRole('region', { name: 'Paid but refused (no sale)' });
    await expect.poll(() => refused.innerText(), { timeout: 10_000 }).toMatch(/refund the customer or sell by hand[\s\S]*Door · Coin slot\s+Refused: 1\s+₱10\.00/);
    await expect.poll(() => takings.innerText()).toBe('₱70.00');
    expect(await scrollsSideways(page), 'Today scrolls sideways').toBe(false);
    await phone.shot('owner-phone', true);

    // History: newest first, who sold it.
    await page.getByRole('tab', { name: 'History' }).click();
    const sales = page.getByRole('list', { name: 'Sales' });
    await expect.poll(() => sales.getByRole('listitem').count()).toBe(2);
    expect(await sales.getByRole('listitem').first().innerText()).toMatch(/3 hours, 2 devices\s+₱50\.00[\s\S]*Bea/);
    expect(await scrollsSideways(page), 'History scrolls sideways').toBe(false);
    await phone.shot('owner-phone-history');

    // Sessions: the two vouchers, waiting for their customers.
    await page.getByRole('tab', { name: /^Sessions/ }).click();
    const live = page.getByRole('list', { name: 'Live sessions' });
    await expect.poll(() => live.getByRole('listitem').count()).toBe(2);
    expect(await live.getByRole('listitem').first().innerText()).toMatch(/Waiting[\s\S]*3 hours, 2 devices/);
    expect(await scrollsSideways(page), 'Sessions scrolls sideways').toBe(false);
    await phone.shot('owner-phone-sessions');

    // Nothing to sell, end, top up, void or set up; every control a thumb's size.
    expect(await page.getByRole('button', { name: /^(Sell|End|Top up|Void|Settings|Close shift)/ }).count()).toBe(0);
    for (const control of await page.getByRole('button').all()) {
      const box = await control.boundingBox();
      if (box) expect(box.height, `${await control.innerText()}: height`).toBeGreaterThanOrEqual(44);
    }

    // The core refuses the owner what the counter does: a sale from the phone's own page is 403; reading is fine.
    const operatorToken = await operatorTokenOf(page);
    expect(await callFromPage(page, 'reports.summary', { from: Date.now() - 3_600_000, to: Date.now() }, deviceToken, operatorToken)).toBe(200);
    expect(await callFromPage(page, 'sales.sell', { packageId: cafe.packages.get('1 hour')!.id, paidMinor: 100_00 }, deviceToken, operatorToken)).toBe(403);
    expect((await cafe.call('sales.list', {})).sales).toHaveLength(2);

    // Signs out: back to the roster.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('radio', { name: new RegExp(OWNER.name) }).waitFor();
  }, 60_000);
});
