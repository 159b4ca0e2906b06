/**
 * Summary files on disk: `<folder>/summary-YYYY-MM-DD.txt`, readable by this user only
 * (folder 0700, file 0600), written beside their final name and renamed, so a crash or a
 * full disk never leaves half a summary that looks whole. Asynchronous: the folder may be
 * a USB stick or a network share that hangs, and RADIUS shares this thread.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The file name of a day's summary. */
export const summaryFileName = (day: string) => `summary-${day}.txt`;

/** Writes (or replaces) a day's summary; resolves its path; rejects `summary: …` when the folder or disk refuses. */
export async function writeSummaryFile(dir: string, day: string, text: string): Promise<string> {
  const path = join(dir, summaryFileName(day));
  const partial = `${path}.partial`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await rm(partial, { force: true }); // a crash's leftover keeps its own mode: start afresh
    // Created 0600 (not tightened after): the takings are the owner's business.
    const file = await open(partial, 'w', 0o600);
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(partial, path);
    return path;
  } catch (err) {
    await rm(partial, { force: true }).catch(() => undefined); // the folder itself is the problem: nothing was written
    throw new Error(`summary: cannot write ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
