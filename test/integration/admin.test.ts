import { describe, expect, it } from 'vitest';
import { methodNames } from '../../src/shared/contract';
import { mergeHandlers, type Handlers } from '../../src/main/api/dispatcher';
import { createCore } from '../../src/main/core';
import { hourPackage, startCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';
import { caught } from '../helpers/caught';
import { sleep, until } from '../helpers/udp';
import type { Status } from '../../src/shared/domain';

const router = { name: 'Front hAP', ip: '192.168.88.1', secret: 'radius-secret' };

describe('routers', () => {
  it('create, list, update (keeping the API password), remove', async () => {
    const t = await startCore();
    const r = await t.call('routers.create', { ...router, api: { host: '192.168.88.1', user: 'iwas', password: 'p4ss' } });
    expect(r).toMatchObject({ name: 'Front hAP', ip: '192.168.88.1', coaPort: 3799, requireMessageAuthenticator: 'auto', api: { port: 8728, hasPassword: true } });
    const updated = await t.call('routers.update', { id: r.id, ...router, coaPort: 1700, api: { host: '192.168.88.1', user: 'iwas2' } });
    expect(updated).toMatchObject({ coaPort: 1700, api: { user: 'iwas2', hasPassword: true } });
    expect(t.core.store.routers.get(r.id)!.apiPassword).toBe('p4ss');
    await t.call('routers.remove', { id: r.id });
    expect(await t.call('routers.list', {})).toEqual([]);
    // The address is free again once removed.
    await t.call('routers.create', router);
  });

  it('refuses a second router on the same address and bad addresses, per field', async () => {
    const t = await startCore();
    await t.call('routers.create', router);
    const dup = await caught(t.call('routers.create', { ...router, name: 'Other' }));
    expect(dup).toMatchObject({ code: 'conflict', fields: { ip: 'Already used by "Front hAP"' } });
    const bad = await caught(t.call('routers.create', { ...router, ip: '192.168.88', secret: 'abc', coaPort: 70000 }));
    expect(bad.fields).toEqual({ ip: 'Not an IP address (e.g. 192.168.88.1)', secret: 'At least 6 characters', coaPort: 'Port 1–65535' });
  });

  it('keeps secrets out of the audit log', async () => {
    const t = await startCore();
    await t.call('routers.create', { ...router, api: { host: 'h', user: 'u', password: 'api-secret' } });
    const log = JSON.stringify(await t.call('audit.list', {}));
    expect(log).not.toContain('radius-secret');
    expect(log).not.toContain('api-secret');
  });
});

describe('settings', () => {
  it('round-trips and survives a restart', async () => {
    const dir = tempDir();
    const t = await startCore({ dataDir: dir });
    const next = await t.call('settings.update', { cafe: { name: 'Netopia', receiptHeader: 'Open 24h', receiptFooter: '' }, money: { currency: 'IDR', locale: 'id-ID' } });
    expect(next.cafe.name).toBe('Netopia');
    expect(next.vouchers.length).toBe(6); // untouched sections keep their values
    await t.core.close();
    const again = await createCore({ dataDir: dir });
    try {
      expect(again.settings.get()).toMatchObject({ cafe: { name: 'Netopia' }, money: { currency: 'IDR', locale: 'id-ID' } });
    } finally {
      await again.close();
    }
  });

  it('rejects a bad currency, locale or login URL next to the field', async () => {
    const t = await startCore();
    const e = await caught(t.call('settings.update', { money: { currency: 'PESO', locale: 'xx-!!' }, hotspot: { loginUrl: 'ftp://x' } }));
    expect(e.fields).toEqual({
      'money.currency': 'Not an ISO 4217 currency code (e.g. PHP, IDR, USD)',
      'money.locale': 'Not a locale this system knows (e.g. en-PH, id-ID, en-US)',
      'hotspot.loginUrl': 'A http:// or https:// address',
    });
  });

  it('falls back to defaults for a stored section that no longer parses', async () => {
    const dir = tempDir();
    const t = await startCore({ dataDir: dir });
    t.core.store.settings.put('vouchers', { length: 99 });
    await t.core.close();
    const again = await createCore({ dataDir: dir });
    try {
      expect(again.settings.get().vouchers).toEqual({ length: 6, mode: 'code', passwordLength: 6 });
    } finally {
      await again.close();
    }
  });
});

describe('packages', () => {
  it('changing a package does not change sessions already sold', async () => {
    const t = await startCore();
    const p = await t.call('packages.create', hourPackage);
    const { session } = await t.call('sales.sell', { packageId: p.id, paidMinor: 2000 });
    await t.call('packages.update', { ...hourPackage, id: p.id, priceMinor: 3000, timeLimitS: 7200 });
    expect((await t.call('sessions.get', { id: session.id })).timeLimitS).toBe(3600);
    expect((await t.call('packages.list', {}))[0]).toMatchObject({ priceMinor: 3000, timeLimitS: 7200 });
  });

  it('retired packages leave the list unless asked for', async () => {
    const t = await startCore();
    const p = await t.call('packages.create', hourPackage);
    await t.call('packages.setActive', { id: p.id, active: false });
    expect(await t.call('packages.list', {})).toEqual([]);
    expect(await t.call('packages.list', { includeRetired: true })).toMatchObject([{ id: p.id, active: false }]);
  });

  it('a package must limit something, and a per-unit package must have a unit', async () => {
    const t = await startCore();
    expect((await caught(t.call('packages.create', { name: 'Free', pricing: 'fixed', priceMinor: 0 }))).fields).toEqual({ timeLimitS: 'Give a time, data or validity limit' });
    expect((await caught(t.call('packages.create', { name: 'x', pricing: 'per_unit', priceMinor: 100, validityS: 60 }))).fields).toEqual({
      timeLimitS: 'A per-unit package needs time or data per unit',
    });
  });
});

describe('the contract wiring', () => {
  it('every method has exactly one handler', () => {
    const stub = Object.fromEntries(methodNames.map((m) => [m, () => null])) as unknown as Handlers;
    expect(() => mergeHandlers(stub)).not.toThrow();
    const { ['status.get']: _dropped, ...missingOne } = stub;
    expect(() => mergeHandlers(missingOne)).toThrow(/no handler for status.get/);
    expect(() => mergeHandlers(stub, { 'status.get': stub['status.get'] })).toThrow(/"status.get" has two handlers/);
  });

  it('status reports the database and live sessions', async () => {
    const t = await startCore();
    const s = await t.call('status.get', {});
    expect(s).toMatchObject({ database: { ok: true, error: null }, liveSessions: 0 });
    expect(s.database.sizeBytes).toBeGreaterThan(0);
  });

  it('pushes status.changed when something the status bar shows changes, and only then', async () => {
    const t = await startCore();
    const seen: Status[] = [];
    t.core.events.subscribe((e) => e.type === 'status.changed' && seen.push(e.status), ['status.changed']);
    await until(() => seen.length === 1, 3000); // the first look after start
    expect(seen[0]).toMatchObject({ liveSessions: 0, disconnects: { pending: 0, failing: 0 } });
    await sleep(2500); // nothing changed: nothing sent
    expect(seen).toHaveLength(1);
    const pkg = await t.call('packages.create', hourPackage);
    await t.call('sales.sell', { packageId: pkg.id, paidMinor: 2000 });
    await until(() => seen.length === 2, 3000);
    expect(seen[1]!.liveSessions).toBe(1);
  });
});
