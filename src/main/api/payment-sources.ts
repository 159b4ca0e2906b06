/** Handlers: self-service payment sources (admins) and the events they sent. */
import { PAYMENT_EVENTS_PATH } from '../lan/payment-events';
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';

type H = Pick<
  Handlers,
  | 'paymentSources.list'
  | 'paymentSources.create'
  | 'paymentSources.update'
  | 'paymentSources.rotateSecret'
  | 'paymentSources.events'
  | 'paymentSources.refused'
  | 'paymentSources.refund'
  | 'paymentSources.sellRefused'
>;

export function paymentSourceHandlers({ paymentSources, selfService, sessions, status }: ApiDeps): H {
  return {
    'paymentSources.list': () => {
      // The same LAN port as the PC-sync webhook: its addresses, with this path.
      const lan = status.pcSyncStatus();
      return {
        sources: paymentSources.list(),
        lan: { listening: lan.listening, path: PAYMENT_EVENTS_PATH, urls: lan.urls.map((u) => u.replace(lan.path, PAYMENT_EVENTS_PATH)), error: lan.listening ? null : lan.error },
      };
    },
    'paymentSources.create': (input, { actor }) => paymentSources.create(input, actor),
    'paymentSources.update': (input, { actor }) => paymentSources.update(input, actor),
    'paymentSources.rotateSecret': ({ id }, { actor }) => ({ secret: paymentSources.rotateSecret(id, actor) }),
    'paymentSources.events': ({ sourceId, limit }) => ({ events: paymentSources.events(limit, sourceId) }),
    'paymentSources.refused': ({ from, to, openOnly }) => ({ payments: paymentSources.refusedIn(from, to, openOnly) }),
    'paymentSources.refund': ({ note, ...key }, { actor }) => paymentSources.refund(key, note, actor),
    'paymentSources.sellRefused': ({ packageId, ...key }, { actor }) => {
      const sold = selfService.sellRefused(key, packageId, actor);
      return { payment: paymentSources.refusedOne(key), ...sessions.saleAndSession(sold.saleId), outcome: sold.outcome };
    },
  };
}
