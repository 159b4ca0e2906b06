/** Handlers: pairing browsers (Settings → Devices), and the API token printed at start. */
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';

type H = Pick<Handlers, 'devices.startPairing' | 'devices.pair' | 'devices.list' | 'devices.revoke' | 'devices.lanStatus' | 'devices.newApiToken'>;

export function deviceHandlers({ devices }: ApiDeps): H {
  return {
    'devices.startPairing': (_input, { actor }) => devices.startPairing(actor),
    'devices.pair': ({ code, name }, { address }) => devices.pair(code, name, address),
    'devices.list': () => devices.list(),
    'devices.revoke': ({ id }, { actor }) => devices.revoke(id, actor),
    'devices.lanStatus': () => devices.lanState(),
    'devices.newApiToken': (_input, { actor }) => ({ token: devices.newApiToken(actor) }),
  };
}
