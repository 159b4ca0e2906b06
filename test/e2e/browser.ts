/**
 * Debian's Chromium driven by playwright-core: one browser per test file, a fresh page
 * (1366×768, the front-desk screen) per test. Anything the page logs as an error fails
 * the test. Screenshots go to test-results/screenshots; with $SCREENSHOTS_DIR set
 * (`npm run screenshots`), the ones marked for the README are also written there. A test
 * that fails leaves what its page showed: test-results/failures/<test>.png, and in the test
 * output the focused element, any open dialog, the field messages and the page's last
 * requests (a failure seen once in CI can then be read, not guessed).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFinished } from 'vitest';
import { ADMIN, CASHIER, startCafe, type Cafe } from './cafe';

const SHOTS = join(__dirname, '../../test-results/screenshots');
const PUBLISH = process.env.SCREENSHOTS_DIR;

/** Starts Chromium for this file's tests. */
export function useBrowser(): () => Browser {
  let browser: Browser | null = null;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

export interface Printed {
  widthMm: number;
  html: string;
}

export interface Till {
  page: Page;
  /** Errors the page logged (console.error, uncaught exceptions). */
  errors: string[];
  /** Marks an error the test provokes on purpose (e.g. the browser's note about a 401) as expected. */
  allowError(pattern: RegExp): void;
  signIn(who: 'admin' | 'cashier'): Promise<void>;
  /** A screenshot of the whole window (notices hidden); `publish`: one for the README. */
  shot(name: string, publish?: boolean): Promise<void>;
  /** What went to the printer so far. */
  printed(): Promise<Printed[]>;
}

/** The counter's screens: the usual front-desk monitor, and a 1024×768 touch screen. */
export const SCREENS = {
  desk: { viewport: { width: 1366, height: 768 }, hasTouch: false },
  touch: { viewport: { width: 1024, height: 768 }, hasTouch: true },
} as const;
export type ScreenKind = keyof typeof SCREENS;

/** Opens the till in a new page (on the front-desk screen unless told otherwise); the desktop app's printing bridge is stood in for, recording what was printed. */
export async function openTill(browser: Browser, url: string, screen: ScreenKind = 'desk', locale = 'en-PH'): Promise<Till> {
  const context = await browser.newContext({ ...SCREENS[screen], acceptDownloads: true, locale, timezoneId: 'Asia/Manila' });
  // A step that hangs fails on its own, naming what it waited for, well before the test's 60 s
  // (Playwright's default of 30 s let two such steps end as a bare vitest timeout).
  context.setDefaultTimeout(20_000);
  // A failed test's page is read before it is closed.
  let failed = async (_test: string) => {};
  onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') await failed(task.name);
    await context.close();
  });
  // Runs in the page (DOM types are not in the tests' TypeScript lib, hence a string).
  // The desktop app's printing bridge (preload: window.iwasDesktop), recording what was printed.
  await context.addInitScript({
    content: `window.printed = [];
      window.iwasDesktop = {
        print: async (o) => { window.printed.push({ widthMm: o.widthMm, html: document.getElementById('print-root')?.innerHTML ?? '' }); return { ok: true, value: { printed: true } }; },
        printers: async () => ({ ok: true, value: [{ name: 'XP-58', displayName: 'Xprinter XP-58 (USB)' }, { name: 'HP', displayName: 'HP LaserJet' }] }),
        info: async () => ({ ok: true, value: { version: '0.1.0', dataDir: '/home/cafe/.config/IWAS Counter/data', logsDir: '/home/cafe/.config/IWAS Counter/logs' } }),
      };`,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !allowed.some((a) => a.test(m.text()))) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  onTestFinished(() => expect(errors, 'errors logged by the page').toEqual([]));
  const requests: string[] = [];
  page.on('requestfinished', (r) => {
    r.response().then((res) => requests.push(`${r.method()} ${new URL(r.url()).pathname} → ${res?.status() ?? '-'}`), () => {});
  });
  page.on('requestfailed', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname} → failed: ${r.failure()?.errorText ?? ''}`));
  failed = (test) => reportFailure(page, test, requests);
  await page.goto(url);
  return {
    page,
    errors,
    allowError: (pattern) => allowed.push(pattern),
    async signIn(who) {
      const op = who === 'admin' ? ADMIN : CASHIER;
      await page.getByRole('radio', { name: new RegExp(op.name) }).click();
      await page.locator('#pin').fill(op.pin);
      await page.keyboard.press('Enter');
      await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    },
    printed: () => page.evaluate('window.printed') as Promise<Printed[]>,
    shot: (name, publish = false) => screenshot(page, name, publish),
  };
}

/** What a failed test's page showed: a screenshot in test-results/failures/, and in the output the focused element, any dialog, the field messages and the last requests. */
async function reportFailure(page: Page, test: string, requests: readonly string[]): Promise<void> {
  const name = test.replace(/[^\w-]+/g, '-').slice(0, 80);
  const dir = join(__dirname, '../../test-results/failures');
  mkdirSync(dir, { recursive: true });
  let timer: NodeJS.Timeout | undefined;
  const shown = await Promise.race([
    (async () => {
      await page.screenshot({ path: join(dir, `${name}.png`), timeout: 5000 });
      return page.evaluate(`JSON.stringify({
        focused: document.activeElement ? document.activeElement.outerHTML.slice(0, 160) : null,
        dialog: document.querySelector('[role=dialog]')?.getAttribute('aria-label') ?? null,
        fieldMessages: [...document.querySelectorAll('.field-message, .form-error')].map((e) => e.textContent),
        heading: [...document.querySelectorAll('h1, h2')].map((e) => e.textContent).slice(0, 5),
      })`);
    })(),
    new Promise((resolve) => (timer = setTimeout(() => resolve('(the page did not answer within 5 s)'), 5000))),
  ])
    .catch((err: unknown) => `(could not read the page: ${String(err)})`)
    .finally(() => clearTimeout(timer));
  console.error(`[browser] ${test} failed; the page: ${String(shown)}; last requests: ${requests.slice(-8).join(' | ') || 'none'}; screenshot test-results/failures/${name}.png`);
}

/** A screenshot of the whole window (notices hidden); `publish`: also one for the README ($SCREENSHOTS_DIR). */
export async function screenshot(page: Page, name: string, publish = false): Promise<void> {
  // Notices come and go with time: hidden for the picture, so each screenshot is the same.
  const hide = await page.addStyleTag({ content: '.toasts { visibility: hidden; }' });
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  if (publish && PUBLISH) {
    mkdirSync(PUBLISH, { recursive: true });
    await page.screenshot({ path: join(PUBLISH, `${name.replace(/^\d+-/, '')}.png`) });
  }
  await hide.evaluate((style: { remove(): void }) => style.remove());
}

/** A café (startCafe) with its till open on `screen` and `who` signed in: most browser tests start here. */
export async function signedInTill(browser: Browser, who: 'admin' | 'cashier', screen: ScreenKind = 'desk'): Promise<{ cafe: Cafe; till: Till; page: Page }> {
  const cafe = await startCafe();
  const till = await openTill(browser, cafe.url, screen);
  await till.signIn(who);
  return { cafe, till, page: till.page };
}

/** Where a control is: fully inside the window, and whether a tap at its centre reaches it (not covered, not scrolled away); else what the tap hits. */
export async function placement(page: Page, control: Locator): Promise<{ inside: boolean; reached: true | string }> {
  const box = await control.boundingBox();
  const view = page.viewportSize()!;
  if (!box) return { inside: false, reached: 'nothing: not shown' };
  const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= view.width && box.y + box.height <= view.height;
  // The control a tap at its centre would land on (the innermost element there, or the control holding it).
  const at = `document.elementFromPoint(${box.x + box.width / 2}, ${box.y + box.height / 2})`;
  const hit = (await page.evaluate(`${at}?.closest('button, input, select, a')?.outerHTML ?? ${at}?.outerHTML.slice(0, 120) ?? 'nothing'`)) as string;
  return { inside, reached: hit === (await control.evaluate((el) => el.outerHTML)) || hit };
}

/** The Sell buttons, Other package, payment and e-wallet chips and quick-note keys whose text does not fit inside them, padding kept: what is cut and by how much (px). */
export const cutLabels = (page: Page) =>
  page.evaluate<string[]>(`[...document.querySelectorAll('.sale-actions .btn, .sale-head .btn, .methods-counter .chip, .wallets .chip, .key-quick')].flatMap((el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    const over = Math.max(el.scrollWidth - el.clientWidth, box.left + parseFloat(style.paddingLeft) - text.left, text.right - (box.right - parseFloat(style.paddingRight)));
    return over > 0.5 ? [el.textContent + ': ' + Math.round(over)] : [];
  })`);
