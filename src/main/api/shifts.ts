/** Handlers: shifts (open, close with the counted cash, list) and slip reprints. */
import type { ApiDeps } from './deps';
import type { Handlers, SignedInContext } from './dispatcher';
import { nextBefore } from './paging';

type H = Pick<Handlers, 'shifts.current' | 'shifts.open' | 'shifts.close' | 'shifts.list' | 'sales.reprint'>;

const caller = ({ actor, operator }: SignedInContext) => ({ ...actor, role: operator.role });

/** The shift and reprint handlers over the shift and session services. */
export function shiftHandlers({ shifts, sessions }: ApiDeps): H {
  return {
    'shifts.current': (_input, { actor }) => shifts.current(actor.id),
    'shifts.open': (_input, { actor }) => shifts.open(actor),
    'shifts.close': (input, ctx) => shifts.close(input, caller(ctx)),
    'shifts.list': (q, ctx) => {
      const list = shifts.list(q, caller(ctx));
      return { shifts: list, nextBefore: nextBefore(list, q.limit) };
    },
    'sales.reprint': ({ saleId }, { actor, operator }) => sessions.reprint(saleId, actor, { admin: operator.role === 'admin' }),
  };
}
