/** Handlers: selling, the live sessions, the ledger. */
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';
import { nextBefore } from './paging';

type H = Pick<
  Handlers,
  | 'sales.sell'
  | 'sales.list'
  | 'sales.void'
  | 'sessions.list'
  | 'sessions.get'
  | 'sessions.end'
  | 'sessions.topUp'
  | 'sessions.linkPc'
  | 'sessions.retryDisconnect'
>;

export function sessionHandlers({ sessions, retryDisconnect }: ApiDeps): H {
  return {
    'sales.sell': (input, { actor }) => sessions.sell(input, actor),
    'sales.list': (q) => {
      const sales = sessions.sales(q);
      return { sales, nextBefore: nextBefore(sales, q.limit) };
    },
    'sales.void': ({ saleId, reason }, { actor }) => sessions.voidSale(saleId, reason, actor),

    'sessions.list': (q) => {
      const list = sessions.list(q);
      return { sessions: list, nextBefore: nextBefore(list, q.limit) };
    },
    'sessions.get': ({ id }) => sessions.detail(id),
    'sessions.end': ({ id, reason }, { actor }) => sessions.end(id, reason, actor),
    'sessions.topUp': (input, { actor }) => sessions.topUp(input, actor),
    'sessions.retryDisconnect': ({ id }) => {
      const view = sessions.view(id);
      // The outcome arrives as a sessions.updated event; the cashier is not kept waiting.
      void retryDisconnect(id);
      return view;
    },
    'sessions.linkPc': ({ id, pcUser, pcStation }, { actor }) => sessions.linkPc(id, pcUser, pcUser === null ? null : pcStation, actor),
  };
}
