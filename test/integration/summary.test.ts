/**
 * The owner's daily summary over a real core and SQLite file: written at closing time once
 * (not again after a restart, made up at the next start when the PC was off), its figures,
 * its file modes, and Telegram through a stand-in Bot API on 127.0.0.1 (retries, a refusal
 * that is not retried, 429's retry_after, a send pending across a restart); the bot token
 * sealed at rest and never in settings.get or the logs.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCore, type Core } from '../../src/main/core';
import { createLogger, formatLine, type LogLine } from '../../src/main/log';
import { keyringBox } from '../../src/main/security/secret-box';
import { formatMoney } from '../../src/shared/format';
import { hourPackage, startCore, testClock, type TestClock, type TestCore } from '../helpers/core';
import { caught } from '../helpers/caught';
import { keyring } from '../helpers/keyring';
import { tempDir } from '../helpers/temp';

const TOKEN = '123456789:AAE-test_token_abcdefghijklmnopqrstu';
/** Local times (this PC's zone, as the summary reads them) on 21 November 2026. */
const at = (h: number, m = 0, day = 21) => new Date(2026, 10, day, h, m).getTime();
const php = (minor: number) => formatMoney(minor, { currency: 'PHP', locale: 'en-PH' });
const summaryOn = { enabled: true, closingTime: '22:00', folder: '', telegram: { enabled: false, chatId: '' } };

interface BotRequest {
  url: string;
  body: { chat_id: string; text: string };
}

/** A stand-in for Telegram's Bot API: records each request and answers with the next queued reply (then 200 ok); status 0: never answers. */
async function fakeBotApi() {
  const requests: BotRequest[] = [];
  const replies: { status: number; body: unknown }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body: JSON.parse(raw) as BotRequest['body'] });
      const reply = replies.shift() ?? { status: 200, body: { ok: true, result: { message_id: requests.length } } };
      if (reply.status === 0) return;
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, replies };
}

/**
 * A core whose clock is at `hour` on 21 November, local time, with the admin signed in then
 * (the test clock starts at 08:00 UTC: in a far-off time zone the first token would be idle for over 12 h).
 */
async function startDay(hour: number, extra: Parameters<typeof startCore>[0] = {}): Promise<TestCore> {
  const t = await startCore(extra);
  t.clock.set(at(hour));
  const { token } = await t.core.operators.signIn(1, '1234');
  return { ...t, adminToken: token, call: (method, input, as = token) => t.call(method, input, as) };
}

/** Runs the summary task and waits for its Telegram send (the task awaits it; the API call does not). */
const tick = (core: Core) => core.scheduler.runNow('summary');

/** A core with summaries on, Telegram through the stand-in, a token set; the clock at 12:00 local. */
async function withTelegram(bot: { base: string }, extra: Parameters<typeof startCore>[0] = {}) {
  const t = await startDay(12, { telegramApiBase: bot.base, ...extra });
  await t.call('settings.update', { summary: { ...summaryOn, telegram: { enabled: true, chatId: '-1001234567890' } } });
  await t.call('summary.setTelegramToken', { token: TOKEN });
  await tick(t.core); // the minute's check sees summaries on from now
  return t;
}


