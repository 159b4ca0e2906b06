/**
 * The desktop app's log: `iwas.log` in a folder of its own, rotated by size (iwas.log →
 * iwas.1.log → …, the oldest dropped), written synchronously so the line about a crash is
 * on disk before the process is gone. A log that cannot be written never stops the till.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatLine, type LogSink } from './log';

export interface LogFileOptions {
  dir: string;
  /** Rotate when the file reaches this size (default 5 MB). */
  maxBytes?: number;
  /** How many old files to keep beside the current one (default 5). */
  keep?: number;
}

/** A sink appending to `<dir>/iwas.log`; `file` is the current file's path. */
export function fileSink(o: LogFileOptions): LogSink & { file: string } {
  const maxBytes = o.maxBytes ?? 5_000_000;
  const keep = o.keep ?? 5;
  const file = join(o.dir, 'iwas.log');
  const old = (n: number) => join(o.dir, `iwas.${n}.log`);
  let size = -1;
  // After a failed write (disk full, a file held by antivirus), try again a minute later.
  let retryAt = 0;

  const rotate = () => {
    rmSync(old(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) if (existsSync(old(n))) renameSync(old(n), old(n + 1));
    if (keep > 0) renameSync(file, old(1));
    else rmSync(file, { force: true });
    size = 0;
  };

  const sink = (line: Parameters<LogSink>[0]) => {
    if (retryAt && Date.now() < retryAt) return;
    try {
      if (size < 0) {
        mkdirSync(o.dir, { recursive: true, mode: 0o700 });
        size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      }
      const text = `${formatLine(line)}\n`;
      if (size > 0 && size + Buffer.byteLength(text) > maxBytes) rotate();
      appendFileSync(file, text, { mode: 0o600 });
      size += Buffer.byteLength(text);
      retryAt = 0;
    } catch {
      retryAt = Date.now() + 60_000; // the till goes on without its log meanwhile
      size = -1;
    }
  };
  return Object.assign(sink, { file });
}
