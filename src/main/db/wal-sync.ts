/**
 * Durability without waiting on the disk in the event loop, for every transaction the store
 * commits: the routers' accounting reports (the busiest writer), first logins (a batch of
 * cards used at once), the sweeps, the routers' answers to Disconnects, and the till's and
 * the webhooks' writes (a sale, a top-up, a PC logout), whose callers are answered once the
 * flush that covers them returns.
 *
 * A transaction committed with synchronous=NORMAL in WAL mode is written to the WAL file
 * (the page cache: microseconds) but not flushed; synchronous=FULL would flush it in the
 * commit, blocking the event loop for the fsync (1–2 ms, tens under load). Here the flush
 * is an fdatasync of the WAL file on libuv's thread pool: the event loop goes on (more
 * reports arrive and form the next batch), and what was committed is answered once the
 * flush that covers it returns. Flushes are grouped: one in flight, the next covering
 * everything committed meanwhile (group commit).
 *
 * fdatasync through a descriptor of our own flushes the file's data however it was
 * written (Linux: per inode; Windows: FlushFileBuffers on the file). A WAL checkpoint is
 * still synced by SQLite itself (synchronous=NORMAL syncs the WAL before copying it into
 * the database and the database before the WAL is reused): a power cut never loses what
 * a flush here has confirmed.
 */
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Flushes the WAL file to disk; resolves once it is (rejects with the I/O error). */
export type FlushWal = () => Promise<void>;

/** Flushes `walFile` with fdatasync off the event loop. */
export function fdatasyncWal(walFile: string): FlushWal {
  let fd: number | null = null;
  return () =>
    new Promise<void>((resolve, reject) => {
      try {
        if (fd === null) {
          // Opened on first use: SQLite creates the WAL file at the first write. 'r+': Windows flushes only a writable handle.
          fd = openSync(walFile, 'r+');
          // The file's name must survive a power cut too: its directory is synced once (POSIX; Windows has no directory handles).
          if (process.platform !== 'win32') {
            const dir = openSync(dirname(walFile), 'r');
            try {
              fsyncSync(dir);
            } finally {
              closeSync(dir);
            }
          }
        }
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      fdatasync(fd, (err) => (err ? reject(err) : resolve()));
    });
}

export interface WalSync {
  /** Something was committed without a flush: the next `durable()` must flush. */
  committed(): void;
  /** Resolves when everything committed before the call is on disk. */
  durable(): Promise<void>;
  /** A mark of the commits so far, for `durableSince`. */
  mark(): number;
  /** Like `durable()` if anything was committed since `mark` was taken; resolved at once if nothing was (a read waits for no flush). */
  durableSince(mark: number): Promise<void>;
  /** The mark (see `mark`) up to which everything is on disk: the commits before the last flush that returned began. */
  onDiskUpTo(): number;
  /** The failed flush's error once one has failed (final), else null. */
  failure(): Error | null;
}

/**
 * Groups flushes: at most one in flight; callers during it share the next one. A flush that
 * fails is final: the kernel may have dropped the pages it could not write (and marked them
 * clean), so a later flush that succeeds proves nothing about them — and the WAL's checksums
 * chain every frame to the ones before. From then on every `durable()` rejects with that
 * error, until the app is restarted (SQLite then recovers the WAL from what is on disk).
 */
export function groupedWalSync(flush: FlushWal): WalSync {
  let dirty = false;
  let commits = 0;
  let inFlight: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  let failed: Error | null = null;
  let onDisk = 0;

  const start = (): Promise<void> => {
    dirty = false;
    const covers = commits;
    const p = flush()
      .then(() => {
        onDisk = Math.max(onDisk, covers);
      })
      .catch((err: unknown) => {
        const cause = err instanceof Error ? err : new Error(String(err));
        failed ??= new Error(`db: the disk did not confirm a write (${cause.message}); nothing more is confirmed (no sale, usage report or first login) until the app is restarted`, { cause });
        throw failed;
      })
      .finally(() => {
        if (inFlight === p) inFlight = null;
      });
    inFlight = p;
    return p;
  };

  const durable = (): Promise<void> => {
    if (failed) return Promise.reject(failed);
    if (!dirty) {
      // Nothing new since the flush in flight started: that flush covers it.
      return inFlight ?? Promise.resolve();
    }
    if (!inFlight) return start();
    // A flush is running that started before this commit: the one after it covers this.
    next ??= inFlight.then(
      () => {
        next = null;
        return failed ? Promise.reject(failed) : start();
      },
      () => {
        next = null;
        return Promise.reject(failed);
      },
    );
    return next;
  };

  return {
    committed() {
      dirty = true;
      commits++;
    },
    durable,
    mark: () => commits,
    durableSince: (mark) => (mark === commits ? Promise.resolve() : durable()),
    onDiskUpTo: () => onDisk,
    failure: () => failed,
  };
}
