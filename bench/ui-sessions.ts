/**
 * The Sessions screen under load, in Debian's Chromium: N live sessions (default 5,000),
 * one update batch per second, for a while. Per batch: ms until the store and React have
 * applied it, and until the frame showing it is painted (DESIGN §10: < 50 ms). Memory:
 * the JS heap after a forced GC before the sessions are loaded, with N, and after the batches (growth
 * would be a leak); DOM size shows the table renders only what is visible.
 *
 *   node --import tsx bench/ui-sessions.ts [--sessions 5000] [--seconds 30] [--out DIR]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { serveStatic } from '../src/main/serve/static';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '5000' }, seconds: { type: 'string', default: '30' }, out: { type: 'string' } } });
const N = Number(values.sessions);
const SECONDS = Number(values.seconds);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

interface Timing {
  parsed: number;
  applied: number;
  painted: number;
  bytes: number;
}
interface Bench {
  live(): number;
  makeBatch(size: number): string;
  deliver(json: string): Promise<Timing>;
  domNodes(): number;
}
declare const __bench: Bench;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => Math.round(x * 10) / 10;
const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

async function main() {
  const ui = mkdtempSync(join(tmpdir(), 'iwas-bench-ui-'));
  process.env.NODE_ENV = 'production';
  await build({ configFile: join(ROOT, 'vite.renderer.config.ts'), mode: 'production', logLevel: 'error', build: { outDir: ui, emptyOutDir: true, sourcemap: false } });
  const server = createServer((req, res) => serveStatic(req, res, ui, new URL(req.url ?? '/', 'http://x').pathname));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const open = async (sessions: number, signIn = true) => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await context.addInitScript({ path: join(HERE, 'ui-sessions.page.js') });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`http://127.0.0.1:${port}/?sessions=${sessions}`);
      if (!signIn) {
        await page.locator('#pin').waitFor();
        await page.waitForTimeout(500);
        return { page, errors, close: () => context.close() };
      }
      await page.locator('#pin').fill('1234');
      await page.keyboard.press('Enter');
      await page.getByRole('navigation', { name: 'Screens' }).waitFor().catch((err: unknown) => {
        throw new Error(`the app did not show its screens after sign-in; page errors: ${errors.join(' | ') || 'none'}`, { cause: err });
      });
      await page.keyboard.press('F2');
      if (sessions > 0) await page.getByRole('table', { name: 'Live sessions' }).getByRole('row').nth(3).waitFor();
      else await page.getByText('No live sessions').waitFor();
      await page.waitForTimeout(1000);
      return { page, errors, close: () => context.close() };
    };

    // The baseline: the stand-in core already holds its N sessions (its copy is not the
    // screen's cost), the app waits at sign-in and has loaded none.
    const empty = await open(N, false);
    const heapEmpty = await heapAfterGc(empty.page);
    await empty.close();

    const loaded = await open(N);
    const { page } = loaded;
    const heapLoaded = await heapAfterGc(page);
    const domNodes = await page.evaluate(() => __bench.domNodes());

    // Two loads: every live session updated each second (the worst case), and what a café
    // really sends (each session reports once per interim interval, 120 s: N/120 a second).
    const scenarios = [
      { name: `all ${N} sessions in every batch`, size: N },
      { name: `${Math.ceil(N / 120)} sessions per batch (interim every 120 s)`, size: Math.ceil(N / 120) },
    ];
    const results = [];
    for (const sc of scenarios) {
      const timings: Timing[] = [];
      for (let i = 0; i < SECONDS; i++) {
        const started = Date.now();
        const json = await page.evaluate((size) => __bench.makeBatch(size), sc.size);
        timings.push(await page.evaluate((j) => __bench.deliver(j), json));
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
      }
      const parsed = timings.map((t) => t.parsed);
      const applied = timings.map((t) => t.applied);
      const painted = timings.map((t) => t.painted);
      results.push({
        scenario: sc.name,
        batchSessions: sc.size,
        batches: timings.length,
        batchKB: Math.round(timings.reduce((a, t) => a + t.bytes, 0) / timings.length / 1000),
        parsedMs: { p50: ms(pct(parsed, 50)), p95: ms(pct(parsed, 95)) },
        appliedMs: { p50: ms(pct(applied, 50)), p95: ms(pct(applied, 95)), max: ms(Math.max(...applied)) },
        paintedMs: { p50: ms(pct(painted, 50)), p95: ms(pct(painted, 95)), max: ms(Math.max(...painted)) },
      });
    }
    const heapAfter = await heapAfterGc(page);
    const live = await page.evaluate(() => __bench.live());
    if (loaded.errors.length) throw new Error(`the page logged errors: ${loaded.errors.join('; ')}`);
    await loaded.close();

    const report = {
      at: new Date().toISOString(),
      chromium: browser.version(),
      sessions: N,
      liveAtEnd: live,
      domNodesWithSessions: domNodes,
      heapMB: { noSessions: mb(heapEmpty), withSessions: mb(heapLoaded), afterBatches: mb(heapAfter), perThousandSessions: mb(((heapLoaded - heapEmpty) / N) * 1000) },
      results,
    };
    const lines = [
      `## Sessions screen: ${N.toLocaleString('en')} live sessions, one batch per second for ${SECONDS} s (target < 50 ms per batch)`,
      '',
      `Chromium ${report.chromium}, 1366×768. DOM elements on the screen with ${N.toLocaleString('en')} sessions: ${domNodes}.`,
      '',
      '| batch | JSON | of which parsing p50 / p95 (ms) | applied p50 / p95 / max (ms) | painted p50 / p95 / max (ms) | met |',
      '|---|---:|---|---|---|---|',
      ...results.map((r) => `| ${r.scenario} | ${r.batchKB} KB | ${r.parsedMs.p50} / ${r.parsedMs.p95} | ${r.appliedMs.p50} / ${r.appliedMs.p95} / ${r.appliedMs.max} | ${r.paintedMs.p50} / ${r.paintedMs.p95} / ${r.paintedMs.max} | ${r.paintedMs.max < 50 ? 'met' : r.paintedMs.p95 < 50 ? 'met at p95' : 'not met'} |`),
      '',
      `| JS heap after GC | MB |`,
      '|---|---:|',
      `| before sign-in (no sessions loaded; the stand-in core's own copy included) | ${report.heapMB.noSessions} |`,
      `| ${N.toLocaleString('en')} sessions loaded | ${report.heapMB.withSessions} |`,
      `| after ${2 * SECONDS} batches (${live.toLocaleString('en')} live) | ${report.heapMB.afterBatches} |`,
      `| the screen's cost per 1,000 sessions | ${report.heapMB.perThousandSessions} |`,
    ];
    const summary = lines.join('\n');
    console.log(summary);
    if (values.out) {
      mkdirSync(values.out, { recursive: true });
      writeFileSync(join(values.out, 'ui-sessions.json'), JSON.stringify(report, null, 2));
      writeFileSync(join(values.out, 'summary.md'), summary + '\n');
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(ui, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
