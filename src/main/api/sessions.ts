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
    'sales.list': (q, { operator }) => {
      const sales = sessions.sales(q, { admin: operator.role === 'admin' });
      return { sales, nextBefore: nextBefore(sales, q.limit) };
    },
    'sales.void': ({ saleId, reason }, { actor }) => sessions.voidSale(saleId, reason, actor),

    'sessions.list': (q, { operator }) => {
      const list = sessions.list(q, { admin: operator.role === 'admin' });
      return { sessions: list, nextBefore: nextBefore(list, q.limit) };
    },
    'sessions.get': ({ id }, { operator }) => sessions.detail(id, { admin: operator.role === 'admin' }),
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
