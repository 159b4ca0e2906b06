/** Handlers: first-run setup, sign-in, operator administration. */
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';

type H = Pick<
  Handlers,
  | 'setup.status'
  | 'setup.createAdmin'
  | 'operators.roster'
  | 'operators.signIn'
  | 'operators.signOut'
  | 'operators.me'
  | 'operators.setMyLanguage'
  | 'operators.list'
  | 'operators.create'
  | 'operators.update'
>;

export function operatorHandlers({ operators, settings, version }: ApiDeps): H {
  return {
    'setup.status': () => ({ needsAdmin: operators.needsAdmin(), version, language: settings.get().language }),
    'setup.createAdmin': ({ name, pin }) => operators.createFirstAdmin(name, pin),
    'operators.roster': () => operators.roster(),
    'operators.signIn': ({ operatorId, pin }) => operators.signIn(operatorId, pin),
    'operators.signOut': (_input, { token, operator }) => {
      operators.signOut(token, operator);
      return { ok: true };
    },
    'operators.me': (_input, { operator }) => operators.list().find((o) => o.id === operator.id)!,
    'operators.setMyLanguage': ({ language }, { operator }) => operators.setLanguage(operator, language),
    'operators.list': () => operators.list(),
    'operators.create': ({ name, role, pin }, { actor }) => operators.create(name, role, pin, actor),
    'operators.update': (change, { actor }) => operators.update(change, actor),
  };
}
