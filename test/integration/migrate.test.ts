import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/sqlite';
import { checksumOf, migrate, MigrationDriftError, type Migration } from '../../src/main/db/migrate';
import { migrations } from '../../src/main/db/migrations';
import { openStore } from '../../src/main/db/store';
import { tempDir } from '../helpers/temp';

const tables = ['audit_log', 'connections', 'disconnect_outbox', 'operators', 'packages', 'routers', 'sales', 'sessions', 'settings', 'shifts', 'webhook_events'];

describe('store and migrations', () => {
  it('creates every table from empty, STRICT, with WAL, NORMAL sync (flushed by wal-sync) and foreign keys', () => {
    const { store, applied } = openStore(tempDir());
    expect(applied).toEqual(migrations.map((m) => m.name));
    const db = store.db;
    const list = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as { name: string; strict: number }[];
    for (const t of tables) expect(list).toContainEqual({ name: t, strict: 1 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // NORMAL once the store is made: its commits are flushed by wal-sync, off the event loop (the migrations ran with FULL).
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.db.close();
  });

  it('re-running applies nothing and keeps the data', () => {
    const dir = tempDir();
    const first = openStore(dir);
    first.store.settings.put('cafe', { name: 'Kept' });
    first.store.db.close();
    const second = openStore(dir);
    expect(second.applied).toEqual([]);
    expect(second.store.settings.all()).toEqual([{ key: 'cafe', value: '{"name":"Kept"}' }]);
    second.store.db.close();
  });

  it('refuses to start when the database has a migration this build does not ship', () => {
    const dir = tempDir();
    openStore(dir).store.db.close();
    const db = openDatabase(join(dir, 'iwas.sqlite'));
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, ?)').run(migrations.length + 1, '9999-from-the-future', 'x', 0);
    db.close();
    expect(() => openStore(dir)).toThrow(MigrationDriftError);
    expect(() => openStore(dir)).toThrow(/does not ship.*refusing to start/);
  });

  it('refuses to start when a shipped migration changed after it was applied', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'x.sqlite'));
    migrate(db, [{ version: 1, name: '0001-a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' }]);
    const edited: Migration[] = [{ version: 1, name: '0001-a', sql: 'CREATE TABLE a (x INTEGER, y INTEGER) STRICT;' }];
    expect(() => migrate(db, edited)).toThrow(/migration 1 was applied as 0001-a but the app ships a different 0001-a/);
    const renamed: Migration[] = [{ version: 1, name: '0001-b', sql: 'CREATE TABLE a (x INTEGER) STRICT;' }];
    expect(() => migrate(db, renamed)).toThrow(MigrationDriftError);
    db.close();
  });

  it('applies only the new migrations, each atomically: a failing one leaves nothing behind', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'x.sqlite'));
    const one: Migration = { version: 1, name: '0001-a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' };
    expect(migrate(db, [one])).toEqual(['0001-a']);
    const bad: Migration = { version: 2, name: '0002-b', sql: 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);' };
    expect(() => migrate(db, [one, bad])).toThrow(/no such table: nowhere/);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT version, checksum FROM schema_migrations').all()).toEqual([{ version: 1, checksum: checksumOf(one.sql) }]);
    const good: Migration = { version: 2, name: '0002-b', sql: 'CREATE TABLE b (x INTEGER) STRICT;' };
    expect(migrate(db, [one, good])).toEqual(['0002-b']);
    db.close();
  });

  it('refuses shipped migrations with gaps', () => {
    const db = openDatabase(join(tempDir(), 'x.sqlite'));
    expect(() => migrate(db, [{ version: 2, name: '0002', sql: '' }])).toThrow(/without gaps/);
    db.close();
  });

  it('0002 on a database from 0001: packages get keys 1–9 in Sell order, old sales keep no shift', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'iwas.sqlite'));
    expect(migrate(db, migrations.slice(0, 1))).toEqual(['0001-initial']);
    db.exec(`INSERT INTO operators (name, role, pin_hash, created_at, updated_at) VALUES ('a', 'admin', 'x', 0, 0)`);
    // Sell order is sort order, then price, then id: twelve packages, one retired.
    const add = db.prepare('INSERT INTO packages (name, pricing, price_minor, time_limit_s, sort_order, active, created_at, updated_at) VALUES (?, ?, ?, 60, ?, ?, 0, 0)');
    for (let i = 1; i <= 12; i++) add.run(`p${i}`, 'fixed', 100 * (13 - i), i <= 6 ? 1 : 0, i === 3 ? 0 : 1);
    db.exec(`INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, device_limit, created_at)
        VALUES ('voucher', 'abc', 'abc', 'PENDING', 1, 'p', 1, 0);
      INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor,
        payment_method, operator_id, created_at) VALUES ('sale', 1, 1, 'p', '{}', 100, 100, 0, 'cash', 1, 0);`);
    db.close();

    const { store, applied } = openStore(dir);
    expect(applied).toEqual(['0002-shifts-keys-unused-expiry', '0003-card-batches-payment-refs', '0004-payment-sources', '0005-owner-language-devices', '0006-reused-acct-session-ids', '0007-ignored-disconnects', '0008-refused-payments', '0009-refused-payments-settled']);
    const keys = store.db.prepare('SELECT name, hotkey FROM packages ORDER BY id').all() as { name: string; hotkey: number | null }[];
    // sort_order 0: p12 (100), p11, p10, p9, p8, p7 (600); then sort_order 1: p6 (700), p5, p4 (900), p2 (1100), p1 (1200); p3 is retired.
    expect(Object.fromEntries(keys.map((k) => [k.name, k.hotkey]))).toEqual({
      p12: 1, p11: 2, p10: 3, p9: 4, p8: 5, p7: 6, p6: 7, p5: 8, p4: 9, p2: null, p1: null, p3: null,
    });
    expect(store.db.prepare('SELECT shift_id AS shiftId FROM sales').all()).toEqual([{ shiftId: null }]);
    expect(store.db.prepare('SELECT unused_expires_at AS u FROM sessions').all()).toEqual([{ u: null }]);
    // One open shift per operator; a second one is refused by the schema itself.
    store.db.exec('INSERT INTO shifts (operator_id, opened_at) VALUES (1, 0)');
    expect(() => store.db.exec('INSERT INTO shifts (operator_id, opened_at) VALUES (1, 1)')).toThrow(/UNIQUE constraint/);
    expect(() => store.db.exec('UPDATE shifts SET closed_at = 5')).toThrow(/CHECK constraint/);
    store.db.close();
  });

  it('0003 on a database from 0002: sessions are rebuilt with every row and reference kept, STOCK allowed, foreign keys back on', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'iwas.sqlite'));
    migrate(db, migrations.slice(0, 2));
    db.exec(`INSERT INTO operators (name, role, pin_hash, created_at, updated_at) VALUES ('a', 'admin', 'x', 0, 0);
      INSERT INTO packages (name, pricing, price_minor, time_limit_s, created_at, updated_at) VALUES ('p', 'fixed', 100, 60, 0, 0);
      INSERT INTO routers (name, ip, secret, created_at, updated_at) VALUES ('r', '10.0.0.1', 'secret', 0, 0);
      INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, device_limit, created_at, first_login_at, unused_expires_at)
        VALUES ('voucher', 'abc', 'abc', 'ACTIVE', 1, 'p', 1, 5, 6, 7), ('voucher', 'def', 'def', 'PENDING', 1, 'p', 1, 8, NULL, 9);
      INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor, payment_method, operator_id, created_at)
        VALUES ('sale', 2, 1, 'p', '{}', 100, 100, 0, 'cash', 1, 0);
      INSERT INTO connections (session_id, router_id, acct_session_id, user_name, started_at, last_update_at) VALUES (1, 1, 'x1', 'abc', 0, 0);
      INSERT INTO disconnect_outbox (kind, connection_id, session_id, router_id, reason, next_attempt_at, created_at, updated_at) VALUES ('coa', 1, 1, 1, 'r', 0, 0, 0);`);
    const before = db.prepare('SELECT * FROM sessions ORDER BY id').all();
    db.close();

    const { store, applied } = openStore(dir);
    expect(applied).toEqual(['0003-card-batches-payment-refs', '0004-payment-sources', '0005-owner-language-devices', '0006-reused-acct-session-ids', '0007-ignored-disconnects', '0008-refused-payments', '0009-refused-payments-settled']);
    const after = store.db.prepare('SELECT * FROM sessions ORDER BY id').all() as Record<string, unknown>[];
    expect(after.map(({ batch_id: _b, source_id: _s, ...rest }) => rest)).toEqual(before);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    expect(store.db.prepare('SELECT wallet, payment_ref AS ref FROM sales').all()).toEqual([{ wallet: null, ref: null }]);
    // The references still hold: a sale of a session that does not exist is refused.
    expect(() => store.db.exec(`INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor, payment_method, operator_id, created_at)
      VALUES ('sale', 99, 1, 'p', '{}', 100, 100, 0, 'cash', 1, 0)`)).toThrow(/FOREIGN KEY/);
    // A card in stock needs its batch; a code in stock is taken for every other usable voucher.
    expect(() => store.db.exec(`INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, device_limit, created_at) VALUES ('voucher', 'ghi', 'ghi', 'STOCK', 1, 'p', 1, 0)`)).toThrow(/CHECK constraint/);
    store.db.exec(`INSERT INTO batches (package_id, package_name, package_terms, price_minor, count, mode, sold_when, created_by, created_at) VALUES (1, 'p', '{}', 100, 1, 'code', 'first-use', 1, 0);
      INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, device_limit, created_at, batch_id) VALUES ('voucher', 'ghi', 'ghi', 'STOCK', 1, 'p', 1, 0, 1)`);
    expect(() => store.db.exec(`INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, device_limit, created_at) VALUES ('voucher', 'ghi', 'x', 'PENDING', 1, 'p', 1, 0)`)).toThrow(/UNIQUE constraint/);
    store.db.close();
  });

  it('0004 on a database from 0003: sales are rebuilt with every row kept; a self-service sale names its source and no operator, a coin sale needs a source', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'iwas.sqlite'));
    migrate(db, migrations.slice(0, 3));
    db.exec(`INSERT INTO operators (name, role, pin_hash, created_at, updated_at) VALUES ('a', 'admin', 'x', 0, 0);
      INSERT INTO packages (name, pricing, price_minor, time_limit_s, created_at, updated_at) VALUES ('p', 'fixed', 100, 60, 0, 0);
      INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, device_limit, created_at) VALUES ('voucher', 'abc', 'abc', 'PENDING', 1, 'p', 1, 5);
      INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor, payment_method, operator_id, created_at, wallet, payment_ref)
        VALUES ('sale', 1, 1, 'p', '{}', 100, 100, 0, 'e-wallet', 1, 0, 'GCash', 'REF-1');
      INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor, payment_method, operator_id, created_at, voids_sale_id, reason)
        VALUES ('void', 1, 1, 'p', '{}', -100, -100, 0, 'e-wallet', 1, 1, 1, 'oops');`);
    const before = db.prepare('SELECT * FROM sales ORDER BY id').all();
    db.close();

    const { store, applied } = openStore(dir);
    expect(applied).toEqual(['0004-payment-sources', '0005-owner-language-devices', '0006-reused-acct-session-ids', '0007-ignored-disconnects', '0008-refused-payments', '0009-refused-payments-settled']);
    const after = store.db.prepare('SELECT * FROM sales ORDER BY id').all() as Record<string, unknown>[];
    expect(after.map(({ source_id: s, ...rest }) => (expect(s).toBeNull(), rest))).toEqual(before);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    const insert = (operator: string, method: string, source: string) =>
      store.db.exec(`INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor, payment_method, operator_id, source_id, created_at)
        VALUES ('topup', 1, 1, 'p', '{}', 100, 100, 0, '${method}', ${operator}, ${source}, 2)`);
    expect(() => insert('NULL', 'cash', 'NULL')).toThrow(/CHECK constraint/);
    expect(() => insert('1', 'coin', 'NULL')).toThrow(/CHECK constraint/);
    store.db.exec(`INSERT INTO payment_sources (key, name, kind, secret, enabled, package_ids, default_package_id, created_at, updated_at) VALUES ('coin-1', 'Coin', 'coin', 's', 1, '[1]', 1, 0, 0)`);
    insert('NULL', 'coin', '1');
    expect(() => store.db.exec("UPDATE sales SET price_minor = 0 WHERE id = 3")).toThrow(/append-only/);
    expect(store.sales.get(3)).toMatchObject({ operatorId: null, operatorName: 'self-service: Coin', sourceId: 1, paymentMethod: 'coin' });
    store.db.close();
  });

  it('0005 on a database from 0004: operators are rebuilt with every row and reference kept; owner is a role; an operator may have a language', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'iwas.sqlite'));
    migrate(db, migrations.slice(0, 4));
    db.exec(`INSERT INTO operators (name, role, pin_hash, active, created_at, updated_at) VALUES ('Ana', 'admin', 'x', 1, 1, 2), ('bea', 'cashier', 'y', 0, 3, 4);
      INSERT INTO packages (name, pricing, price_minor, time_limit_s, created_at, updated_at) VALUES ('p', 'fixed', 100, 60, 0, 0);
      INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, device_limit, created_at) VALUES ('voucher', 'abc', 'abc', 'PENDING', 1, 'p', 1, 5);
      INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor, payment_method, operator_id, created_at)
        VALUES ('sale', 1, 1, 'p', '{}', 100, 100, 0, 'cash', 2, 0);`);
    const before = db.prepare('SELECT * FROM operators ORDER BY id').all();
    db.close();

    const { store, applied } = openStore(dir);
    expect(applied).toEqual(['0005-owner-language-devices', '0006-reused-acct-session-ids', '0007-ignored-disconnects', '0008-refused-payments', '0009-refused-payments-settled']);
    expect((store.db.prepare('SELECT * FROM operators ORDER BY id').all() as Record<string, unknown>[]).map(({ language, ...rest }) => (expect(language).toBeNull(), rest))).toEqual(before);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    expect(store.sales.get(1)).toMatchObject({ operatorId: 2, operatorName: 'bea' });
    // Names stay unique regardless of case; owner is a role now, a made-up role or language is not.
    expect(() => store.operators.insert('ANA', 'cashier', 'z', 5)).toThrow(/UNIQUE constraint/);
    const owner = store.operators.insert('Olivia', 'owner', 'z', 5);
    expect(() => store.db.exec("INSERT INTO operators (name, role, pin_hash, created_at, updated_at) VALUES ('x', 'boss', 'z', 0, 0)")).toThrow(/CHECK constraint/);
    store.operators.setLanguage(owner, 'fil', 6);
    expect(store.operators.get(owner)).toMatchObject({ role: 'owner', language: 'fil' });
    expect(() => store.db.exec(`UPDATE operators SET language = 'de' WHERE id = ${owner}`)).toThrow(/CHECK constraint/);
    // A sale by an operator who does not exist is still refused.
    expect(() => store.db.exec(`INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor, payment_method, operator_id, created_at)
      VALUES ('topup', 1, 1, 'p', '{}', 100, 100, 0, 'cash', 99, 0)`)).toThrow(/FOREIGN KEY/);
    store.db.close();
  });

  it('0006 on a database from 0005: connections are rebuilt with every row and reference kept; an Acct-Session-Id is unique among a router\'s open connections only', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'iwas.sqlite'));
    migrate(db, migrations.slice(0, 5));
    db.exec(`INSERT INTO packages (name, pricing, price_minor, time_limit_s, created_at, updated_at) VALUES ('p', 'fixed', 100, 60, 0, 0);
      INSERT INTO routers (name, ip, secret, created_at, updated_at) VALUES ('r', '10.0.0.1', 'secret', 0, 0);
      INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, device_limit, created_at) VALUES ('voucher', 'abc', 'abc', 'ACTIVE', 1, 'p', 1, 5), ('voucher', 'def', 'def', 'ACTIVE', 1, 'p', 1, 6);
      INSERT INTO connections (session_id, router_id, acct_session_id, user_name, mac, ip, started_at, last_update_at, ended_at, end_cause, in_octets, out_octets, session_time_s)
        VALUES (1, 1, '80000001', 'abc', 'AA:BB:CC:DD:EE:01', '10.5.50.11', 10, 20, 30, 'Stop', 1, 2, 3), (2, 1, '80000002', 'def', NULL, NULL, 40, 50, NULL, NULL, 0, 0, 0);
      INSERT INTO disconnect_outbox (kind, connection_id, session_id, router_id, reason, next_attempt_at, created_at, updated_at) VALUES ('disconnect', 2, 2, 1, 'r', 0, 0, 0);`);
    const before = db.prepare('SELECT * FROM connections ORDER BY id').all();
    db.close();

    const { store, applied } = openStore(dir);
    expect(applied).toEqual(['0006-reused-acct-session-ids', '0007-ignored-disconnects', '0008-refused-payments', '0009-refused-payments-settled']);
    // 0007 then adds a count that starts at 0.
    expect(store.db.prepare('SELECT * FROM connections ORDER BY id').all()).toEqual(before.map((r) => ({ ...(r as object), ignored_disconnects: 0 })));
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    const insert = (sid: string) =>
      store.db.exec(`INSERT INTO connections (session_id, router_id, acct_session_id, user_name, started_at, last_update_at) VALUES (2, 1, '${sid}', 'def', 60, 60)`);
    // The router reused the closed connection's id for a new login; an open connection's id is still taken.
    insert('80000001');
    expect(() => insert('80000002')).toThrow(/UNIQUE constraint/);
    expect(() => store.db.exec(`INSERT INTO connections (session_id, router_id, acct_session_id, user_name, started_at, last_update_at) VALUES (9, 1, 'x', 'x', 0, 0)`)).toThrow(/FOREIGN KEY/);
    store.db.close();
  });

  it('rolls back a migration that leaves a row pointing nowhere, and keeps foreign keys on', () => {
    const db = openDatabase(join(tempDir(), 'x.sqlite'));
    const parent: Migration = { version: 1, name: '0001-a', sql: 'CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT; CREATE TABLE b (a_id INTEGER REFERENCES a (id)) STRICT; INSERT INTO a VALUES (1); INSERT INTO b VALUES (1);' };
    migrate(db, [parent]);
    const dropsParent: Migration = { version: 2, name: '0002-b', sql: 'DROP TABLE a; CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT;' };
    expect(() => migrate(db, [parent, dropsParent])).toThrow(/0002-b leaves 1 row\(s\) pointing nowhere/);
    expect(db.prepare('SELECT id FROM a').all()).toEqual([{ id: 1 }]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('keeps the sales ledger and audit log append-only', () => {
    const { store } = openStore(tempDir());
    const db = store.db;
    db.exec(`INSERT INTO operators (name, role, pin_hash, created_at, updated_at) VALUES ('a', 'admin', 'x', 0, 0);
      INSERT INTO packages (name, pricing, price_minor, time_limit_s, created_at, updated_at) VALUES ('p', 'fixed', 100, 60, 0, 0);
      INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, device_limit, created_at)
        VALUES ('voucher', 'abc', 'abc', 'PENDING', 1, 'p', 1, 0);
      INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor,
        payment_method, operator_id, created_at) VALUES ('sale', 1, 1, 'p', '{}', 100, 100, 0, 'cash', 1, 0);
      INSERT INTO audit_log (at, actor_kind, actor_name, action, entity) VALUES (0, 'system', 's', 'x', 'y');`);
    expect(() => db.exec('UPDATE sales SET price_minor = 1')).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM sales')).toThrow(/append-only/);
    expect(() => db.exec("UPDATE audit_log SET action = 'z'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    expect(() =>
      db.exec(`INSERT INTO sales (kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor,
        payment_method, operator_id, created_at) VALUES ('sale', 1, 1, 'p', '{}', 100, 50, -50, 'cash', 1, 0)`),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});
