/**
 * Telegram's Bot API, the one call the summary needs: sendMessage. Never throws; says what a
 * failure means for the next attempt: retry (network, 5xx, 429 with Telegram's retry_after)
 * or give up (any other 4xx: a wrong token or chat id does not fix itself). Messages never
 * carry the token (it is part of the URL Telegram wants).
 */

export const TELEGRAM_API = 'https://api.telegram.org';
/** A send that takes longer is abandoned and retried later. */
export const SEND_TIMEOUT_MS = 10_000;
/** The longest message text Telegram takes. */
const MAX_TEXT = 4096;

export type SendOutcome =
  | { ok: true }
  | { ok: false; retry: true; error: string; retryAfterMs: number | null }
  | { ok: false; retry: false; error: string };

interface BotAnswer {
  ok?: boolean;
  description?: string;
  parameters?: { retry_after?: number };
}

/** Why Telegram refuses, in words that say what to fix. */
function hint(status: number): string {
  if (status === 401 || status === 404) return 'check the bot token';
  if (status === 403) return 'the bot is not in that chat or was blocked: add it or start it again';
  if (status === 400) return 'check the chat id (and that the bot was started in that chat)';
  return 'check the bot token and the chat id';
}

/** Posts `text` to `chatId` through `base` (Telegram, or a stand-in in tests); resolves the outcome, never rejects. */
export async function sendTelegramMessage(o: { base: string; token: string; chatId: string; text: string; timeoutMs?: number; signal?: AbortSignal }): Promise<SendOutcome> {
  const scrub = (s: string) => (o.token ? s.split(o.token).join('***') : s);
  const timeout = AbortSignal.timeout(o.timeoutMs ?? SEND_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(`${o.base.replace(/\/+$/, '')}/bot${o.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Telegram refuses a message over 4096 characters; a summary is far shorter, but a cut one beats none.
      body: JSON.stringify({ chat_id: o.chatId, text: Array.from(o.text).slice(0, MAX_TEXT).join('') }),
      signal: o.signal ? AbortSignal.any([timeout, o.signal]) : timeout,
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = timeout.aborted ? `no answer within ${(o.timeoutMs ?? SEND_TIMEOUT_MS) / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, retry: true, error: scrub(`telegram: ${why}`), retryAfterMs: null };
  }
  let answer: BotAnswer = {};
  try {
    answer = (await res.json()) as BotAnswer;
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  if (res.ok && answer.ok !== false) return { ok: true };
  const said = scrub(`telegram: ${res.status}${answer.description ? ` ${answer.description}` : ''}`);
  if (res.status === 429) {
    const after = answer.parameters?.retry_after;
    return { ok: false, retry: true, error: said, retryAfterMs: typeof after === 'number' && after > 0 ? after * 1000 : null };
  }
  if (res.status >= 400 && res.status < 500) return { ok: false, retry: false, error: `${said} (not retried: ${hint(res.status)})` };
  return { ok: false, retry: true, error: said, retryAfterMs: null };
}
