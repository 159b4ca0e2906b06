/** Settings → Self-service in words: a source's kind, a key suggested from its name, how an event's gate opened. */
import type { PaymentEventView, PaymentSourceKind } from '../../../shared/domain';
import { t as translate, type MessageId, type Translate } from '../../i18n';

/** What kind of box a source is, as the owner calls it (message ids: `t(sourceKinds[kind])`). */
export const sourceKinds: Record<PaymentSourceKind, MessageId> = { coin: 'routers.kind.coin', 'e-wallet': 'routers.kind.eWallet' };

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

/** How an event's device got online: `text` for the table, `note` when the router's API did not do it (why), `problem` when that is worth a look. `t`: a component's translator (useT), else the current language's. */
export function gateText(e: Pick<PaymentEventView, 'gate' | 'gateAt' | 'gateError'>, time: (at: number) => string, t: Translate = translate): { text: string; note: string | null; problem: boolean } {
  const note = e.gateError ? t('routers.gate.routerApiError', { error: e.gateError }) : null;
  switch (e.gate) {
    case 'already-online':
      return { text: t('routers.gate.alreadyOnline'), note, problem: false };
    case 'router-api':
      return e.gateAt !== null ? { text: t('routers.gate.routerApiAt', { time: time(e.gateAt) }), note, problem: false } : { text: t('routers.gate.routerApiOpening'), note, problem: false };
    case 'login-page':
      return { text: e.gateAt !== null ? t('routers.gate.loginPageAt', { time: time(e.gateAt) }) : t('routers.gate.loginPageWaiting'), note, problem: note !== null };
    default:
      return { text: '–', note, problem: false };
  }
}
