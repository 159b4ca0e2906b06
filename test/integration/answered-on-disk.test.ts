/**
 * What the till is told is on disk, without the event loop waiting for the disk: a sale (and
 * every other call that commits) is answered once the WAL flush that covers it returns — the
 * flush runs off the event loop (db/wal-sync.ts) — while a read waits for no flush, and a
 * flush the disk fails turns into an error that says what it means.
 */
import { describe, expect, it } from 'vitest';
import { hourPackage, startCore } from '../helpers/core';
import { heldWalFlush } from '../helpers/radius-core';
import { sleep, until } from '../helpers/udp';

describe('calls that commit are answered once on disk', () => {
  it('a sale is stored at once but answered after its flush; a read meanwhile is answered at once; a failed flush answers with the disk error', async () => {
    const held = heldWalFlush(false);
    const t = await startCore({ flushWal: held.flushWal });
    const hour = await t.call('packages.create', hourPackage);
    const cashier = await t.cashierToken();
    held.holding = true;
    const sales = () => (t.core.store.db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;

    let answered = false;
    const sale = t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, requestId: 'on-disk-1' }, cashier).then((r) => {
      answered = true;
      return r;
    });
    // Committed (the event loop did not wait for the disk), one flush asked for, and not answered until it returns.
    await until(() => held.flushes.length === 1);
    expect(sales()).toBe(1);
    // The till goes on meanwhile: its reads wait for no flush.
    expect((await t.call('sessions.list', {}, cashier)).sessions).toHaveLength(1);
    // The till's retry of the same sale (its answer missed) finds it stored, and waits for the same flush.
    let retried = false;
    const retry = t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, requestId: 'on-disk-1' }, cashier).then((r) => ((retried = true), r));
    await sleep(50);
    expect([answered, retried]).toEqual([false, false]);
    expect(held.flushes).toHaveLength(1);
    held.flushes[0]!.done();
    expect((await sale).session.state).toBe('PENDING');
    expect((await retry).sale.id).toBe((await sale).sale.id);
    expect(sales()).toBe(1);

    // The disk fails the next flush: the sale is not confirmed, and the till says why and what to do.
    const second = t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, requestId: 'on-disk-2' }, cashier);
    await until(() => held.flushes.length === 2);
    held.flushes[1]!.fail(new Error('EIO: i/o error, fdatasync'));
    await expect(second).rejects.toThrow(/The disk did not confirm this change.*restart the app/);
    // Pressing Sell again is not taken for a sale on disk; a new sale is not made (it could not be confirmed either).
    await expect(t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, requestId: 'on-disk-2' }, cashier)).rejects.toThrow(/The disk did not confirm/);
    await expect(t.call('sales.sell', { packageId: hour.id, paidMinor: 2000, requestId: 'on-disk-3' }, cashier)).rejects.toThrow(/nothing more is saved until the app is restarted/);
    expect(sales()).toBe(2);
    // The till still reads (the screens show what is there, and the error).
    expect((await t.call('sessions.list', {}, cashier)).sessions).toHaveLength(2);
  });

  it('the store asks for a flush when rows were written since it last did, inside its transactions or not; a transaction that changed nothing asks for none', async () => {
    const held = heldWalFlush(false);
    const t = await startCore({ flushWal: held.flushWal });
    const { store } = t.core;
    const router = await t.call('routers.create', { name: 'Front hAP', ip: '192.168.88.1', secret: 'radius-secret' });
    await store.durable();
    held.holding = true;
    const settled = (p: Promise<void>) => {
      const s = { done: false };
      void p.then(() => (s.done = true));
      return s;
    };
    // Nothing written: on disk at once.
    store.tx(() => store.settings.all());
    await store.durable();
    expect(held.flushes).toHaveLength(0);
    // A row written outside a transaction (a router's first Message-Authenticator is noted so): flushed before it is called on disk.
    store.routers.markMessageAuthenticatorSeen(router.id);
    const first = settled(store.durable());
    await until(() => held.flushes.length === 1);
    await sleep(20);
    expect(first.done).toBe(false);
    held.flushes[0]!.done();
    await until(() => first.done);
    // A mark taken after it sees nothing new; one taken before the next write waits for that write's flush.
    const mark = store.commitMark();
    await store.durableSince(mark);
    store.tx(() => store.settings.put('probe', 1));
    const second = settled(store.durableSince(mark));
    await until(() => held.flushes.length === 2);
    expect(second.done).toBe(false);
    held.flushes[1]!.done();
    await until(() => second.done);

    // Asked inside a transaction (self-service asks so for a payment before it): that transaction's own
    // writes, not committed yet, are not taken as on their way; a flush that begins after the commit covers them.
    store.tx(() => {
      store.settings.put('probe', 2);
      void store.durable();
    });
    const before = held.flushes.length;
    const third = settled(store.durable());
    expect(held.flushes).toHaveLength(before + 1);
    held.flushes.at(-1)!.done();
    await until(() => third.done);
  });
});
