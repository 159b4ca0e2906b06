import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hourPackage, startCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';
import { caught } from '../helpers/caught';

describe('backups', () => {
  it('copies the live database (sales included), keeps the newest N, and runs when the last copy is old', async () => {
    const t = await startCore();
    const pkg = await t.call('packages.create', hourPackage);
    const { session } = await t.call('sales.sell', { packageId: pkg.id, paidMinor: 2000 });
    await t.call('settings.update', { backups: { everyHours: 24, keep: 2, folder: '' } });

    const first = await t.call('backups.run', {});
    expect(first.name).toMatch(/^iwas-20261121-080000\.sqlite$/);
    const copy = new Database(join(t.dir, 'backups', first.name), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT voucher_code AS code FROM sessions').all()).toEqual([{ code: session.voucherCode }]);
    copy.close();

    t.clock.advance(3600_000);
    await t.call('backups.run', {});
    t.clock.advance(3600_000);
    await t.call('backups.run', {});
    const { dir, backups } = await t.call('backups.list', {});
    expect(dir).toBe(join(t.dir, 'backups'));
    expect(backups.map((b) => b.name)).toEqual(['iwas-20261121-100000.sqlite', 'iwas-20261121-090000.sqlite']);

    const core = t.core.backups()!;
    expect(await core.runIfDue(24 * 3600_000)).toBeNull();
    t.clock.advance(25 * 3600_000);
    expect((await core.runIfDue(24 * 3600_000))?.name).toBe('iwas-20261122-110000.sqlite');
    expect(t.core.status().backups).toMatchObject({ error: null, lastAt: Date.UTC(2026, 10, 22, 11) });
  });

  it('a folder that cannot be written is an error in the status bar, not a crash; fixing it clears the error', async () => {
    const t = await startCore();
    const blocked = join(tempDir(), 'a-file');
    writeFileSync(blocked, 'not a folder');
    await t.call('settings.update', { backups: { everyHours: 24, keep: 14, folder: join(blocked, 'backups') } });
    const err = await caught(t.call('backups.run', {}));
    expect(err).toMatchObject({ code: 'unavailable' });
    expect((await t.call('status.get', {})).backups.error).toMatch(/^backup: /);
    const usb = tempDir();
    await t.call('settings.update', { backups: { everyHours: 24, keep: 14, folder: usb } });
    await t.call('backups.run', {});
    const status = await t.call('status.get', {});
    expect(status.backups).toMatchObject({ dir: usb, error: null });
  });

  it('the schedule can be turned off (serve --no-backups): none is made on its own, and Back up now still makes one', async () => {
    const t = await startCore({ backups: false });
    await t.core.scheduler.runNow('backup');
    expect(await t.call('backups.list', {})).toEqual({ dir: join(t.dir, 'backups'), backups: [] });
    const made = await t.call('backups.run', {});
    expect((await t.call('backups.list', {})).backups).toEqual([made]);
  });

  it('only an admin may list or make backups', async () => {
    const t = await startCore();
    expect(await caught(t.call('backups.run', {}, await t.cashierToken()))).toMatchObject({ code: 'forbidden' });
  });
});
