/**
 * Backups of the till: an online copy of the live database (SQLite's backup API, so sales
 * keep being recorded while it runs), made every few hours and at start when the last one
 * is older than that, kept for a number of copies. Each copy is written beside its final
 * name and renamed when complete, so a crash never leaves a half copy that looks whole.
 */
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db/sqlite';
import type { Logger } from './log';

export interface BackupFile {
  name: string;
  path: string;
  sizeBytes: number;
  createdAt: number;
}

export interface Backups {
  readonly dir: string;
  /** Makes a copy now; resolves when it is complete (rejects `backup: …`). */
  run(): Promise<BackupFile>;
  /** Makes a copy if the newest is older than `everyMs`; resolves null when none was due. */
  runIfDue(everyMs: number): Promise<BackupFile | null>;
  /** Copies on disk, newest first. */
  list(): BackupFile[];
  /** The last attempt's failure, until a copy succeeds. */
  lastError(): string | null;
  /** Resolves when no copy is running (before the database is closed). */
  settled(): Promise<void>;
}

const NAME = /^iwas-(\d{8}-\d{6})\.sqlite$/;

/** When a copy was made, from its name (the app's clock, not the file system's). */
function madeAt(name: string): number {
  const m = /^iwas-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name)!;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function stamp(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** Backups of `db` into `dir`, keeping the newest `keep()` copies. */
export function createBackups(o: { db: Db; dir: string; now: () => number; keep: () => number; log: Logger }): Backups {
  let error: string | null = null;
  let running: Promise<BackupFile> | null = null;

  const list = (): BackupFile[] => {
    let names: string[];
    try {
      names = readdirSync(o.dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => NAME.test(n))
      .map((name) => {
        const path = join(o.dir, name);
        return { name, path, sizeBytes: statSync(path).size, createdAt: madeAt(name) };
      })
      .sort((a, b) => b.name.localeCompare(a.name));
  };

  const prune = () => {
    for (const old of list().slice(Math.max(1, o.keep()))) {
      rmSync(old.path, { force: true });
      o.log.info(`backup removed (keeping ${o.keep()})`, { file: old.name });
    }
  };

  const copy = async (): Promise<BackupFile> => {
    let name = `iwas-${stamp(o.now())}.sqlite`;
    // Two copies within a second (a click on "Back up now" right after the scheduled one): keep both.
    for (let i = 1; list().some((b) => b.name === name); i++) name = `iwas-${stamp(o.now() + i * 1000)}.sqlite`;
    const path = join(o.dir, name);
    const partial = `${path}.partial`;
    try {
      mkdirSync(o.dir, { recursive: true, mode: 0o700 });
      // A copy holds every sale and secret: only this user reads it (created so, not tightened after).
      closeSync(openSync(partial, 'w', 0o600));
      await o.db.backup(partial);
      renameSync(partial, path);
    } catch (err) {
      error = `backup: ${err instanceof Error ? err.message : String(err)}`;
      try {
        rmSync(partial, { force: true });
      } catch {
        // the folder itself is the problem: nothing was written
      }
      o.log.error(error, { dir: o.dir });
      throw new Error(error, { cause: err });
    }
    error = null;
    const st = statSync(path);
    o.log.info('backup made', { file: name, bytes: st.size });
    prune();
    return { name, path, sizeBytes: st.size, createdAt: madeAt(name) };
  };

  const run = () => {
    running ??= copy().finally(() => (running = null));
    return running;
  };

  return {
    dir: o.dir,
    run,
    async runIfDue(everyMs) {
      const newest = list()[0];
      if (newest && o.now() - newest.createdAt < everyMs) return null;
      return run();
    },
    list,
    lastError: () => error,
    settled: () => (running ? running.then(() => undefined, () => undefined) : Promise.resolve()),
  };
}
