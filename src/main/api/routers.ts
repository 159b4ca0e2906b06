/** Handlers: the routers (RADIUS clients) this PC serves. */
import type { RouterInput } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { RouterFields, RouterRow } from '../db/routers';
import { toRouterView } from '../services/views';
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';

type H = Pick<Handlers, 'routers.list' | 'routers.create' | 'routers.update' | 'routers.remove' | 'routers.test' | 'routers.provision' | 'routers.reconcile'>;

function fields(r: RouterInput, previous?: RouterRow): RouterFields {
  return {
    name: r.name,
    ip: r.ip,
    secret: r.secret,
    coaPort: r.coaPort,
    requireMessageAuthenticator: r.requireMessageAuthenticator,
    apiHost: r.api?.host ?? null,
    apiPort: r.api?.port ?? null,
    apiUser: r.api?.user ?? null,
    apiPassword: r.api ? (r.api.password ?? previous?.apiPassword ?? '') : null,
    apiTls: r.api?.tls ? 1 : 0,
  };
}

/** Audit details without secrets. */
function redacted(f: RouterFields) {
  return { name: f.name, ip: f.ip, coaPort: f.coaPort, requireMessageAuthenticator: f.requireMessageAuthenticator, apiHost: f.apiHost, apiUser: f.apiUser };
}

export function routerHandlers({ store, now, events, routers }: ApiDeps): H {
  const load = (id: number) => {
    const r = store.routers.get(id);
    if (!r) throw new AppError('not_found', `Router ${id} does not exist`);
    return r;
  };
  const uniqueIp = (ip: string, exceptId?: number) => {
    const other = store.routers.byIp(ip);
    if (other && other.id !== exceptId) {
      throw new AppError('conflict', `Router "${other.name}" already uses ${ip}`, { ip: `Already used by "${other.name}"` });
    }
  };
  return {
    'routers.list': () => store.routers.list().map(toRouterView),
    'routers.create': (input, { actor }) => {
      const f = fields(input);
      const id = store.tx(() => {
        uniqueIp(f.ip);
        const id = store.routers.insert(f, now());
        store.audit.record(actor, { action: 'router.create', entity: 'router', entityId: id, details: redacted(f) }, now());
        return id;
      });
      events.emit('routers.changed', {});
      return toRouterView(load(id));
    },
    'routers.update': (input, { actor }) => {
      store.tx(() => {
        const before = load(input.id);
        const f = fields(input, before);
        uniqueIp(f.ip, input.id);
        store.routers.update(input.id, f, now());
        store.audit.record(actor, { action: 'router.update', entity: 'router', entityId: input.id, details: redacted(f) }, now());
      });
      events.emit('routers.changed', {});
      return toRouterView(load(input.id));
    },
    'routers.remove': ({ id }, { actor }) => {
      store.tx(() => {
        load(id);
        store.routers.remove(id, now());
        store.audit.record(actor, { action: 'router.remove', entity: 'router', entityId: id }, now());
      });
      events.emit('routers.changed', {});
      return { ok: true as const };
    },
    'routers.test': ({ id }) => routers.test(load(id)),
    'routers.provision': ({ id, serverAddress }, { actor }) => routers.provision(load(id), serverAddress, actor),
    'routers.reconcile': ({ id }, { actor }) => routers.reconcile(load(id), actor),
  };
}
