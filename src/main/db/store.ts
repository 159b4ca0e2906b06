/**
 * The store: the database file, its migrations, and every prepared query, grouped
 * per table. Writes that belong together go through `tx` (one synchronous
 * better-sqlite3 transaction: all or nothing, committed on return and on disk once
 * `durable()` resolves — the fsync runs off the event loop, see wal-sync.ts).
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
import { diskFailed } from './on-disk';
import { fdatasyncWal, groupedWalSync, type FlushWal } from './wal-sync';

export const DB_FILE = 'iwas.sqlite';

export interface StoreOptions {
  /** How secrets are kept at rest (default: as they are). */
  secrets?: SecretBox;
  /** Called when a stored secret cannot be unsealed: what it belongs to, in the café's words. */
  unreadableSecret?: (what: string, err: Error) => void;
  /** How the WAL file is flushed after commits (default: fdatasync on libuv's thread pool; tests hold it). */
  flushWal?: FlushWal;
}

/** Builds every prepared query for an open, migrated database. */
export function createStore(db: Db, o: StoreOptions = {}) {
  // One transaction function for every call (better-sqlite3 builds a wrapper per `transaction()`: the hot path makes one per report).
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  const box = o.secrets ?? plainBox;
  const walSync = groupedWalSync(o.flushWal ?? (db.memory ? () => Promise.resolve() : fdatasyncWal(`${db.name}-wal`)));
  // Sessions whose last change may not be on disk yet, with the commit mark that covers it (see sessionOnDisk).
  const unsettled = new Map<number, number>();
  let pruneAt = 4096;
  const live = liveSessions(db, AUTH_COLS, (id) => {
    if (unsettled.size >= pruneAt) {
      // Sessions not logged in with since their change was flushed; a batch of cards still in its transaction stays (hence the doubling).
      for (const [k, at] of unsettled) if (at <= walSync.onDiskUpTo()) unsettled.delete(k);
      pruneAt = Math.max(4096, 2 * unsettled.size);
    }
    // The next mark: this write is noted (noteWrites) by then.
    unsettled.set(id, walSync.mark() + 1);
  });
  // Every commit from here on writes the WAL without waiting for the disk; wal-sync flushes it (the migrations, before, ran with FULL).
  db.pragma('synchronous = NORMAL');
  const changes = db.prepare('SELECT total_changes()').pluck();
  let changesSeen = changes.get() as number;
  /**
   * Tells wal-sync whether anything was written since it last looked (SQLite's count of rows
   * written: a transaction that changed none, a webhook's duplicate say, asks for no flush).
   * Looked at around each transaction and whenever someone asks what is on disk, so a write
   * outside `tx` (a router's first Message-Authenticator, the daily summary's state) is
   * covered like any other.
   */
  const noteWrites = () => {
    // Inside a transaction its own changes, not committed yet, would be counted: they are noted at its end.
    if (db.inTransaction || !db.open) return;
    const n = changes.get() as number;
    if (n !== changesSeen) {
      changesSeen = n;
      walSync.committed();
    }
  };
  const durable = () => {
    noteWrites();
    return walSync.durable();
  };
  const inOne = <T>(fn: () => T): T => {
    try {
      return inTransaction.immediate(fn) as T;
    } catch (err) {
      live.forget();
      throw err;
    }
  };
  /**
   * The commit writes the WAL (the page cache: microseconds) with synchronous=NORMAL, and
   * the flush to disk is wal-sync's, off the event loop: the main thread never waits on an
   * fsync for a commit. Once a flush has failed nothing more is committed (wal-sync.ts: the
   * failure is final).
   */
  const tx = <T>(fn: () => T): T => {
    if (db.inTransaction) return inOne(fn);
    const failed = walSync.failure();
    if (failed) throw diskFailed(failed);
    // Noted before (a write outside a transaction since, for a `durable()` called inside this one) and after.
    noteWrites();
    try {
      return inOne(fn);
    } finally {
      noteWrites();
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
     * Committed on return, on disk once `durable()` resolves: nothing of it may be
     * acknowledged outside the app before (a reply to a router, a caller, a Disconnect).
     */
    tx,
    /** Loads the in-memory index of live sessions again, after SQL that went around the store (tests that make an older version's data). */
    reindex: () => live.forget(),
    /** Resolves when every transaction committed so far is on disk (rejects, from then on, once the disk fails a flush). */
    durable,
    /**
     * Null when the session's last change (a sale, top-up, first login, end) is on disk; else a
     * promise that resolves once it is. An Access-Accept that rests on a top-up waits for it, as
     * the cashier's "topped up" does (it rejects once the disk has failed: no answer).
     */
    sessionOnDisk(id: number): Promise<void> | null {
      const at = unsettled.get(id);
      if (at === undefined) return null;
      if (at <= walSync.onDiskUpTo()) {
        unsettled.delete(id);
        return null;
      }
      return durable();
    },
    /** A mark of the commits so far: `durableSince(mark)` waits for the disk only if something was committed after it. */
    commitMark: () => {
      noteWrites();
      return walSync.mark();
    },
    durableSince: (mark: number) => {
      noteWrites();
      return walSync.durableSince(mark);
    },
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
