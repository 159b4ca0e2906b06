/**
 * The store: the database file, its migrations, and every prepared query, grouped
 * per table. Writes that belong together go through `tx` (one synchronous
 * better-sqlite3 transaction: all or nothing, durable on return).
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { auditQueries } from './audit';
import { batchQueries } from './batches';
import { connectionQueries } from './connections';
import { deviceQueries } from './devices';
import { liveSessions } from './live-sessions';
import { openDatabase, type Db } from './sqlite';
import { migrate } from './migrate';
import { migrations } from './migrations';
import { operatorQueries } from './operators';
import { outboxQueries } from './outbox';
import { packageQueries } from './packages';
import { paymentSourceQueries } from './payment-sources';
import { reportQueries } from './reports';
import { routerQueries } from './routers';
import { saleQueries } from './sales';
import { AUTH_COLS, sessionQueries } from './sessions';
import { settingsQueries } from './settings';
import { shiftQueries } from './shifts';
import { webhookEventQueries } from './webhook-events';
import { plainBox, type SecretBox } from '../security/secret-box';
import { fdatasyncWal, groupedWalSync, type FlushWal } from './wal-sync';

export const DB_FILE = 'iwas.sqlite';

export interface StoreOptions {
  /** How secrets are kept at rest (default: as they are). */
  secrets?: SecretBox;
  /** Called when a stored secret cannot be unsealed: what it belongs to, in the café's words. */
  unreadableSecret?: (what: string, err: Error) => void;
  /** How the WAL file is flushed for `txUnsynced` (default: fdatasync on libuv's thread pool; tests hold it). */
  flushWal?: FlushWal;
}

/** Builds every prepared query for an open, migrated database. */
export function createStore(db: Db, o: StoreOptions = {}) {
  // One transaction function for every call (better-sqlite3 builds a wrapper per `transaction()`: the hot path makes one per report).
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  const box = o.secrets ?? plainBox;
  const live = liveSessions(db, AUTH_COLS);
  const walSync = groupedWalSync(o.flushWal ?? (db.memory ? () => Promise.resolve() : fdatasyncWal(`${db.name}-wal`)));
  const syncNormal = db.prepare('PRAGMA synchronous = NORMAL');
  const syncFull = db.prepare('PRAGMA synchronous = FULL');
  const tx = <T>(fn: () => T): T => {
    try {
      return inTransaction.immediate(fn) as T;
    } catch (err) {
      live.forget();
      throw err;
    }
  };
  return {
    db,
    secrets: box,
    operators: operatorQueries(db),
    packages: packageQueries(db),
    routers: routerQueries(db, box, (r, err) => o.unreadableSecret?.(`router "${r.name}" (enter its secrets again in Settings → Routers)`, err)),
    sessions: sessionQueries(db, live),
    connections: connectionQueries(db, live),
    sales: saleQueries(db),
    batches: batchQueries(db),
    shifts: shiftQueries(db),
    audit: auditQueries(db),
    outbox: outboxQueries(db),
    reports: reportQueries(db),
    settings: settingsQueries(db),
    webhookEvents: webhookEventQueries(db),
    paymentSources: paymentSourceQueries(db, box),
    devices: deviceQueries(db),
    /**
     * Runs `fn` in one transaction (BEGIN IMMEDIATE; a savepoint inside another); rolls back
     * everything if it throws, and the in-memory index of live sessions is then loaded again.
     */
    tx,
    /**
     * Like `tx`, but the commit does not wait for the disk (see wal-sync.ts): nothing of it
     * may be acknowledged outside the app before `durable()` resolves. For the RADIUS side
     * (accounting batches, first logins, the sweeps, the routers' answers to Disconnect/CoA);
     * what the till and the HTTP callers are answered for commits with synchronous=FULL.
     */
    txUnsynced<T>(fn: () => T): T {
      if (db.inTransaction) return tx(fn);
      syncNormal.run();
      try {
        return tx(fn);
      } finally {
        syncFull.run();
        walSync.committed();
      }
    },
    /** Loads the in-memory index of live sessions again, after SQL that went around the store (tests that make an older version's data). */
    reindex: () => live.forget(),
    /** Resolves when every transaction committed so far is on disk. */
    durable: () => walSync.durable(),
  };
}

export type Store = ReturnType<typeof createStore>;

/** Opens `<dataDir>/iwas.sqlite`, creating the directory, and applies pending migrations; throws on drift. */
export function openStore(dataDir: string, now: () => number = Date.now, o: StoreOptions & { nativeBinding?: string | undefined } = {}): { store: Store; file: string; applied: string[] } {
  // Only this user reads the till's data (sales, secrets in serve mode).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DB_FILE);
  // Only this user reads the database (sales, sealed secrets, operators' PIN hashes): a new file is
  // created 0600, an older one tightened; SQLite gives its WAL file the database's mode.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = openDatabase(file, { nativeBinding: o.nativeBinding });
  try {
    const applied = migrate(db, migrations, now);
    return { store: createStore(db, o), file, applied };
  } catch (err) {
    db.close();
    throw err;
  }
}
