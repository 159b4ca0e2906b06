/**
 * Opens the SQLite database with the settings every promise depends on: WAL,
 * synchronous=FULL (the migrations run so; the store then commits with NORMAL and flushes
 * off the event loop before anything is acknowledged — db/store.ts, db/wal-sync.ts),
 * foreign keys on. Fails loudly when the file system cannot give us WAL.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens (creating if needed) the database file; throws `db: …` if WAL or FULL sync cannot be set. `nativeBinding`: a better-sqlite3 addon built for another runtime (Electron). */
export function openDatabase(file: string, options: { readonly?: boolean; nativeBinding?: string | undefined } = {}): Db {
  // nativeBinding: the desktop app's better-sqlite3 built for Electron (its own ABI), beside the one Node uses.
  const db = new Database(file, { readonly: options.readonly ?? false, timeout: 5000, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    if (!options.readonly) {
      // The app is the database's only user: holding the lock for the connection's life
      // saves the lock/unlock and stat system calls SQLite makes around every statement
      // (and keeps a second copy of the app, or a stray tool, from writing underneath it).
      // Set before WAL is entered, so no shared-memory index is used at all.
      db.pragma('locking_mode = EXCLUSIVE');
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') {
        throw new Error(`db: the file system refused WAL mode for ${file} (got ${String(mode)})`);
      }
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (db.pragma('foreign_keys', { simple: true }) !== 1) throw new Error('db: foreign keys could not be enabled');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Runs PRAGMA integrity_check; returns "ok" or the first problems found. */
export function integrityCheck(db: Db): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}