describe('the daily summary', () => {
  it('is written at closing time once, with the day’s figures, 0600 in a 0700 folder; not again after a restart', async () => {
    const t = await startDay(11);
    await t.call('settings.update', { summary: summaryOn, cafe: { name: 'Net Zone', receiptHeader: '', receiptFooter: '', receiptWidthMm: 58 } });
    const hour = await t.call('packages.create', hourPackage);
    const cheap = await t.call('packages.create', { ...hourPackage, name: '30 minutes', priceMinor: 1000, timeLimitS: 1800 });
    t.clock.set(at(12));
    const first = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 5000 });
    await t.call('sales.sell', { packageId: cheap.id, paidMinor: 1000, paymentMethod: 'e-wallet', wallet: 'GCash', paymentRef: 'GC-1001' });
    await t.call('sessions.topUp', { sessionId: first.session.id, packageId: cheap.id, paidMinor: 1000 });
    const voided = await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    await t.call('sales.void', { saleId: voided.sale.id, reason: 'Wrong package' });
    // After closing time: in the next day's summary (from this closing to the next), never lost.
    t.clock.set(at(22, 30));
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });

    t.clock.set(at(21, 59));
    await tick(t.core);
    const file = join(t.dir, 'summaries', 'summary-2026-11-21.txt');
    expect(existsSync(file)).toBe(false);
    expect((await t.call('summary.status', {})).nextDueAt).toBe(at(22));

    t.clock.set(at(22, 0));
    await tick(t.core);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('Net Zone: daily summary');
    expect(text).toMatch(/\(Nov 20 22:00 – Nov 21 22:00\)|\(20 Nov 22:00 – 21 Nov 22:00\)/);
    // 3 sales (20 + 20 + 10) + a top-up (10) + 1 sale voided (20 − 20) = 60.
    expect(text).toContain(`Net takings: ${php(6000)}`);
    expect(text).toContain(`Sales: 4 · ${php(7000)}`);
    expect(text).toContain(`Top-ups: 1 · ${php(1000)}`);
    expect(text).toContain(`Voids: 1 · ${php(-2000)}`);
    expect(text).toContain(`Cash expected: ${php(5000)}`);
    expect(text).toMatch(new RegExp(`E-wallet: 1 · ${escape(php(1000))}\\n    GCash: 1 · ${escape(php(1000))}`));
    expect(text).toContain(`Top packages:\n  1 hour: 3 · ${php(4000)}\n  30 minutes: 2 · ${php(2000)}`);
    expect(text).toContain('Live sessions at 22:00: 4');
    expect(text).toContain(`Cash: 4 · ${php(5000)}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(t.dir, 'summaries')).mode & 0o777).toBe(0o700);
    const status = await t.call('summary.status', {});
    expect(status).toMatchObject({ enabled: true, lastDay: '2026-11-21', lastWrittenAt: at(22), lastFile: file, lastError: null, sendsPending: 0, telegramTokenSet: false, nextDueAt: at(22, 0, 22) });

    // Later the same evening, and after a restart: the day is done.
    t.clock.set(at(23));
    await tick(t.core);
    expect(readFileSync(file, 'utf8')).toBe(text);
    await t.core.close();
    const clock = testClock(at(23, 30));
    const again = await createCore({ dataDir: t.dir, clock });
    onTestFinished(() => again.close());
    await tick(again);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const token = (await again.operators.signIn(1, '1234')).token;
    expect(await again.api.call('summary.status', {}, token)).toMatchObject({ lastDay: '2026-11-21', lastWrittenAt: at(22) });
  });

  it('each sale is in exactly one summary: one after closing time is in the next day’s; a closing time of 00:00 is midnight', async () => {
    const t = await startDay(11);
    await t.call('settings.update', { summary: summaryOn });
    await tick(t.core);
    const hour = await t.call('packages.create', hourPackage);
    t.clock.set(at(12));
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    t.clock.set(at(22));
    await tick(t.core);
    t.clock.set(at(22, 30));
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    t.clock.set(at(9, 0, 22));
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    t.clock.set(at(22, 0, 22));
    await tick(t.core);
    const dir = join(t.dir, 'summaries');
    expect(readFileSync(join(dir, 'summary-2026-11-21.txt'), 'utf8')).toContain(`Net takings: ${php(2000)}`);
    expect(readFileSync(join(dir, 'summary-2026-11-22.txt'), 'utf8')).toContain(`Net takings: ${php(4000)}`);

    // Closing at midnight: the day's summary is made just after it, for the whole day that ended.
    t.clock.set(at(12, 0, 23));
    const again = (await t.core.operators.signIn(1, '1234')).token;
    await t.call('settings.update', { summary: { ...summaryOn, closingTime: '00:00' } }, again);
    await tick(t.core);
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 }, again);
    t.clock.set(at(0, 1, 24));
    await tick(t.core);
    const text = readFileSync(join(dir, 'summary-2026-11-23.txt'), 'utf8');
    expect(text).toMatch(/22:00 – .*24.* 00:00\)/);
    expect(text).toContain(`Net takings: ${php(2000)}`);
  });

  it('a clock that ran ahead once does not stop the summaries after it is put right', async () => {
    const t = await startDay(11);
    await t.call('settings.update', { summary: summaryOn });
    await tick(t.core);
    t.clock.set(new Date(2027, 10, 21, 22, 5).getTime());
    await tick(t.core);
    expect(existsSync(join(t.dir, 'summaries', 'summary-2027-11-21.txt'))).toBe(true);
    t.clock.set(at(22, 5));
    await tick(t.core);
    await tick(t.core);
    expect(existsSync(join(t.dir, 'summaries', 'summary-2026-11-21.txt'))).toBe(true);
    expect((await t.call('summary.status', {})).lastDay).toBe('2026-11-21');
  });

  it('a PC that was off at closing time makes that day’s summary at the next start, once', async () => {
    const t = await startDay(10);
    await t.call('settings.update', { summary: summaryOn });
    const hour = await t.call('packages.create', hourPackage);
    await t.call('sales.sell', { packageId: hour.id, paidMinor: 2000 });
    await tick(t.core);
    await t.core.close();

    const clock: TestClock = testClock(at(8, 0, 22));
    const next = await createCore({ dataDir: t.dir, clock });
    onTestFinished(() => next.close());
    await tick(next);
    const text = readFileSync(join(t.dir, 'summaries', 'summary-2026-11-21.txt'), 'utf8');
    expect(text).toContain(`Net takings: ${php(2000)}`);
    expect(text).toMatch(/22:00 – .*21.* 22:00\)/);
    expect(existsSync(join(t.dir, 'summaries', 'summary-2026-11-22.txt'))).toBe(false);
  });

  it('Send now writes today’s so far; a folder that cannot be written is an error, not a crash', async () => {
    const t = await startDay(15);
    t.clock.set(at(15, 7));
    const folder = join(tempDir(), 'owner');
    await t.call('settings.update', { summary: { ...summaryOn, folder } });
    const status = await t.call('summary.sendNow', {});
    expect(status).toMatchObject({ lastFile: join(folder, 'summary-2026-11-21.txt'), lastDay: null, dir: folder });
    expect(readFileSync(join(folder, 'summary-2026-11-21.txt'), 'utf8')).toMatch(/22:00 – .*21.* 15:07\)/);

    await t.call('settings.update', { summary: { ...summaryOn, folder: join(t.core.dbFile, 'not-a-folder') } });
    expect(await caught(t.call('summary.sendNow', {}))).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^summary: cannot write/) });
    expect((await t.call('summary.status', {})).lastError).toMatch(/^summary: cannot write/);
  });

  it('sends the summary to the Telegram chat through the Bot API', async () => {
    const bot = await fakeBotApi();
    const t = await withTelegram(bot);
    t.clock.set(at(22, 1));
    await tick(t.core);
    expect(bot.requests).toEqual([{ url: `/bot${TOKEN}/sendMessage`, body: { chat_id: '-1001234567890', text: readFileSync(join(t.dir, 'summaries', 'summary-2026-11-21.txt'), 'utf8') } }]);
    expect(await t.call('summary.status', {})).toMatchObject({ lastSentAt: at(22, 1), sendsPending: 0, lastError: null, telegramTokenSet: true });

    // Send now returns at once; the message follows in the background.
    await t.call('summary.sendNow', {});
    await expect.poll(() => bot.requests.length).toBe(2);
  });

  it('retries a failed send with backoff (500, then ok), also across a restart', async () => {
    const bot = await fakeBotApi();
    bot.replies.push({ status: 500, body: { ok: false, description: 'Internal Server Error' } }, { status: 502, body: 'bad gateway' });
    const t = await withTelegram(bot);
    t.clock.set(at(22));
    await tick(t.core);
    expect(bot.requests).toHaveLength(1);
    expect(await t.call('summary.status', {})).toMatchObject({ sendsPending: 1, nextAttemptAt: at(22, 1), lastSentAt: null, lastError: 'telegram: 500 Internal Server Error' });

    t.clock.set(at(22, 0) + 30_000);
    await tick(t.core);
    expect(bot.requests).toHaveLength(1); // not yet
    t.clock.set(at(22, 1));
    await tick(t.core);
    expect(bot.requests).toHaveLength(2);
    expect(await t.call('summary.status', {})).toMatchObject({ sendsPending: 1, nextAttemptAt: at(22, 6) });

    // Pending across a restart.
    await t.core.close();
    const clock = testClock(at(22, 6));
    const again = await createCore({ dataDir: t.dir, clock, telegramApiBase: bot.base });
    onTestFinished(() => again.close());
    await tick(again);
    expect(bot.requests).toHaveLength(3);
    expect(bot.requests[2]!.body).toEqual(bot.requests[0]!.body);
    const token = (await again.operators.signIn(1, '1234')).token;
    expect(await again.api.call('summary.status', {}, token)).toMatchObject({ sendsPending: 0, lastSentAt: at(22, 6), lastError: null });
  });

  it('a refusal (400) is not retried and says why; 429 waits for retry_after', async () => {
    const bot = await fakeBotApi();
    bot.replies.push({ status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } });
    const t = await withTelegram(bot);
    t.clock.set(at(22));
    await tick(t.core);
    const status = await t.call('summary.status', {});
    expect(status).toMatchObject({ sendsPending: 0, nextAttemptAt: null, lastSentAt: null });
    expect(status.lastError).toMatch(/^telegram: 400 Bad Request: chat not found \(not retried: check the chat id/);
    t.clock.advance(3600_000);
    await tick(t.core);
    expect(bot.requests).toHaveLength(1);

    bot.replies.push({ status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 30', parameters: { retry_after: 30 } } });
    await t.call('summary.sendNow', {});
    await expect.poll(() => bot.requests.length).toBe(2);
    await expect.poll(async () => (await t.call('summary.status', {})).nextAttemptAt).toBe(t.clock.now() + 30_000);
    t.clock.advance(30_000);
    await tick(t.core);
    expect(bot.requests).toHaveLength(3);
    expect((await t.call('summary.status', {})).sendsPending).toBe(0);
  });

  it('never holds up the till: Send now answers while Telegram hangs, and closing abandons the send, kept for the next start', async () => {
    const bot = await fakeBotApi();
    bot.replies.push({ status: 0, body: null });
    const t = await withTelegram(bot);
    t.clock.set(at(18));
    const started = Date.now();
    expect(await t.call('summary.sendNow', {})).toMatchObject({ sendsPending: 1 });
    await expect.poll(() => bot.requests.length).toBe(1);
    await t.core.close();
    expect(Date.now() - started).toBeLessThan(5_000);

    const again = await createCore({ dataDir: t.dir, clock: testClock(at(18, 1)), telegramApiBase: bot.base });
    onTestFinished(() => again.close());
    await tick(again);
    expect(bot.requests).toHaveLength(2);
    const admin = (await again.operators.signIn(1, '1234')).token;
    expect(await again.api.call('summary.status', {}, admin)).toMatchObject({ sendsPending: 0, lastSentAt: at(18, 1) });
  });

  it('keeps the bot token sealed at rest, out of settings.get and out of the logs', async () => {
    const bot = await fakeBotApi();
    bot.replies.push({ status: 500, body: { ok: false, description: 'Internal Server Error' } });
    const lines: LogLine[] = [];
    const log = createLogger((l) => lines.push(l), 'debug');
    const t = await withTelegram(bot, { secrets: keyringBox(keyring('pc-1'), 'win32'), log });
    t.clock.set(at(22));
    await tick(t.core);
    t.clock.advance(60_000);
    await tick(t.core);
    expect(bot.requests.map((r) => r.url)).toEqual([`/bot${TOKEN}/sendMessage`, `/bot${TOKEN}/sendMessage`]);

    expect(JSON.stringify(await t.call('settings.get', {}))).not.toContain(TOKEN.split(':')[1]);
    expect(JSON.stringify(await t.call('summary.status', {}))).not.toContain(TOKEN.split(':')[1]);
    expect(lines.some((l) => l.subsystem === 'summary' && /not sent yet: telegram: 500/.test(l.message))).toBe(true);
    for (const l of lines) expect(formatLine(l)).not.toContain(TOKEN.split(':')[1]);
    await t.core.close();

    const db = new Database(t.core.dbFile, { readonly: true });
    const stored = JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'summary.telegramToken'").get() as { value: string }).value) as string;
    const everything = JSON.stringify(db.prepare('SELECT * FROM settings').all()) + JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    db.close();
    expect(stored).toMatch(/^sealed:v1:/);
    expect(everything).not.toContain(TOKEN.split(':')[1]);

    // Removing it: "not set", and nothing is sent any more.
    const again = await createCore({ dataDir: t.dir, clock: testClock(at(9, 0, 22)), secrets: keyringBox(keyring('pc-1'), 'win32'), telegramApiBase: bot.base });
    onTestFinished(() => again.close());
    const admin = (await again.operators.signIn(1, '1234')).token;
    expect(await again.api.call('summary.setTelegramToken', { token: null }, admin)).toMatchObject({ telegramTokenSet: false });
    expect(await caught(again.api.call('summary.setTelegramToken', { token: 'not a token' }, admin))).toMatchObject({ code: 'invalid_input' });
  });

  it('checks the settings: a closing time like 22:00, a chat id when Telegram is on; only admins see the status', async () => {
    const t = await startCore();
    const err = await caught(t.call('settings.update', { summary: { enabled: true, closingTime: '25:00', folder: '', telegram: { enabled: true, chatId: '' } } }));
    expect(err).toMatchObject({ code: 'invalid_input', fields: { 'summary.closingTime': expect.any(String), 'summary.telegram.chatId': 'Required to send to Telegram' } });
    expect(await caught(t.call('summary.status', {}, await t.cashierToken()))).toMatchObject({ code: 'forbidden' });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
