/**
 * Forward-only numbered migrations. The database records what it has applied (name
 * and checksum); the app refuses to start unless that list is a prefix of the
 * migrations it ships, unchanged. Each migration runs in its own transaction, with
 * foreign keys off (SQLite's way to rebuild a table that others reference) and checked
 * before it commits: a migration that leaves a dangling reference is rolled back.
 */
import { createHash } from 'node:crypto';
import type { Db } from './sqlite';

export interface Migration {
  /** 1, 2, 3 … without gaps. */
  version: number;
  /** e.g. "0001-initial". */
  name: string;
  sql: string;
}

export class MigrationDriftError extends Error {
  constructor(message: string) {
    super(`db: ${message}`);
    this.name = 'MigrationDriftError';
  }
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/** sha256 of a migration's SQL, as recorded when applied. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Applies the shipped migrations the database does not have yet and returns their
 * names. Throws MigrationDriftError, before changing anything, when the applied
 * list is not a prefix of the shipped one or a shipped migration changed since.
 */
export function migrate(db: Db, shipped: readonly Migration[], now: () => number = Date.now): string[] {
  shipped.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`db: shipped migrations must be numbered 1..n without gaps (found ${m.version} at ${i + 1})`);
  });

  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);

  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  applied.forEach((row, i) => {
    const m = shipped[i];
    if (!m || row.version !== m.version) {
      throw new MigrationDriftError(
        `the database has migration ${row.name} (version ${row.version}) that this version of the app does not ship; it was written by a newer or different build — refusing to start`,
      );
    }
    if (row.name !== m.name || row.checksum !== checksumOf(m.sql)) {
      throw new MigrationDriftError(`migration ${row.version} was applied as ${row.name} but the app ships a different ${m.name}; refusing to start`);
    }
  });

  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const done: string[] = [];
  const pending = shipped.slice(applied.length);
  if (!pending.length) return done;
  // Only outside a transaction does this take effect.
  const foreignKeys = db.pragma('foreign_keys', { simple: true });
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of pending) {
      db.transaction(() => {
        db.exec(m.sql);
        const dangling = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
        if (dangling.length) {
          const first = dangling[0]!;
          throw new Error(`db: migration ${m.name} leaves ${dangling.length} row(s) pointing nowhere (first: ${first.table} row ${first.rowid} → ${first.parent}); nothing was changed`);
        }
        record.run(m.version, m.name, checksumOf(m.sql), now());
      })();
      done.push(m.name);
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return done;
}
