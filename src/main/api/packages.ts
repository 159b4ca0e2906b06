/** Handlers: the packages the café sells. */
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';

type H = Pick<Handlers, 'packages.list' | 'packages.create' | 'packages.update' | 'packages.setActive'>;

export function packageHandlers({ packages }: ApiDeps): H {
  return {
    'packages.list': ({ includeRetired }) => packages.list(includeRetired),
    'packages.create': (input, { actor }) => packages.create(input, actor),
    'packages.update': (input, { actor }) => packages.update(input, actor),
    'packages.setActive': ({ id, active }, { actor }) => packages.setActive(id, active, actor),
  };
}
