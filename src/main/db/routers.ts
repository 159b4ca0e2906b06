/** SQL for routers (the RADIUS clients this PC serves). Secrets are sealed on the way in and opened on the way out. */
import { plainBox, type SecretBox } from '../security/secret-box';
import type { Db } from './sqlite';

export type RequireMa = 'auto' | 'yes' | 'no';

export interface RouterRow {
  id: number;
  name: string;
  ip: string;
  secret: string;
  coaPort: number;
  requireMessageAuthenticator: RequireMa;
  messageAuthenticatorSeen: 0 | 1;
  apiHost: string | null;
  apiPort: number | null;
  apiUser: string | null;
  apiPassword: string | null;
  apiTls: 0 | 1;
  lastSeenAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type RouterFields = Omit<RouterRow, 'id' | 'messageAuthenticatorSeen' | 'lastSeenAt' | 'createdAt' | 'updatedAt'>;

const COLS = `id, name, ip, secret, coa_port AS coaPort, require_message_authenticator AS requireMessageAuthenticator,
  message_authenticator_seen AS messageAuthenticatorSeen, api_host AS apiHost, api_port AS apiPort, api_user AS apiUser,
  api_password AS apiPassword, api_tls AS apiTls, last_seen_at AS lastSeenAt, created_at AS createdAt, updated_at AS updatedAt`;

/**
 * Prepared statements for the routers table (removed routers are kept for history and
 * hidden). A secret that cannot be unsealed (the database was moved to another PC) reads
 * as empty and is reported through `unreadable`, so the router can be fixed in Settings.
 */
export function routerQueries(db: Db, box: SecretBox = plainBox, unreadable: (router: RouterRow, err: Error) => void = () => {}) {
  const open = (r: RouterRow, stored: string): string => {
    try {
      return box.open(stored);
    } catch (err) {
      unreadable(r, err as Error);
      return '';
    }
  };
  const reveal = <R extends RouterRow | undefined>(r: R): R =>
    r && ({ ...r, secret: open(r, r.secret), apiPassword: r.apiPassword === null ? null : open(r, r.apiPassword) } as R);
  const sealed = (r: RouterFields): RouterFields => ({ ...r, secret: box.seal(r.secret), apiPassword: r.apiPassword === null ? null : box.seal(r.apiPassword) });
  const raw = db.prepare<[], { id: number; secret: string; apiPassword: string | null }>('SELECT id, secret, api_password AS apiPassword FROM routers');
  const rewrite = db.prepare<[string, string | null, number]>('UPDATE routers SET secret = ?, api_password = ? WHERE id = ?');
  const byId = db.prepare<[number], RouterRow>(`SELECT ${COLS} FROM routers WHERE id = ? AND removed_at IS NULL`);
  const byIdAny = db.prepare<[number], RouterRow>(`SELECT ${COLS} FROM routers WHERE id = ?`);
  const byIp = db.prepare<[string], RouterRow>(`SELECT ${COLS} FROM routers WHERE ip = ? AND removed_at IS NULL`);
  const list = db.prepare<[], RouterRow>(`SELECT ${COLS} FROM routers WHERE removed_at IS NULL ORDER BY name, id`);
  const insert = db.prepare<RouterFields & { now: number }>(
    `INSERT INTO routers (name, ip, secret, coa_port, require_message_authenticator, api_host, api_port, api_user,
       api_password, api_tls, created_at, updated_at)
     VALUES (@name, @ip, @secret, @coaPort, @requireMessageAuthenticator, @apiHost, @apiPort, @apiUser, @apiPassword,
       @apiTls, @now, @now)`,
  );
  const update = db.prepare<RouterFields & { id: number; now: number }>(
    `UPDATE routers SET name = @name, ip = @ip, secret = @secret, coa_port = @coaPort,
       require_message_authenticator = @requireMessageAuthenticator, api_host = @apiHost, api_port = @apiPort,
       api_user = @apiUser, api_password = @apiPassword, api_tls = @apiTls, updated_at = @now
     WHERE id = @id AND removed_at IS NULL`,
  );
  const remove = db.prepare<[number, number]>('UPDATE routers SET removed_at = ? WHERE id = ? AND removed_at IS NULL');
  const markMaSeen = db.prepare<[number]>('UPDATE routers SET message_authenticator_seen = 1 WHERE id = ?');
  const touch = db.prepare<[number, number]>('UPDATE routers SET last_seen_at = ? WHERE id = ?');
  return {
    get: (id: number) => reveal(byId.get(id)),
    /** Includes removed routers (for history views). */
    getAny: (id: number) => reveal(byIdAny.get(id)),
    byIp: (ip: string) => reveal(byIp.get(ip)),
    list: () => list.all().map(reveal),
    insert: (r: RouterFields, now: number) => Number(insert.run({ ...sealed(r), now }).lastInsertRowid),
    update: (id: number, r: RouterFields, now: number) => update.run({ ...sealed(r), id, now }).changes,
    /** Seals secrets stored before sealing was available (or in serve mode); returns how many routers changed. */
    resealAll(): number {
      let changed = 0;
      for (const r of raw.all()) {
        if (box.isSealed(r.secret) && (r.apiPassword === null || box.isSealed(r.apiPassword))) continue;
        const secret = box.isSealed(r.secret) ? r.secret : box.seal(r.secret);
        const apiPassword = r.apiPassword === null || box.isSealed(r.apiPassword) ? r.apiPassword : box.seal(r.apiPassword);
        rewrite.run(secret, apiPassword, r.id);
        changed++;
      }
      return changed;
    },
    remove: (id: number, now: number) => remove.run(now, id).changes,
    markMessageAuthenticatorSeen: (id: number) => markMaSeen.run(id),
    touch: (id: number, at: number) => touch.run(at, id),
  };
}
