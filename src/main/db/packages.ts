/** SQL for packages (what the café sells). */
import type { Pricing } from '../../shared/domain';
import type { Db } from './sqlite';

export interface PackageRow {
  id: number;
  name: string;
  pricing: Pricing;
  priceMinor: number;
  timeLimitS: number | null;
  validityS: number | null;
  dataLimitBytes: number | null;
  rateDownKbps: number | null;
  rateUpKbps: number | null;
  deviceLimit: number;
  idleTimeoutS: number | null;
  sortOrder: number;
  /** The Sell screen's number key (1–9), unique among active packages. */
  hotkey: number | null;
  unusedExpiryS: number | null;
  active: 0 | 1;
  createdAt: number;
  updatedAt: number;
}

export type PackageFields = Omit<PackageRow, 'id' | 'active' | 'createdAt' | 'updatedAt'>;

const COLS = `id, name, pricing, price_minor AS priceMinor, time_limit_s AS timeLimitS, validity_s AS validityS,
  data_limit_bytes AS dataLimitBytes, rate_down_kbps AS rateDownKbps, rate_up_kbps AS rateUpKbps,
  device_limit AS deviceLimit, idle_timeout_s AS idleTimeoutS, sort_order AS sortOrder, hotkey,
  unused_expiry_s AS unusedExpiryS, active,
  created_at AS createdAt, updated_at AS updatedAt`;

const SET = `name = @name, pricing = @pricing, price_minor = @priceMinor, time_limit_s = @timeLimitS,
  validity_s = @validityS, data_limit_bytes = @dataLimitBytes, rate_down_kbps = @rateDownKbps,
  rate_up_kbps = @rateUpKbps, device_limit = @deviceLimit, idle_timeout_s = @idleTimeoutS, sort_order = @sortOrder,
  hotkey = @hotkey, unused_expiry_s = @unusedExpiryS`;

/** Prepared statements for the packages table. */
export function packageQueries(db: Db) {
  const byId = db.prepare<[number], PackageRow>(`SELECT ${COLS} FROM packages WHERE id = ?`);
  const list = db.prepare<[number], PackageRow>(
    `SELECT ${COLS} FROM packages WHERE active = 1 OR ? = 1 ORDER BY active DESC, sort_order, price_minor, id`,
  );
  const insert = db.prepare<PackageFields & { now: number }>(
    `INSERT INTO packages (name, pricing, price_minor, time_limit_s, validity_s, data_limit_bytes, rate_down_kbps,
       rate_up_kbps, device_limit, idle_timeout_s, sort_order, hotkey, unused_expiry_s, created_at, updated_at)
     VALUES (@name, @pricing, @priceMinor, @timeLimitS, @validityS, @dataLimitBytes, @rateDownKbps, @rateUpKbps,
       @deviceLimit, @idleTimeoutS, @sortOrder, @hotkey, @unusedExpiryS, @now, @now)`,
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
