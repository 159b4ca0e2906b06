/** SQL for paired devices (browsers with their own token: another till PC, the owner's phone). */
import type { Db } from './sqlite';

export interface DeviceRow {
  id: number;
  name: string;
  pairedAt: number;
  pairedBy: number | null;
  lastUsedAt: number | null;
  lastAddress: string | null;
  revokedAt: number | null;
}

const COLS = 'id, name, paired_at AS pairedAt, paired_by AS pairedBy, last_used_at AS lastUsedAt, last_address AS lastAddress, revoked_at AS revokedAt';

/** Prepared statements for the devices table. */
export function deviceQueries(db: Db) {
  const insert = db.prepare<[string, Buffer, number, number | null]>('INSERT INTO devices (name, token_sha256, paired_at, paired_by) VALUES (?, ?, ?, ?)');
  const byId = db.prepare<[number], DeviceRow>(`SELECT ${COLS} FROM devices WHERE id = ?`);
  const byToken = db.prepare<[Buffer], DeviceRow>(`SELECT ${COLS} FROM devices WHERE token_sha256 = ?`);
  const all = db.prepare<[], DeviceRow>(`SELECT ${COLS} FROM devices ORDER BY revoked_at IS NOT NULL, id DESC`);
  const touch = db.prepare<[number, string | null, number]>('UPDATE devices SET last_used_at = ?, last_address = ? WHERE id = ?');
  const revoke = db.prepare<[number, number]>('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    insert: (name: string, tokenSha: Buffer, now: number, pairedBy: number | null) => Number(insert.run(name, tokenSha, now, pairedBy).lastInsertRowid),
    get: (id: number) => byId.get(id),
    byToken: (sha: Buffer) => byToken.get(sha),
    list: () => all.all(),
    touch: (id: number, at: number, address: string | null) => touch.run(at, address, id),
    revoke: (id: number, at: number) => revoke.run(at, id).changes,
  };
}
