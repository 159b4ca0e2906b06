/**
 * The owner's daily summary. At closing time (Settings → summary, this PC's local time) the
 * day's takings from the previous closing to this one (so a sale after closing time is in
 * the next day's, and every sale in exactly one) are written to `<folder>/summary-YYYY-MM-DD.txt`
 * and, when Telegram is on, sent to the owner's chat. Each day is made once: the last day
 * done is kept in the settings table, so a restart does not make it again, and a PC that was
 * off at closing time makes it at the next start (that day's only: the day before today at
 * most, and never for a closing time before summaries were turned on). A day done that lies
 * ahead of the clock (the PC's clock ran ahead once) is forgotten, not waited for.
 *
 * Telegram never holds anything up: a send is queued durably (settings table) and delivered
 * in the background with a 10 s timeout; failures are logged (never with the token) and
 * retried after 1, 5, 15, then every 60 minutes for a day; 429 waits Telegram's retry_after;
 * any other 4xx is not retried (a wrong token or chat id does not fix itself), its reason
 * shown in `summary.status`. The bot token is sealed at rest and never leaves the core.
 */
import { join } from 'node:path';
import type { SummaryStatus } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { Actor } from '../db/audit';
import type { Store } from '../db/store';
import type { Logger } from '../log';
import type { Task } from '../scheduler';
import { writeSummaryFile } from '../summary/file';
import { sendTelegramMessage, TELEGRAM_API } from '../summary/telegram';
import { closingAt, localDay, nextDay, openingAt, previousDay, summaryText, type Day } from '../summary/text';
import type { ReportService } from './reports';
import type { SettingsService } from './settings';
import type { UnitOfWork } from './unit-of-work';

const TOKEN_KEY = 'summary.telegramToken';
const STATE_KEY = 'summary.state';
/** Waits between attempts to send: 1, 5, 15 minutes, then hourly. */
const BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];
/** A message not sent within a day is dropped: the next day's summary is on its way. */
const GIVE_UP_MS = 24 * 3600_000;
/** At most this many messages wait (a week of summaries while Telegram was unreachable). */
const MAX_PENDING = 7;
/** How long after start the first check runs (a summary missed while the PC was off). */
const FIRST_CHECK_MS = 5_000;

/** A Telegram message still to send. */
interface PendingSend {
  day: Day;
  text: string;
  queuedAt: number;
  attempts: number;
  nextAt: number;
}

/** What the settings table keeps between runs. */
interface SummaryState {
  /** When this run of "summaries on" began (seen by a check): no summary is made up for a closing before it. */
  since: number | null;
  lastDay: Day | null;
  /** Where the last closing summary ended: the next starts there (a changed closing time or days off lose no sale). */
  lastUntil?: number | null;
  lastWrittenAt: number | null;
  lastFile: string | null;
  lastSentAt: number | null;
  lastError: string | null;
  pending: PendingSend[];
}

const emptyState: SummaryState = { since: null, lastDay: null, lastWrittenAt: null, lastFile: null, lastSentAt: null, lastError: null, pending: [] };

export type SummaryService = ReturnType<typeof createSummaryService>;

