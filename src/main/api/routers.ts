/** Handlers: the routers (RADIUS clients) this PC serves. */
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';

type H = Pick<Handlers, 'routers.list' | 'routers.create' | 'routers.update' | 'routers.remove' | 'routers.test' | 'routers.provision' | 'routers.reconcile'>;

export function routerHandlers({ routers }: ApiDeps): H {
  return {
    'routers.list': () => routers.list(),
    'routers.create': (input, { actor }) => routers.create(input, actor),
    'routers.update': (input, { actor }) => routers.update(input, actor),
    'routers.remove': ({ id }, { actor }) => {
      routers.remove(id, actor);
      return { ok: true as const };
    },
    'routers.test': ({ id }) => routers.test(id),
    'routers.provision': ({ id, serverAddress }, { actor }) => routers.provision(id, serverAddress, actor),
    'routers.reconcile': ({ id }, { actor }) => routers.reconcile(id, actor),
  };
}
