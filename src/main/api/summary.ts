/** Handlers: the owner's daily summary (status, the Telegram bot token, sending today's now). */
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';

type H = Pick<Handlers, 'summary.status' | 'summary.setTelegramToken' | 'summary.sendNow'>;

export function summaryHandlers({ summary }: ApiDeps): H {
  return {
    'summary.status': () => summary.status(),
    'summary.setTelegramToken': ({ token }, { actor }) => summary.setTelegramToken(token, actor),
    'summary.sendNow': (_input, { actor }) => summary.sendNow(actor),
  };
}
