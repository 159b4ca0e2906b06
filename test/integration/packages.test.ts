import { describe, expect, it } from 'vitest';
import { caught } from '../helpers/caught';
import { startCore, type TestCore } from '../helpers/core';

const pkg = (name: string, priceMinor: number) => ({ name, pricing: 'fixed', priceMinor, timeLimitS: 3600 }) as const;

async function keys(t: TestCore): Promise<Record<string, number | null>> {
  return Object.fromEntries((await t.call('packages.list', {})).map((p) => [p.name, p.hotkey]));
}

describe('package number keys', () => {
  it('a new package takes the lowest free key, and the others keep theirs when one is retired', async () => {
    const t = await startCore();
    const hour = await t.call('packages.create', pkg('1 hour', 2000));
    const three = await t.call('packages.create', pkg('3 hours', 5000));
    const day = await t.call('packages.create', pkg('Day', 9000));
    expect([hour.hotkey, three.hotkey, day.hotkey]).toEqual([1, 2, 3]);

    const retired = await t.call('packages.setActive', { id: hour.id, active: false });
    expect(retired.hotkey).toBeNull();
    // Cheaper than all the others: it sorts first, yet it takes the free key and moves nobody.
    const half = await t.call('packages.create', pkg('30 minutes', 1000));
    expect(half.hotkey).toBe(1);
    expect(await keys(t)).toEqual({ '30 minutes': 1, '3 hours': 2, Day: 3 });
  });

  it('a key another active package holds is refused next to the field', async () => {
    const t = await startCore();
    await t.call('packages.create', pkg('1 hour', 2000));
    const three = await t.call('packages.create', pkg('3 hours', 5000));
    const created = await caught(t.call('packages.create', { ...pkg('Day', 9000), hotkey: 1 }));
    expect(created).toMatchObject({ code: 'conflict', fields: { hotkey: 'Key 1 is already "1 hour"' } });
    const updated = await caught(t.call('packages.update', { ...pkg('3 hours', 5000), id: three.id, hotkey: 1 }));
    expect(updated).toMatchObject({ code: 'conflict', fields: { hotkey: 'Key 1 is already "1 hour"' } });
    expect(await keys(t)).toEqual({ '1 hour': 1, '3 hours': 2 });
  });

  it('an update keeps the key unless it names one; null clears it; the audit log has the key', async () => {
    const t = await startCore();
    await t.call('packages.create', pkg('1 hour', 2000));
    const three = await t.call('packages.create', pkg('3 hours', 5000));
    expect((await t.call('packages.update', { ...pkg('3 hours', 6000), id: three.id })).hotkey).toBe(2);
    expect((await t.call('packages.update', { ...pkg('3 hours', 6000), id: three.id, hotkey: 7 })).hotkey).toBe(7);
    expect((await t.call('packages.update', { ...pkg('3 hours', 6000), id: three.id, hotkey: 7 })).hotkey).toBe(7); // its own key
    expect((await t.call('packages.create', pkg('Day', 9000))).hotkey).toBe(2);
    expect((await t.call('packages.update', { ...pkg('3 hours', 6000), id: three.id, hotkey: null })).hotkey).toBeNull();

    const { entries } = await t.call('audit.list', { entity: 'package', entityId: three.id });
    expect(entries.map((e) => e.details)).toContainEqual(expect.objectContaining({ after: expect.objectContaining({ hotkey: 7 }) }));
  });

  it('a restored package gets its key back when it is free, else the lowest free one', async () => {
    const t = await startCore();
    const hour = await t.call('packages.create', pkg('1 hour', 2000));
    const three = await t.call('packages.create', pkg('3 hours', 5000));
    await t.call('packages.create', pkg('Day', 9000));
    await t.call('packages.setActive', { id: three.id, active: false }); // frees 2
    expect((await t.call('packages.setActive', { id: three.id, active: true })).hotkey).toBe(2);

    await t.call('packages.setActive', { id: hour.id, active: false });
    await t.call('packages.create', pkg('30 minutes', 1000)); // takes 1
    expect((await t.call('packages.setActive', { id: hour.id, active: true })).hotkey).toBe(4);
    expect(await keys(t)).toEqual({ '30 minutes': 1, '1 hour': 4, '3 hours': 2, Day: 3 });
  });

  it('past nine packages a new one has no key', async () => {
    const t = await startCore();
    for (let i = 1; i <= 9; i++) expect((await t.call('packages.create', pkg(`P${i}`, i * 100))).hotkey).toBe(i);
    expect((await t.call('packages.create', pkg('Tenth', 1000))).hotkey).toBeNull();
  });
});
