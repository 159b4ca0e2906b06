/** SQL for packages (what the café sells). */
import type { Limits, Pricing } from '../../shared/domain';
import { insertLimits, selectLimits, setLimits } from './limits';
import type { Db } from './sqlite';

export interface PackageRow extends Limits {
  id: number;
  name: string;
  pricing: Pricing;
  priceMinor: number;
  sortOrder: number;
  /** The Sell screen's number key (1–9), unique among active packages. */
  hotkey: number | null;
  unusedExpiryS: number | null;
  active: 0 | 1;
  createdAt: number;
  updatedAt: number;
}

export type PackageFields = Omit<PackageRow, 'id' | 'active' | 'createdAt' | 'updatedAt'>;

const COLS = `id, name, pricing, price_minor AS priceMinor, ${selectLimits()}, sort_order AS sortOrder, hotkey,
  unused_expiry_s AS unusedExpiryS, active, created_at AS createdAt, updated_at AS updatedAt`;

const SET = `name = @name, pricing = @pricing, price_minor = @priceMinor, ${setLimits()}, sort_order = @sortOrder,
  hotkey = @hotkey, unused_expiry_s = @unusedExpiryS`;

/** Prepared statements for the packages table. */
export function packageQueries(db: Db) {
  const byId = db.prepare<[number], PackageRow>(`SELECT ${COLS} FROM packages WHERE id = ?`);
  const list = db.prepare<[number], PackageRow>(
    `SELECT ${COLS} FROM packages WHERE active = 1 OR ? = 1 ORDER BY active DESC, sort_order, price_minor, id`,
  );
  const insert = db.prepare<PackageFields & { now: number }>(
    `INSERT INTO packages (name, pricing, price_minor, ${insertLimits.columns}, sort_order, hotkey, unused_expiry_s, created_at, updated_at)
     VALUES (@name, @pricing, @priceMinor, ${insertLimits.values}, @sortOrder, @hotkey, @unusedExpiryS, @now, @now)`,
  );
  const update = db.prepare<PackageFields & { id: number; now: number }>(`UPDATE packages SET ${SET}, updated_at = @now WHERE id = @id`);
  const setActive = db.prepare<[number, number | null, number, number]>('UPDATE packages SET active = ?, hotkey = ?, updated_at = ? WHERE id = ?');
  const activeHotkeys = db.prepare<[], { id: number; name: string; hotkey: number }>(
    'SELECT id, name, hotkey FROM packages WHERE active = 1 AND hotkey IS NOT NULL ORDER BY hotkey',
  );
  return {
    get: (id: number) => byId.get(id),
    list: (includeRetired: boolean) => list.all(includeRetired ? 1 : 0),
    insert: (p: PackageFields, now: number) => Number(insert.run({ ...p, now }).lastInsertRowid),
    update: (id: number, p: PackageFields, now: number) => update.run({ ...p, id, now }).changes,
    /** Retires or restores a package, with the number key it has from now on. */
    setActive: (id: number, active: boolean, hotkey: number | null, now: number) => setActive.run(active ? 1 : 0, hotkey, now, id).changes,
    /** The number keys active packages hold, lowest first. */
    activeHotkeys: () => activeHotkeys.all(),
  };
}
