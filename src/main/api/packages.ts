/** Handlers: the packages the café sells. */
import type { PackageInput } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { PackageFields } from '../db/packages';
import { toPackageView } from '../services/views';
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';

type H = Pick<Handlers, 'packages.list' | 'packages.create' | 'packages.update' | 'packages.setActive'>;

function fields(p: PackageInput): PackageFields {
  return {
    name: p.name,
    pricing: p.pricing,
    priceMinor: p.priceMinor,
    timeLimitS: p.timeLimitS,
    validityS: p.validityS,
    dataLimitBytes: p.dataLimitBytes,
    rateDownKbps: p.rateDownKbps,
    rateUpKbps: p.rateUpKbps,
    deviceLimit: p.deviceLimit,
    idleTimeoutS: p.idleTimeoutS,
    sortOrder: p.sortOrder,
  };
}

export function packageHandlers({ store, now, events }: ApiDeps): H {
  const load = (id: number) => {
    const p = store.packages.get(id);
    if (!p) throw new AppError('not_found', `Package ${id} does not exist`);
    return p;
  };
  return {
    'packages.list': ({ includeRetired }) => store.packages.list(includeRetired).map(toPackageView),
    'packages.create': (input, { actor }) => {
      const id = store.tx(() => {
        const id = store.packages.insert(fields(input), now());
        store.audit.record(actor, { action: 'package.create', entity: 'package', entityId: id, details: fields(input) }, now());
        return id;
      });
      events.emit('packages.changed', {});
      return toPackageView(load(id));
    },
    'packages.update': (input, { actor }) => {
      store.tx(() => {
        const before = load(input.id);
        store.packages.update(input.id, fields(input), now());
        store.audit.record(actor, { action: 'package.update', entity: 'package', entityId: input.id, details: { before, after: fields(input) } }, now());
      });
      events.emit('packages.changed', {});
      return toPackageView(load(input.id));
    },
    'packages.setActive': ({ id, active }, { actor }) => {
      store.tx(() => {
        load(id);
        store.packages.setActive(id, active, now());
        store.audit.record(actor, { action: active ? 'package.restore' : 'package.retire', entity: 'package', entityId: id }, now());
      });
      events.emit('packages.changed', {});
      return toPackageView(load(id));
    },
  };
}
