/** Handlers: shifts (open, close with the counted cash, list) and slip reprints. */
import { AppError } from '../../shared/errors';
import { toSaleView } from '../services/views';
import type { ApiDeps } from './deps';
import type { Handlers, SignedInContext } from './dispatcher';
import { nextBefore } from './paging';

type H = Pick<Handlers, 'shifts.current' | 'shifts.open' | 'shifts.close' | 'shifts.list' | 'sales.reprint'>;

const caller = ({ actor, operator }: SignedInContext) => ({ ...actor, role: operator.role });

/** The shift and reprint handlers over the shift and session services. */
export function shiftHandlers({ store, now, shifts, sessions }: ApiDeps): H {
  return {
    'shifts.current': (_input, { actor }) => shifts.current(actor.id),
    'shifts.open': (_input, { actor }) => shifts.open(actor),
    'shifts.close': (input, ctx) => shifts.close(input, caller(ctx)),
    'shifts.list': (q, ctx) => {
      const list = shifts.list(q, caller(ctx));
      return { shifts: list, nextBefore: nextBefore(list, q.limit) };
    },
    'sales.reprint': ({ saleId }, { actor }) => {
      const sale = store.sales.get(saleId);
      if (!sale) throw new AppError('not_found', `Sale ${saleId} does not exist`);
      if (sale.kind === 'void') throw new AppError('rule', 'A void has no slip');
      if (sale.voidedBySaleId !== null) throw new AppError('rule', `Sale #${sale.id} was voided (by #${sale.voidedBySaleId}): its voucher no longer works, so no slip`);
      const reprintedAt = now();
      store.audit.record(actor, { action: 'sale.reprint', entity: 'sale', entityId: sale.id, details: { sessionId: sale.sessionId } }, reprintedAt);
      return { sale: toSaleView(sale), session: sessions.view(sale.sessionId), reprintedAt, operatorName: actor.name };
    },
  };
}
