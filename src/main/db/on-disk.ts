/**
 * What leaves the app waits for the disk. A transaction is committed when the store's `tx`
 * returns and on disk once the WAL flush that covers it returns (wal-sync.ts: an
 * fdatasync off the event loop). The answers that promise a change is kept — the API's
 * (api/dispatcher.ts), the LAN webhooks' (lan/server.ts) — are sent after that flush.
 */
import { AppError } from '../../shared/errors';
import type { Logger } from '../log';

/** What an answer needs of the store to follow the disk (see Store.commitMark). */
export interface Durability {
  commitMark(): number;
  durableSince(mark: number): Promise<void>;
  durable(): Promise<void>;
}

/** Resolves once `flushed()` does; rejects with an AppError saying what it means if the disk failed the flush. */
export async function onDisk(flushed: () => Promise<void>, what: string, log: Pick<Logger, 'error'>): Promise<void> {
  try {
    await flushed();
  } catch (err) {
    log.error(`${what}: committed, but the disk did not confirm it`, { err });
    throw new AppError('internal', 'The disk did not confirm this change, so it may not be kept. Nothing more is saved until the app is restarted: check the disk, then restart the app.');
  }
}

/** What a transaction throws once a flush has failed: nothing more is committed (a retry would not be confirmed either, and could sell twice). */
export function diskFailed(cause: Error): AppError {
  const e = new AppError('internal', 'The disk did not confirm an earlier change, so nothing more is saved until the app is restarted: check the disk, then restart the app.');
  (e as Error & { cause?: unknown }).cause = cause;
  return e;
}
