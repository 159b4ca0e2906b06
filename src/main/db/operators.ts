/** SQL for operators (the people at the counter). */
import type { Role } from '../../shared/domain';
import type { Language } from '../../shared/i18n/languages';
import type { Db } from './sqlite';

export interface OperatorRow {
  id: number;
  name: string;
  role: Role;
  pinHash: string;
  active: 0 | 1;
  createdAt: number;
  language: Language | null;
}

const COLS = 'id, name, role, pin_hash AS pinHash, active, created_at AS createdAt, language';

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
  const setLanguage = db.prepare<[Language | null, number, number]>('UPDATE operators SET language = ?, updated_at = ? WHERE id = ?');
  // Sign-ins (operator tokens by their SHA-256), so a till stays signed in across a restart.
  const signinInsert = db.prepare<[Buffer, number, number, number]>('INSERT INTO operator_signins (token_sha256, operator_id, created_at, last_used_at) VALUES (?, ?, ?, ?)');
  const signinGet = db.prepare<[Buffer], { operatorId: number; lastUsedAt: number }>('SELECT operator_id AS operatorId, last_used_at AS lastUsedAt FROM operator_signins WHERE token_sha256 = ?');
  const signinTouch = db.prepare<[number, Buffer]>('UPDATE operator_signins SET last_used_at = ? WHERE token_sha256 = ?');
  const signinDelete = db.prepare<[Buffer]>('DELETE FROM operator_signins WHERE token_sha256 = ?');
  const signinDeleteFor = db.prepare<[number]>('DELETE FROM operator_signins WHERE operator_id = ?');
  const signinDeleteIdle = db.prepare<[number]>('DELETE FROM operator_signins WHERE last_used_at < ?');
  return {
    setLanguage: (id: number, language: Language | null, now: number) => setLanguage.run(language, now, id),
    signins: {
      insert: (sha: Buffer, operatorId: number, now: number) => signinInsert.run(sha, operatorId, now, now),
      get: (sha: Buffer) => signinGet.get(sha),
      touch: (sha: Buffer, now: number) => signinTouch.run(now, sha),
      delete: (sha: Buffer) => signinDelete.run(sha),
      deleteFor: (operatorId: number) => signinDeleteFor.run(operatorId),
      deleteIdle: (before: number) => signinDeleteIdle.run(before).changes,
    },
    get: (id: number) => byId.get(id),
    byName: (name: string) => byName.get(name),
    list: () => all.all(),
    count: () => count.get()!.n,
    activeAdminCount: () => activeAdmins.get()!.n,
    insert: (name: string, role: Role, pinHash: string, now: number) => Number(insert.run(name, role, pinHash, now, now).lastInsertRowid),
    update: (row: { id: number; name: string; role: Role; pinHash: string; active: 0 | 1 }, now: number) => update.run({ ...row, now }),
  };
}
