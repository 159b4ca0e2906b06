/** Handlers: the packages the café sells. */
import type { PackageInput } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { PackageFields, PackageRow } from '../db/packages';
import type { Store } from '../db/store';
import { toPackageView } from '../services/views';
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';

type H = Pick<Handlers, 'packages.list' | 'packages.create' | 'packages.update' | 'packages.setActive'>;

const HOTKEYS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

function fields(p: PackageInput, hotkey: number | null): PackageFields {
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
    hotkey,
    unusedExpiryS: p.unusedExpiryS,
  };
}

/** The lowest number key no active package holds; null when all nine are taken. */
function lowestFreeHotkey(store: Store): number | null {
  const taken = new Set(store.packages.activeHotkeys().map((k) => k.hotkey));
  return HOTKEYS.find((k) => !taken.has(k)) ?? null;
}

/**
 * The key a package asks for, checked: the cashier's number keys must mean one package
 * each, so a key another active package holds is a conflict (named next to the field).
 */
function claimHotkey(store: Store, hotkey: number, packageId: number | null): number {
  const holder = store.packages.activeHotkeys().find((k) => k.hotkey === hotkey && k.id !== packageId);
  if (holder) {
    const msg = `Key ${hotkey} is already "${holder.name}"`;
    throw new AppError('conflict', msg, { hotkey: msg });
  }
  return hotkey;
}

export function packageHandlers({ store, now, events }: ApiDeps): H {
  const load = (id: number) => {
    const p = store.packages.get(id);
    if (!p) throw new AppError('not_found', `Package ${id} does not exist`);
    return p;
  };
  /**
   * The key a new package (`before` null) or a changed one gets: omitted, the lowest free
   * key or the one it has; null, none. A retired package's key is claimed when it is restored.
   */
  const askedHotkey = (asked: number | null | undefined, before: PackageRow | null): number | null => {
    if (asked === undefined) return before ? before.hotkey : lowestFreeHotkey(store);
    if (asked === null || before?.active === 0) return asked;
    return claimHotkey(store, asked, before?.id ?? null);
  };
  /** Retiring clears a package's key (it is free for others); restoring gives the lowest free key, or the key an admin set on it meanwhile when still free. */
  const restoredHotkey = (p: PackageRow): number | null => {
    const taken = new Set(store.packages.activeHotkeys().map((k) => k.hotkey));
    return p.hotkey !== null && !taken.has(p.hotkey) ? p.hotkey : lowestFreeHotkey(store);
  };
  return {
    'packages.list': ({ includeRetired }) => store.packages.list(includeRetired).map(toPackageView),
    'packages.create': (input, { actor }) => {
      const id = store.tx(() => {
        const p = fields(input, askedHotkey(input.hotkey, null));
        const id = store.packages.insert(p, now());
        store.audit.record(actor, { action: 'package.create', entity: 'package', entityId: id, details: p }, now());
        return id;
      });
      events.emit('packages.changed', {});
      return toPackageView(load(id));
    },
    'packages.update': (input, { actor }) => {
      store.tx(() => {
        const before = load(input.id);
        const after = fields(input, askedHotkey(input.hotkey, before));
        store.packages.update(input.id, after, now());
        store.audit.record(actor, { action: 'package.update', entity: 'package', entityId: input.id, details: { before, after } }, now());
      });
      events.emit('packages.changed', {});
      return toPackageView(load(input.id));
    },
    'packages.setActive': ({ id, active }, { actor }) => {
      store.tx(() => {
        const before = load(id);
        const hotkey = !active ? null : before.active === 1 ? before.hotkey : restoredHotkey(before);
        store.packages.setActive(id, active, hotkey, now());
        store.audit.record(
          actor,
          { action: active ? 'package.restore' : 'package.retire', entity: 'package', entityId: id, details: { hotkey: { before: before.hotkey, after: hotkey } } },
          now(),
        );
      });
      events.emit('packages.changed', {});
      return toPackageView(load(id));
    },
  };
}
