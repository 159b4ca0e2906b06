/**
 * Durability without waiting on the disk in the event loop, for the busiest writer (the
 * routers' accounting reports).
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
import { fdatasync, openSync } from 'node:fs';

/** Flushes the WAL file to disk; resolves once it is (rejects with the I/O error). */
export type FlushWal = () => Promise<void>;

/** Flushes `walFile` with fdatasync off the event loop. */
export function fdatasyncWal(walFile: string): FlushWal {
  let fd: number | null = null;
  return () =>
    new Promise<void>((resolve, reject) => {
      try {
        // Opened on first use: SQLite creates the WAL file at the first write. 'r+': Windows flushes only a writable handle.
        fd ??= openSync(walFile, 'r+');
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
}

/** Groups flushes: at most one in flight; callers during it share the next one. */
export function groupedWalSync(flush: FlushWal): WalSync {
  let dirty = false;
  let inFlight: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  const start = (): Promise<void> => {
    dirty = false;
    const p = flush().finally(() => {
      if (inFlight === p) inFlight = null;
    });
    inFlight = p;
    return p;
  };

  return {
    committed() {
      dirty = true;
    },
    durable() {
      if (!dirty) {
        // Nothing new since the flush in flight started: that flush covers it.
        return inFlight ?? Promise.resolve();
      }
      if (!inFlight) return start();
      // A flush is running that started before this commit: the one after it covers this.
      next ??= inFlight.then(
        () => {
          next = null;
          return start();
        },
        () => {
          next = null;
          return start();
        },
      );
      return next;
    },
  };
}
