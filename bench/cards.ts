/**
 * Voucher card batches (issue 14), two measurements, each beside a reference from the same run:
 *
 *   core  `batches.create` of 2,000 first-use cards (one transaction: 2,000 codes drawn and
 *         checked against every live code, 2,000 sessions in STOCK, the audit row) against
 *         2,000 single counter sales (`sales.sell`, one transaction and one WAL flush each):
 *         what a card costs next to what a sale costs. Real core, real SQLite file in a temp
 *         directory (each answered once its WAL flush returns), a few hundred sessions sold beforehand; called
 *         in-process through the API dispatcher (permission, schema, service, SQL), as the
 *         HTTP and IPC adapters do. One core for every run; the order of the two alternates
 *         per run, so the database growing (4,000 sessions a run) weighs on both alike.
 *   ui    The A4 print preview of a 2,000-card batch in Debian's Chromium, driving the real
 *         UI against serve mode (the HTTP API and event stream of a real core): sign in, F8,
 *         "Print again" on the batch; from the click until every card is in #print-root (63
 *         A4 pages, QR codes included) and the preview painted (test/e2e/cards.ts). Reference:
 *         the same for a 40-card batch, in the same runs (alternating, each on a fresh page:
 *         QR codes are cached per page). Also the same 2,000 opened again on that page (QR
 *         codes cached: the rendering alone).
 *
 *   node --import tsx bench/cards.ts [--runs 5] [--cards 2000] [--sales 2000] [--existing 300]
 *                                    [--ui-runs 5] [--no-ui] [--out DIR]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import type { MethodInput, MethodName, MethodOutput } from '../src/shared/contract';
import { silentLogger } from '../src/main/log';
import { startServe, type Serving } from '../src/main/serve/run';
import { openBatchPrint, printedCards } from '../test/e2e/cards';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.RUNS ?? '5' },
    cards: { type: 'string', default: '2000' },
    sales: { type: 'string', default: '2000' },
    existing: { type: 'string', default: '300' },
    reference: { type: 'string', default: '40' },
    'ui-runs': { type: 'string', default: process.env.UI_RUNS ?? '5' },
    'no-ui': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const CARDS = Number(values.cards);
const SALES = Number(values.sales);
const EXISTING = Number(values.existing);
const REFERENCE_CARDS = Number(values.reference);
const UI_RUNS = Number(values['ui-runs']);
const ROOT = join(import.meta.dirname, '..');
const ADMIN = { name: 'Ana', pin: '1234' };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

interface Till {
  serving: Serving;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  packageId: number;
  dataDir: string;
  close(): Promise<void>;
}

/** A serve-mode core on a fresh data directory, the admin signed in, a package, `existing` sessions sold. */
async function startTill(staticDir: string | null, existing: number): Promise<Till> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iwas-bench-cards-'));
  const serving = await startServe({ dataDir, port: 0, staticDir, log: silentLogger, firstAdmin: ADMIN, backups: false });
  const { token } = (await serving.core.api.call('operators.signIn', { operatorId: 1, pin: ADMIN.pin }, null)) as { token: string };
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>) => (await serving.core.api.call(method, input, token)) as MethodOutput<M>;
  const pkg = await call('packages.create', { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600, dataLimitBytes: 500_000_000 });
  // The QR code of the login link on every card, as a café that set its login page prints them.
  await call('settings.update', { hotspot: { loginUrl: 'http://10.5.50.1/login' } });
  for (let i = 0; i < existing; i++) await call('sales.sell', { packageId: pkg.id, paidMinor: 2000 });
  return {
    serving,
    call,
    packageId: pkg.id,
    dataDir,
    async close() {
      await serving.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface CoreRun {
  batchMs: number;
  salesMs: number;
  /** Per card over per sale, this run. */
  ratio: number;
}

async function measureCore(): Promise<{ runs: CoreRun[]; sessionsBefore: number; sessionsAfter: number }> {
  const till = await startTill(null, EXISTING);
  try {
    const sessions = () => (till.serving.core.store.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    // Warm-up, not measured: the statements prepared, the JIT at work.
    await till.call('batches.create', { packageId: till.packageId, count: 100 });
    for (let i = 0; i < 50; i++) await till.call('sales.sell', { packageId: till.packageId, paidMinor: 2000 });
    const sessionsBefore = sessions();

    const batch = async () => {
      const t0 = performance.now();
      const b = await till.call('batches.create', { packageId: till.packageId, count: CARDS });
      const ms = performance.now() - t0;
      if (b.cards.length !== CARDS) throw new Error(`cards: the batch has ${b.cards.length} cards`);
      return ms;
    };
    const sales = async () => {
      const t0 = performance.now();
      for (let i = 0; i < SALES; i++) await till.call('sales.sell', { packageId: till.packageId, paidMinor: 2000 });
      return performance.now() - t0;
    };
    const runs: CoreRun[] = [];
    for (let r = 0; r < RUNS; r++) {
      let batchMs = 0;
      let salesMs = 0;
      if (r % 2 === 0) {
        batchMs = await batch();
        salesMs = await sales();
      } else {
        salesMs = await sales();
        batchMs = await batch();
      }
      const run = { batchMs, salesMs, ratio: batchMs / CARDS / (salesMs / SALES) };
      runs.push(run);
      console.log(`core run ${r + 1}/${RUNS}: batch of ${CARDS} cards ${r1(batchMs)} ms (${r1((batchMs / CARDS) * 1000)} µs a card); ${SALES} sales ${r1(salesMs)} ms (${r1((salesMs / SALES) * 1000)} µs a sale); a card costs ${r4(run.ratio)} of a sale`);
    }
    return { runs, sessionsBefore, sessionsAfter: sessions() };
  } finally {
    await till.close();
  }
}

interface UiRun {
  big: number;
  small: number;
  /** The big batch opened again on the same page (its QR codes cached). */
  bigAgain: number;
}

async function buildUi(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'iwas-bench-cards-ui-'));
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production'; // React's production build, as the app ships
  try {
    await build({ configFile: join(ROOT, 'vite.renderer.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  } finally {
    process.env.NODE_ENV = env;
  }
  return outDir;
}

async function measureUi(): Promise<{ runs: UiRun[]; chromium: string; pages: number }> {
  const ui = await buildUi();
  const till = await startTill(ui, EXISTING);
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const big = await till.call('batches.create', { packageId: till.packageId, count: CARDS, label: 'Bench sheet' });
    const small = await till.call('batches.create', { packageId: till.packageId, count: REFERENCE_CARDS, label: 'Bench reference' });
    const url = `${till.serving.url}#token=${till.serving.token}`;
    let pages = 0;

    /** A fresh page, signed in, on the Batches screen; then opens the print preview of `batchId` and times it. */
    const open = async (batchId: number, cards: number, again: boolean): Promise<{ first: number; again: number | null }> => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-PH', timezoneId: 'Asia/Manila' });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(url);
        await page.getByRole('radio', { name: new RegExp(ADMIN.name) }).click();
        await page.locator('#pin').fill(ADMIN.pin);
        await page.keyboard.press('Enter');
        await page.getByRole('navigation', { name: 'Screens' }).waitFor();
        await page.keyboard.press('F8');
        await page.locator(`tr[data-batch="${batchId}"]`).waitFor();
        await page.waitForTimeout(300); // the screen settled (its first loads done)
        const first = await openBatchPrint(page, batchId, cards);
        if (cards === CARDS) {
          const sheet = await printedCards(page);
          if (new Set(sheet.codes).size !== CARDS || sheet.cardsPerPage.slice(0, -1).some((n) => n !== 32)) throw new Error(`cards: the sheet is not ${CARDS} cards on full pages: ${JSON.stringify(sheet.cardsPerPage)}`);
          pages = sheet.pages;
        }
        let second: number | null = null;
        if (again) {
          const dialog = page.getByRole('dialog', { name: `Print batch #${batchId}` });
          await page.keyboard.press('Enter'); // "Done"
          await dialog.waitFor({ state: 'detached' });
          await page.waitForTimeout(300);
          second = await openBatchPrint(page, batchId, cards);
        }
        if (errors.length) throw new Error(`cards: the page logged errors: ${errors.join('; ')}`);
        return { first, again: second };
      } finally {
        await context.close();
      }
    };

    // One unmeasured round (Chromium's caches, the server's statements).
    await open(small.id, REFERENCE_CARDS, false);
    await open(big.id, CARDS, false);
    const runs: UiRun[] = [];
    for (let r = 0; r < UI_RUNS; r++) {
      let bigRun: { first: number; again: number | null };
      let smallRun: { first: number };
      if (r % 2 === 0) {
        bigRun = await open(big.id, CARDS, true);
        smallRun = await open(small.id, REFERENCE_CARDS, false);
      } else {
        smallRun = await open(small.id, REFERENCE_CARDS, false);
        bigRun = await open(big.id, CARDS, true);
      }
      const run = { big: bigRun.first, small: smallRun.first, bigAgain: bigRun.again! };
      runs.push(run);
      console.log(`ui run ${r + 1}/${UI_RUNS}: ${CARDS} cards ${run.big} ms (again on the same page ${run.bigAgain} ms); ${REFERENCE_CARDS} cards ${run.small} ms; ratio ${r2(run.big / run.small)}`);
    }
    return { runs, chromium: browser.version(), pages };
  } finally {
    await browser.close();
    await till.close();
    rmSync(ui, { recursive: true, force: true });
  }
}

async function main() {
  const core = await measureCore();
  const ui = values['no-ui'] ? null : await measureUi();

  const batchMs = median(core.runs.map((r) => r.batchMs));
  const salesMs = median(core.runs.map((r) => r.salesMs));
  const ratio = median(core.runs.map((r) => r.ratio));
  const kv = [
    `case=batch cards=${CARDS} runs=${RUNS} median_ms=${r1(batchMs)} min_ms=${r1(Math.min(...core.runs.map((r) => r.batchMs)))} max_ms=${r1(Math.max(...core.runs.map((r) => r.batchMs)))} per_card_us=${r1((batchMs / CARDS) * 1000)}`,
    `case=sales sales=${SALES} runs=${RUNS} median_ms=${r1(salesMs)} min_ms=${r1(Math.min(...core.runs.map((r) => r.salesMs)))} max_ms=${r1(Math.max(...core.runs.map((r) => r.salesMs)))} per_sale_us=${r1((salesMs / SALES) * 1000)}`,
    `case=core_ratio median=${r4(ratio)} runs=${core.runs.map((r) => r4(r.ratio)).join(',')}`,
  ];
  const lines = [
    `## Voucher card batches: generating ${CARDS.toLocaleString('en')} cards, and their A4 sheet in Chromium`,
    '',
    `Core: one serve-mode core on a real SQLite file (each call answered after its WAL flush), ${EXISTING} sessions sold beforehand, one unmeasured warm-up; ${RUNS} runs, each a batch of ${CARDS.toLocaleString('en')} first-use cards and ${SALES.toLocaleString('en')} counter sales one after another (order alternating), on the same core (${core.sessionsBefore.toLocaleString('en')} sessions at the first run, ${core.sessionsAfter.toLocaleString('en')} after the last).`,
    '',
    '| run | batch of cards (ms) | µs a card | counter sales (ms) | µs a sale | a card / a sale |',
    '|---:|---:|---:|---:|---:|---:|',
    ...core.runs.map((r, i) => `| ${i + 1} | ${r1(r.batchMs)} | ${r1((r.batchMs / CARDS) * 1000)} | ${r1(r.salesMs)} | ${r1((r.salesMs / SALES) * 1000)} | ${r4(r.ratio)} |`),
    `| **median** | **${r1(batchMs)}** | **${r1((batchMs / CARDS) * 1000)}** | **${r1(salesMs)}** | **${r1((salesMs / SALES) * 1000)}** | **${r4(ratio)}** (a sale costs ${Math.round(1 / ratio)} cards) |`,
  ];
  if (ui) {
    const big = median(ui.runs.map((r) => r.big));
    const small = median(ui.runs.map((r) => r.small));
    const again = median(ui.runs.map((r) => r.bigAgain));
    const uiRatio = median(ui.runs.map((r) => r.big / r.small));
    kv.push(
      `case=sheet cards=${CARDS} pages=${ui.pages} runs=${UI_RUNS} median_ms=${big} min_ms=${Math.min(...ui.runs.map((r) => r.big))} max_ms=${Math.max(...ui.runs.map((r) => r.big))} again_median_ms=${again}`,
      `case=sheet_reference cards=${REFERENCE_CARDS} runs=${UI_RUNS} median_ms=${small} min_ms=${Math.min(...ui.runs.map((r) => r.small))} max_ms=${Math.max(...ui.runs.map((r) => r.small))}`,
      `case=sheet_ratio median=${r2(uiRatio)} runs=${ui.runs.map((r) => r2(r.big / r.small)).join(',')}`,
    );
    lines.push(
      '',
      `A4 print preview, Chromium ${ui.chromium}, 1366×768, serve mode (real core over HTTP): from the click on "Print again" until every card is in the printout (#print-root: ${ui.pages} A4 pages of 32 cards, QR codes included) and the preview painted. Each run on a fresh page, the two batches alternating; "again": the ${CARDS.toLocaleString('en')} cards opened a second time on the same page (QR codes already made).`,
      '',
      `| run | ${CARDS.toLocaleString('en')} cards (ms) | again, same page (ms) | ${REFERENCE_CARDS} cards (ms) | ${CARDS.toLocaleString('en')} / ${REFERENCE_CARDS} |`,
      '|---:|---:|---:|---:|---:|',
      ...ui.runs.map((r, i) => `| ${i + 1} | ${r.big} | ${r.bigAgain} | ${r.small} | ${r2(r.big / r.small)} |`),
      `| **median** | **${big}** | **${again}** | **${small}** | **${r2(uiRatio)}** |`,
    );
  }
  const summary = lines.join('\n');
  console.log(`\n${kv.join('\n')}\n\n${summary}`);
  if (values.out) {
    mkdirSync(values.out, { recursive: true });
    writeFileSync(join(values.out, 'cards.txt'), kv.join('\n') + '\n');
    writeFileSync(join(values.out, 'cards.json'), JSON.stringify({ at: new Date().toISOString(), cards: CARDS, sales: SALES, existing: EXISTING, core, ui }, null, 2));
    writeFileSync(join(values.out, 'summary.md'), summary + '\n');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
