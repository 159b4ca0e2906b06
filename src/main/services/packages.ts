/**
 * The packages the café sells: add, change, retire and restore them. Each change is
 * one unit of work with its audit row; open screens hear `packages.changed` after the
 * commit. The cashier's number keys (1–9) mean one active package each.
 */
import { limitsOf, type PackageInput, type PackageView } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { Actor } from '../db/audit';
import type { PackageFields, PackageRow } from '../db/packages';
import type { Store } from '../db/store';
import type { UnitOfWork } from './unit-of-work';
import { toPackageView } from './views';

const HOTKEYS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

function fields(p: PackageInput, hotkey: number | null): PackageFields {
  return {
    name: p.name,
    pricing: p.pricing,
    priceMinor: p.priceMinor,
    ...limitsOf(p),
    sortOrder: p.sortOrder,
    hotkey,
    unusedExpiryS: p.unusedExpiryS,
  };
}

export type PackageService = ReturnType<typeof createPackageService>;

/** Creates the package service over the store. */
export function createPackageService(d: { store: Store; uow: UnitOfWork; now: () => number }) {
  const { store, uow } = d;

  const load = (id: number): PackageRow => {
    const p = store.packages.get(id);
    if (!p) throw new AppError('not_found', `Package ${id} does not exist`);
    return p;
  };

  /** The lowest number key no active package holds; null when all nine are taken. */
  const lowestFreeHotkey = (): number | null => {
    const taken = new Set(store.packages.activeHotkeys().map((k) => k.hotkey));
    return HOTKEYS.find((k) => !taken.has(k)) ?? null;
  };

  /**
   * The key a package asks for, checked: the cashier's number keys must mean one package
   * each, so a key another active package holds is a conflict (named next to the field).
   */
  const claimHotkey = (hotkey: number, packageId: number | null): number => {
    const holder = store.packages.activeHotkeys().find((k) => k.hotkey === hotkey && k.id !== packageId);
    if (holder) {
      const msg = `Key ${hotkey} is already "${holder.name}"`;
      throw new AppError('conflict', msg, { hotkey: msg });
    }
    return hotkey;
  };

  /**
   * The key a new package (`before` null) or a changed one gets: omitted, the lowest free
   * key or the one it has; null, none. A retired package's key is claimed when it is restored.
   */
  const askedHotkey = (asked: number | null | undefined, before: PackageRow | null): number | null => {
    if (asked === undefined) return before ? before.hotkey : lowestFreeHotkey();
    if (asked === null || before?.active === 0) return asked;
    return claimHotkey(asked, before?.id ?? null);
  };

  /** Retiring clears a package's key (it is free for others); restoring gives the lowest free key, or the key an admin set on it meanwhile when still free. */
  const restoredHotkey = (p: PackageRow): number | null => {
    const taken = new Set(store.packages.activeHotkeys().map((k) => k.hotkey));
    return p.hotkey !== null && !taken.has(p.hotkey) ? p.hotkey : lowestFreeHotkey();
  };

  return {
    /** Packages, active first in sort order; retired ones too when asked. */
    list: (includeRetired: boolean): PackageView[] => store.packages.list(includeRetired).map(toPackageView),

    /** Adds a package; conflict when the number key it asks for is taken. */
    create(input: PackageInput, actor: Actor): PackageView {
      return uow.run((changes) => {
        const p = fields(input, askedHotkey(input.hotkey, null));
        const id = store.packages.insert(p, d.now());
        store.audit.record(actor, { action: 'package.create', entity: 'package', entityId: id, details: p }, d.now());
        changes.emit('packages.changed', {});
        return toPackageView(load(id));
      });
    },

    /** Changes a package (sessions already sold keep their terms); not_found, or conflict on a taken key. */
    update(input: PackageInput & { id: number }, actor: Actor): PackageView {
      return uow.run((changes) => {
        const before = load(input.id);
        const after = fields(input, askedHotkey(input.hotkey, before));
        store.packages.update(input.id, after, d.now());
        store.audit.record(actor, { action: 'package.update', entity: 'package', entityId: input.id, details: { before, after } }, d.now());
        changes.emit('packages.changed', {});
        return toPackageView(load(input.id));
      });
    },

    /** Retires a package (no longer sold, its key freed) or restores it; not_found when there is none. */
    setActive(id: number, active: boolean, actor: Actor): PackageView {
      return uow.run((changes) => {
        const before = load(id);
        const hotkey = !active ? null : before.active === 1 ? before.hotkey : restoredHotkey(before);
        store.packages.setActive(id, active, hotkey, d.now());
        store.audit.record(
          actor,
          { action: active ? 'package.restore' : 'package.retire', entity: 'package', entityId: id, details: { hotkey: { before: before.hotkey, after: hotkey } } },
          d.now(),
        );
        changes.emit('packages.changed', {});
        return toPackageView(load(id));
      });
    },
  };
}
