/**
 * Backups as the café runs them: into the folder Settings name (default
 * `<dataDir>/backups`), every few hours as Settings say, at start when the last copy is
 * old, and on an admin's request (audited) — that one in every mode: turning the
 * schedule off (serve --no-backups) never takes "Back up now" away.
 */
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { createBackups, type BackupFile, type Backups } from '../backups';
import type { Actor } from '../db/audit';
import type { Store } from '../db/store';
import type { Logger } from '../log';
import type { Task } from '../scheduler';
import type { SettingsService } from './settings';
import type { UnitOfWork } from './unit-of-work';

/** How long after start the first check runs (RADIUS comes first). */
const FIRST_CHECK_MS = 5_000;

export type BackupService = ReturnType<typeof createBackupService>;

/** Creates the backup service; `scheduled` false: none on its own (start, every few hours), only when an admin asks. */
export function createBackupService(d: { store: Store; uow: UnitOfWork; settings: Pick<SettingsService, 'get'>; dataDir: string; scheduled: boolean; now: () => number; log: Logger }) {
  let made: Backups | null = null;
  const dir = () => d.settings.get().backups.folder || join(d.dataDir, 'backups');
  const at = (folder: string): Backups =>
    made?.dir === folder ? made : (made = createBackups({ db: d.store.db, dir: folder, now: d.now, keep: () => d.settings.get().backups.keep, log: d.log }));
  const current = (): Backups => at(dir());
  const due = () => (d.scheduled ? at(dir()).runIfDue(d.settings.get().backups.everyHours * 3600_000) : Promise.resolve(null));

  const first = d.scheduled ? setTimeout(() => void due().catch(() => undefined), FIRST_CHECK_MS) : null;
  first?.unref();

  return {
    /** Backups into the folder Settings name now. */
    current,

    /** The backups last used (for the status bar, without touching the folder); null before any. */
    last: (): Backups | null => made,

    /** Makes a copy now and audits it; unavailable when the copy fails. */
    async run(actor: Actor): Promise<BackupFile> {
      const b = current();
      try {
        const file = await b.run();
        d.uow.run(() => d.store.audit.record(actor, { action: 'backup.run', entity: 'backup', entityId: null, details: { file: file.name } }, d.now()));
        return file;
      } catch (err) {
        throw new AppError('unavailable', err instanceof Error ? err.message : String(err));
      }
    },

    /** Every 10 minutes: a copy when the last one is older than Settings say. */
    tasks: [{ name: 'backup', everyMs: 10 * 60_000, run: () => due().then(() => undefined) }] satisfies Task[],

    /** Cancels the check at start (shutdown). */
    stop(): void {
      if (first) clearTimeout(first);
    },

    /** Resolves when no copy is running (before the database is closed). */
    settled: (): Promise<void> => made?.settled() ?? Promise.resolve(),
  };
}
