/** Handlers: voucher card batches. */
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';
import { nextBefore } from './paging';

type H = Pick<Handlers, 'batches.create' | 'batches.list' | 'batches.get' | 'batches.voidUnused'>;

export function batchHandlers({ batches }: ApiDeps): H {
  return {
    'batches.create': (input, { actor }) => batches.create(input, actor),
    'batches.list': ({ limit, before }) => {
      const list = batches.list(limit, before);
      return { batches: list, nextBefore: nextBefore(list, limit) };
    },
    'batches.get': ({ id }) => batches.get(id),
    'batches.voidUnused': ({ id, reason }, { actor }) => batches.voidUnused(id, reason, actor),
  };
}
