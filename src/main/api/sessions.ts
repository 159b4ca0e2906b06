/** Handlers: selling, the live sessions, the ledger. */
import { AppError } from '../../shared/errors';
import { sessionViews, toAuditEntry, toConnectionView, toSaleView } from '../services/views';
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

export function sessionHandlers({ store, now, sessions, retryDisconnect }: ApiDeps): H {
  return {
    'sales.sell': (input, { actor }) => sessions.sell(input, actor),
    'sales.list': (q) => {
      const rows = store.sales.list(q);
      return { sales: rows.map(toSaleView), nextBefore: nextBefore(rows, q.limit) };
    },
    'sales.void': ({ saleId, reason }, { actor }) => sessions.voidSale(saleId, reason, actor),

    'sessions.list': (q) => {
      const rows = store.sessions.list(q);
      return { sessions: sessionViews(store, rows, now()), nextBefore: nextBefore(rows, q.limit) };
    },
    'sessions.get': ({ id }) => {
      const view = sessions.view(id);
      const connections = store.connections.bySession(id).map(toConnectionView);
      const sales = store.sales.bySession(id).map(toSaleView);
      const audit = store.audit.list({ entity: 'session', entityId: id, limit: 200 }).map(toAuditEntry);
      if (!view) throw new AppError('not_found', `Session ${id} does not exist`);
      return { ...view, connections, sales, audit };
    },
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
