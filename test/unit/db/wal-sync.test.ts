/** Grouped WAL flushes: one in flight, the next covering every commit made meanwhile; a commit is never confirmed by a flush that began before it. */
import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fdatasyncWal, groupedWalSync } from '../../../src/main/db/wal-sync';

function heldFlush() {
  const calls: { done: () => void; fail: (e: Error) => void }[] = [];
  return { calls, flush: () => new Promise<void>((done, fail) => calls.push({ done, fail })) };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('grouped WAL flushes', () => {
  it('a commit during a flush waits for the next one; callers in between share it', async () => {
    const f = heldFlush();
    const sync = groupedWalSync(f.flush);
    const order: string[] = [];
    sync.committed();
    const first = sync.durable().then(() => order.push('first'));
    expect(f.calls).toHaveLength(1);
    // Nothing new committed: the flush in flight covers it.
    const same = sync.durable().then(() => order.push('same'));
    sync.committed();
    const second = sync.durable().then(() => order.push('second'));
    sync.committed();
    const third = sync.durable().then(() => order.push('third'));
    expect(f.calls).toHaveLength(1);
    f.calls[0]!.done();
    await Promise.all([first, same]);
    await tick();
    expect(order).toEqual(['first', 'same']);
    // One flush for both commits made during the first.
    expect(f.calls).toHaveLength(2);
    f.calls[1]!.done();
    await Promise.all([second, third]);
    expect(order).toEqual(['first', 'same', 'second', 'third']);
    // Nothing committed since: no flush at all.
    await sync.durable();
    expect(f.calls).toHaveLength(2);
  });

  it('durableSince(mark): resolved at once when nothing was committed after the mark, even while a flush runs; else the flush that covers the commit', async () => {
    const f = heldFlush();
    const sync = groupedWalSync(f.flush);
    sync.committed();
    const running = sync.durable();
    // A read (a mark with no commit after it) waits for no flush, not even the one running.
    const read = sync.mark();
    let readDone = false;
    const r = sync.durableSince(read).then(() => (readDone = true));
    await tick();
    expect(readDone).toBe(true);
    // A write after the mark waits for a flush that began after its commit.
    const mark = sync.mark();
    sync.committed();
    let writeDone = false;
    const w = sync.durableSince(mark).then(() => (writeDone = true));
    f.calls[0]!.done();
    await running;
    await tick();
    expect(writeDone).toBe(false);
    expect(f.calls).toHaveLength(2);
    f.calls[1]!.done();
    await Promise.all([r, w]);
    expect(writeDone).toBe(true);
  });

  it('onDiskUpTo: the mark of the commits before the last flush that returned began; a commit during a flush is not covered by it', async () => {
    const f = heldFlush();
    const sync = groupedWalSync(f.flush);
    expect(sync.onDiskUpTo()).toBe(0);
    sync.committed();
    const first = sync.durable();
    sync.committed();
    const during = sync.mark();
    expect(sync.onDiskUpTo()).toBe(0);
    f.calls[0]!.done();
    await first;
    expect(sync.onDiskUpTo()).toBe(1);
    expect(during).toBe(2);
    const second = sync.durable();
    await tick();
    f.calls[1]!.done();
    await second;
    expect(sync.onDiskUpTo()).toBe(2);
  });

  it('a failed flush is final: its callers and every later one are refused, with no flush that could falsely confirm', async () => {
    const f = heldFlush();
    const sync = groupedWalSync(f.flush);
    sync.committed();
    const p = sync.durable();
    sync.committed();
    const q = sync.durable();
    f.calls[0]!.fail(new Error('EIO'));
    await expect(p).rejects.toThrow(/did not confirm a write \(EIO\).*restarted/);
    // Committed during the failed flush: not confirmed by a later one.
    await expect(q).rejects.toThrow(/EIO/);
    sync.committed();
    await expect(sync.durable()).rejects.toThrow(/EIO/);
    expect(f.calls).toHaveLength(1);
  });

  it('fdatasync of a real file, on the thread pool; a missing file is an error, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iwas-wal-'));
    const file = join(dir, 'x.sqlite-wal');
    await expect(fdatasyncWal(file)()).rejects.toThrow(/ENOENT/);
    const fd = openSync(file, 'w');
    writeSync(fd, 'frames');
    closeSync(fd);
    await expect(fdatasyncWal(file)()).resolves.toBeUndefined();
  });
});
