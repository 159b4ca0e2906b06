/** SQL for operators (the people at the counter). */
import type { Role } from '../../shared/domain';
import type { Db } from './sqlite';

export interface OperatorRow {
  id: number;
  name: string;
  role: Role;
  pinHash: string;
  active: 0 | 1;
  createdAt: number;
}

const COLS = 'id, name, role, pin_hash AS pinHash, active, created_at AS createdAt';

/** Prepared statements for the operators table. */
export function operatorQueries(db: Db) {
  const byId = db.prepare<[number], OperatorRow>(`SELECT ${COLS} FROM operators WHERE id = ?`);
  const byName = db.prepare<[string], OperatorRow>(`SELECT ${COLS} FROM operators WHERE name = ?`);
  const all = db.prepare<[], OperatorRow>(`SELECT ${COLS} FROM operators ORDER BY active DESC, name`);
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM operators');
  const activeAdmins = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM operators WHERE role = 'admin' AND active = 1");
  const insert = db.prepare<[string, Role, string, number, number]>(
    'INSERT INTO operators (name, role, pin_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const update = db.prepare<{ id: number; name: string; role: Role; pinHash: string; active: 0 | 1; now: number }>(
    'UPDATE operators SET name = @name, role = @role, pin_hash = @pinHash, active = @active, updated_at = @now WHERE id = @id',
  );
  return {
    get: (id: number) => byId.get(id),
    byName: (name: string) => byName.get(name),
    list: () => all.all(),
    count: () => count.get()!.n,
    activeAdminCount: () => activeAdmins.get()!.n,
    insert: (name: string, role: Role, pinHash: string, now: number) => Number(insert.run(name, role, pinHash, now, now).lastInsertRowid),
    update: (row: { id: number; name: string; role: Role; pinHash: string; active: 0 | 1 }, now: number) => update.run({ ...row, now }),
  };
}