/** Creates the summary service; `telegramApiBase` replaces https://api.telegram.org (tests: a stand-in on 127.0.0.1). */
export function createSummaryService(d: {
  store: Store;
  uow: UnitOfWork;
  settings: Pick<SettingsService, 'get'>;
  reports: Pick<ReportService, 'summary'>;
  liveSessions: () => number;
  dataDir: string;
  now: () => number;
  log: Logger;
  telegramApiBase?: string | undefined;
  /** Told when the stored bot token cannot be unsealed on this PC (the status bar's secret warning). */
  unreadable?: (err: Error) => void;
}) {
  const { store, log } = d;
  const row = (key: string): unknown => {
    const r = store.settings.all().find((x) => x.key === key);
    return r ? (JSON.parse(r.value) as unknown) : null;
  };

  let state: SummaryState;
  try {
    const stored = row(STATE_KEY);
    state = { ...emptyState, ...(stored && typeof stored === 'object' ? stored : {}) };
    if (!Array.isArray(state.pending)) state = { ...state, pending: [] };
  } catch (err) {
    // Edited by hand: start afresh rather than stop the till (at worst today's summary is made again).
    log.warn('summary: the stored state is unreadable; starting afresh', { err });
    state = emptyState;
  }
  const save = (next: SummaryState) => {
    store.settings.put(STATE_KEY, next);
    state = next;
    // On disk soon (a summary marked sent and then lost would be sent again); nothing waits for it.
    store.durable().catch(() => {});
  };
  const note = (patch: Partial<SummaryState>) => save({ ...state, ...patch });

  // The bot token: sealed like the PC-sync secret. One stored in the clear (serve mode, then the
  // desktop app) is sealed now; one that cannot be unsealed is kept, never replaced behind the owner's back.
  let tokenStored = typeof row(TOKEN_KEY) === 'string';
  let tokenError: string | null = null;
  const readToken = (): string | null => {
    const stored = row(TOKEN_KEY);
    if (typeof stored !== 'string') return null;
    try {
      const plain = store.secrets.open(stored);
      if (!store.secrets.isSealed(stored)) store.settings.put(TOKEN_KEY, store.secrets.seal(plain));
      tokenError = null;
      return plain;
    } catch (err) {
      if (!tokenError) d.unreadable?.(err as Error);
      tokenError = 'summary: the Telegram bot token cannot be read here (saved on another PC or by another user): enter it again in Settings → Daily summary';
      return null;
    }
  };
  readToken();

  const dir = () => d.settings.get().summary.folder || join(d.dataDir, 'summaries');

  /** The day whose closing summary is due now, or null. */
  const dueDay = (now: number): Day | null => {
    const s = d.settings.get().summary;
    if (!s.enabled) return null;
    const today = localDay(now);
    const day = now >= closingAt(today, s.closingTime) ? today : previousDay(today);
    if (state.lastDay !== null && day <= state.lastDay) return null;
    // Due once its closing time has passed, if summaries were on by then (turned on after closing: from the next one).
    return closingAt(day, s.closingTime) >= (state.since ?? now) ? day : null;
  };

  const nextDueAt = (now: number): number | null => {
    const s = d.settings.get().summary;
    if (!s.enabled) return null;
    const due = dueDay(now);
    if (due) return closingAt(due, s.closingTime);
    const today = localDay(now);
    const closing = closingAt(today, s.closingTime);
    return now < closing ? closing : closingAt(nextDay(today), s.closingTime);
  };

  /** Writes a day's summary over [where the last closing summary ended (else the previous closing), until); resolves its text; rejects `summary: …`. */
  const write = async (day: Day, until: number): Promise<{ file: string; text: string }> => {
    const settings = d.settings.get();
    const last = state.lastUntil ?? null;
    const from = last !== null && last < until ? last : openingAt(day, settings.summary.closingTime);
    const report = d.reports.summary(from, until);
    const text = summaryText({ cafeName: settings.cafe.name, language: settings.language, money: settings.money, day, report, liveSessions: d.liveSessions(), madeAt: d.now() });
    const file = await writeSummaryFile(dir(), day, text);
    log.info('summary written', { file });
    return { file, text };
  };

  /** Queues the Telegram message when Telegram is on; a newer text of the same day replaces the older. */
  const queue = (day: Day, text: string, at: number): SummaryState['pending'] => {
    const t = d.settings.get().summary.telegram;
    const others = state.pending.filter((p) => p.day !== day);
    if (!t.enabled || !t.chatId || !tokenStored) return others;
    return [...others, { day, text, queuedAt: at, attempts: 0, nextAt: at }].slice(-MAX_PENDING);
  };

  const made = (day: Day, file: string, text: string, at: number, closed: boolean) => {
    const t = d.settings.get().summary.telegram;
    const lastError = t.enabled && !tokenStored ? 'summary: Telegram is on but no bot token is set: not sent' : null;
    note({ ...(closed ? { lastDay: day } : {}), lastWrittenAt: at, lastFile: file, lastError, pending: queue(day, text, at) });
  };

  /** Forgets a day done, or a start, that lies ahead of the clock (it ran ahead once): else no summary would come until then. */
  const clockWentBack = (at: number) => {
    const today = localDay(at);
    if ((state.lastDay !== null && state.lastDay > today) || (state.since !== null && state.since > at)) {
      log.warn(`summary: the last summary is dated ${state.lastDay ?? '?'}, after today (${today}): the clock ran ahead; summaries go on from today`);
      note({
        lastDay: state.lastDay !== null && state.lastDay > today ? null : state.lastDay,
        since: state.since !== null && state.since > at ? at : state.since,
        lastUntil: (state.lastUntil ?? null) !== null && state.lastUntil! > at ? null : (state.lastUntil ?? null),
      });
    }
  };

  /** Makes the due closing summary, if any (a failure to write is retried at the next check); one at a time. */
  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      const at = d.now();
      clockWentBack(at);
      const enabled = d.settings.get().summary.enabled;
      if (enabled !== (state.since !== null)) note({ since: enabled ? at : null });
      const day = dueDay(at);
      if (!day) return;
      try {
        const until = closingAt(day, d.settings.get().summary.closingTime);
        const { file, text } = await write(day, until);
        made(day, file, text, d.now(), true);
        note({ lastUntil: until });
      } catch (err) {
        const error = (err as Error).message;
        if (error !== state.lastError) log.error(error);
        note({ lastError: error });
      }
    } finally {
      checking = false;
    }
  };

  /** Settles one attempt's outcome into the queue (found again by day and queue time: the queue may have changed meanwhile). */
  const settle = (p: PendingSend, outcome: Awaited<ReturnType<typeof sendTelegramMessage>>) => {
    const at = d.now();
    const same = (x: PendingSend) => key(x) === key(p);
    const rest = state.pending.filter((x) => !same(x));
    if (outcome.ok) {
      log.info('summary sent to Telegram', { day: p.day });
      return note({ pending: rest, lastSentAt: at, lastError: null });
    }
    const attempts = p.attempts + 1;
    if (!outcome.retry || at - p.queuedAt >= GIVE_UP_MS) {
      const error = outcome.retry ? `${outcome.error} (gave up after ${attempts} attempts in a day)` : outcome.error;
      log.error(`summary of ${p.day} not sent: ${error}`);
      return note({ pending: rest, lastError: error });
    }
    const nextAt = at + (outcome.retryAfterMs ?? BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1]!);
    log.warn(`summary of ${p.day} not sent yet: ${outcome.error}; trying again at ${new Date(nextAt).toISOString()}`);
    return note({ pending: state.pending.map((x) => (same(x) ? { ...x, attempts, nextAt } : x)), lastError: outcome.error });
  };

  // Shutdown abandons a send in flight; the message stays queued for the next start.
  const stopping = new AbortController();
  const key = (p: PendingSend) => `${p.day}@${p.queuedAt}`;

  /** Sends the messages that are due, one at a time (also those queued meanwhile); settles each outcome. */
  const sendDue = async () => {
    const tried = new Set<string>();
    for (;;) {
      const p = state.pending.find((x) => x.nextAt <= d.now() && !tried.has(key(x)));
      if (!p || stopping.signal.aborted) return;
      tried.add(key(p));
      const t = d.settings.get().summary.telegram;
      const token = readToken();
      if (tokenError && t.enabled && t.chatId) {
        // The token cannot be read on this PC: kept, for when the owner enters it again (within the day).
        note({ pending: state.pending.map((x) => (key(x) === key(p) ? { ...x, nextAt: d.now() + BACKOFF_MS.at(-1)! } : x)).filter((x) => d.now() - x.queuedAt < GIVE_UP_MS), lastError: tokenError });
        continue;
      }
      if (!t.enabled || !t.chatId || !token) {
        // Turned off or the token removed meanwhile: nothing to send to.
        note({ pending: state.pending.filter((x) => key(x) !== key(p)) });
        continue;
      }
      const outcome = await sendTelegramMessage({ base: d.telegramApiBase ?? TELEGRAM_API, token, chatId: t.chatId, text: p.text, signal: stopping.signal });
      if (stopping.signal.aborted) return;
      settle(p, outcome);
      if (!outcome.ok && outcome.retry && outcome.retryAfterMs !== null) {
        // Too many requests: the others wait as long (each would be refused the same way).
        const until = d.now() + outcome.retryAfterMs;
        note({ pending: state.pending.map((x) => ({ ...x, nextAt: Math.max(x.nextAt, until) })) });
        return;
      }
    }
  };
  let sending: Promise<void> | null = null;
  const deliver = (): Promise<void> => {
    sending ??= sendDue()
      .catch((err: unknown) => log.error('summary: sending failed', { err }))
      .finally(() => (sending = null));
    return sending;
  };

  const run = async () => {
    await check();
    await deliver();
  };
  const first = setTimeout(() => void run().catch((err: unknown) => log.error('summary: the check at start failed', { err })), FIRST_CHECK_MS);
  first.unref();

  const status = (): SummaryStatus => {
    const now = d.now();
    return {
      enabled: d.settings.get().summary.enabled,
      dir: dir(),
      nextDueAt: nextDueAt(now),
      lastDay: state.lastDay,
      lastWrittenAt: state.lastWrittenAt,
      lastFile: state.lastFile,
      telegramTokenSet: tokenStored,
      lastSentAt: state.lastSentAt,
      sendsPending: state.pending.length,
      nextAttemptAt: state.pending.length ? Math.min(...state.pending.map((p) => p.nextAt)) : null,
      lastError: state.lastError ?? tokenError,
    };
  };

  return {
    status,

    /** Stores the bot token sealed (null removes it), audited; the token itself is never logged or returned. */
    setTelegramToken(token: string | null, actor: Actor): SummaryStatus {
      d.uow.run((changes) => {
        store.settings.put(TOKEN_KEY, token === null ? null : store.secrets.seal(token));
        store.audit.record(actor, { action: token === null ? 'summary.remove-telegram-token' : 'summary.set-telegram-token', entity: 'settings', entityId: null }, d.now());
        changes.after(() => {
          tokenStored = token !== null;
          tokenError = null;
        });
      });
      return status();
    },

    /**
     * Writes today's summary now (00:00 until now; once closing time has passed, until closing
     * time, and that is then the day's closing summary) and queues its Telegram message, sent
     * in the background. Unavailable when the file cannot be written.
     */
    async sendNow(actor: Actor): Promise<SummaryStatus> {
      const at = d.now();
      const day = localDay(at);
      const closing = closingAt(day, d.settings.get().summary.closingTime);
      const closed = at >= closing;
      let out: { file: string; text: string };
      try {
        out = await write(day, closed ? closing : at);
      } catch (err) {
        note({ lastError: (err as Error).message });
        throw new AppError('unavailable', (err as Error).message);
      }
      d.uow.run(() => {
        const closes = closed && (state.lastDay === null || state.lastDay < day);
        made(day, out.file, out.text, at, closes);
        if (closes) note({ lastUntil: closing });
        store.audit.record(actor, { action: 'summary.send-now', entity: 'settings', entityId: null, details: { day } }, at);
      });
      void deliver();
      return status();
    },

    /** Every minute: the closing summary when it is due, then the Telegram messages whose time has come. */
    tasks: [{ name: 'summary', everyMs: 60_000, run }] satisfies Task[],

    /** Resolves when no Telegram message is being sent (tests; before the database is closed). */
    settled: (): Promise<void> => sending ?? Promise.resolve(),

    /** Cancels the check at start and a Telegram send in flight (shutdown); what was not sent stays queued. */
    stop(): void {
      clearTimeout(first);
      stopping.abort();
    },
  };
}
