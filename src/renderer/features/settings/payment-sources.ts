/** Settings → Self-service in words: a source's kind, a key suggested from its name, how an event's gate opened. */
import type { PaymentEventView, PaymentSourceKind } from '../../../shared/domain';

/** What kind of box a source is, as the owner calls it. */
export const sourceKinds: Record<PaymentSourceKind, string> = { coin: 'Coin slot', 'e-wallet': 'E-wallet gateway' };

/** The longest key a source may have (PaymentSourceKey). */
const KEY_MAX = 32;

/** A key for a source named `name`: "Coin slot (door)" → "coin-slot-door" (lower-case letters, digits and dashes, at most 32); "" when the name has none of them. */
export function keyFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, KEY_MAX)
    .replace(/-+$/, '');
}

/** How an event's device got online: `text` for the table, `note` when the router's API did not do it (why), `problem` when that is worth a look. */
export function gateText(e: Pick<PaymentEventView, 'gate' | 'gateAt' | 'gateError'>, time: (at: number) => string): { text: string; note: string | null; problem: boolean } {
  const note = e.gateError ? `Router API: ${e.gateError}` : null;
  switch (e.gate) {
    case 'already-online':
      return { text: 'Already online', note, problem: false };
    case 'router-api':
      return e.gateAt !== null ? { text: `Router API, ${time(e.gateAt)}`, note, problem: false } : { text: 'Router API: opening…', note, problem: false };
    case 'login-page':
      return { text: e.gateAt !== null ? `Login page, online ${time(e.gateAt)}` : 'Login page: when the customer taps Connect', note, problem: note !== null };
    default:
      return { text: '–', note, problem: false };
  }
}
