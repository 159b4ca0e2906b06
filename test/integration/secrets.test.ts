import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core';
import { keyringBox } from '../../src/main/security/secret-box';
import { keyring } from '../helpers/keyring';
import { startCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';

const router = { name: 'Front hAP', ip: '192.168.88.1', secret: 'radius-secret-1', api: { host: '192.168.88.1', user: 'iwas', password: 'api-pass-1' } };
const raw = (dir: string) => {
  const db = new Database(join(dir, 'iwas.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT secret, api_password AS apiPassword FROM routers').all() as { secret: string; apiPassword: string }[];
  const webhook = (db.prepare("SELECT value FROM settings WHERE key = 'pcsync.secret'").get() as { value: string }).value;
  db.close();
  return { rows, webhook: JSON.parse(webhook) as string };
};

describe('secrets at rest', () => {
  it('seals router secrets, API passwords and the webhook secret with the keyring; reads them back in the clear', async () => {
    const t = await startCore({ secrets: keyringBox(keyring('pc-1'), 'win32') });
    const r = await t.call('routers.create', router);
    expect(r.secret).toBe('radius-secret-1');
    expect(t.core.store.routers.get(r.id)).toMatchObject({ secret: 'radius-secret-1', apiPassword: 'api-pass-1' });
    const webhookSecret = t.core.pcsync.secret();
    expect((await t.call('status.get', {})).secrets).toEqual({ protection: 'os-keyring', warning: null });
    await t.core.close();
    const stored = raw(t.dir);
    expect(stored.rows[0]!.secret).toMatch(/^sealed:v1:/);
    expect(stored.rows[0]!.apiPassword).toMatch(/^sealed:v1:/);
    expect(stored.webhook).toMatch(/^sealed:v1:/);
    expect(JSON.stringify(stored)).not.toContain('radius-secret-1');
    expect(JSON.stringify(stored)).not.toContain(webhookSecret!.slice(6));
  });

  it('seals what serve mode stored in the clear the first time the desktop app opens the database', async () => {
    const dir = tempDir();
    const plain = await startCore({ dataDir: dir });
    await plain.call('routers.create', router);
    const webhookSecret = plain.core.pcsync.secret();
    await plain.core.close();
    expect(raw(dir).rows[0]!.secret).toBe('radius-secret-1');

    const desktop = await createCore({ dataDir: dir, secrets: keyringBox(keyring('pc-1'), 'linux') });
    expect(desktop.store.routers.list()[0]).toMatchObject({ secret: 'radius-secret-1', apiPassword: 'api-pass-1' });
    expect(desktop.pcsync.secret()).toBe(webhookSecret);
    await desktop.close();
    expect(raw(dir).rows[0]!.secret).toMatch(/^sealed:v1:/);
    expect(raw(dir).webhook).toMatch(/^sealed:v1:/);
  });

  it('a database moved to another PC (or a keyring not up yet): the till starts, says what must be entered again, and overwrites nothing', async () => {
    const dir = tempDir();
    const first = await createCore({ dataDir: dir, secrets: keyringBox(keyring('pc-1'), 'win32') });
    await first.operators.createFirstAdmin('Ana', '1234');
    first.store.routers.insert({ name: 'Front hAP', ip: '192.168.88.1', secret: 'radius-secret-1', coaPort: 3799, requireMessageAuthenticator: 'auto', apiHost: null, apiPort: null, apiUser: null, apiPassword: null, apiTls: 0 }, 0);
    const oldWebhook = first.pcsync.secret();
    await first.close();
    const storedBefore = raw(dir);

    const moved = await createCore({ dataDir: dir, secrets: keyringBox(keyring('pc-2'), 'win32'), webhook: { host: '127.0.0.1', port: 0 } });
    try {
      // PC logouts are refused (503: the PC manager retries later), not checked against a secret nobody knows.
      const res = await fetch(`http://127.0.0.1:${moved.webhook!.port}/webhooks/pc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/signing secret cannot be read/) } });
      expect(moved.store.routers.list()[0]!.secret).toBe('');
      expect(moved.status().secrets.warning).toBe(
        'Secrets saved on another PC or by another user cannot be read here: the PC-sync webhook secret (PC logouts are refused until an admin makes a new one in Settings → PC sync); router "Front hAP" (enter its secrets again in Settings → Routers).',
      );
      expect(moved.pcsync.secret()).toBeNull();
      expect(moved.pcSyncStatus()).toMatchObject({ secret: '', error: expect.stringMatching(/cannot be read on this PC: make a new one/) });
    } finally {
      await moved.close();
    }
    // Nothing was replaced: back with the right keyring, everything reads again.
    expect(raw(dir)).toEqual(storedBefore);
    const back = await createCore({ dataDir: dir, secrets: keyringBox(keyring('pc-1'), 'win32') });
    try {
      expect(back.pcsync.secret()).toBe(oldWebhook);
      expect(back.store.routers.list()[0]!.secret).toBe('radius-secret-1');
      expect(back.status().secrets.warning).toBeNull();
    } finally {
      await back.close();
    }

    // On the new PC the admin enters the router's secret and makes a new webhook secret.
    const fixed = await createCore({ dataDir: dir, secrets: keyringBox(keyring('pc-2'), 'win32') });
    try {
      const r = fixed.store.routers.list()[0]!;
      fixed.store.routers.update(r.id, { ...r, secret: 'entered-again' }, 1);
      expect(fixed.store.routers.get(r.id)!.secret).toBe('entered-again');
      const fresh = fixed.pcsync.rotateSecret({ kind: 'system', id: null, name: 'test' });
      expect(fixed.pcsync.secret()).toBe(fresh);
    } finally {
      await fixed.close();
    }
  });

  it('warns when the keyring is only a fixed key (Linux without GNOME Keyring or KWallet), or missing', async () => {
    const weak = await startCore({ secrets: keyringBox(keyring('pc-1', 'basic_text'), 'linux') });
    expect((await weak.call('status.get', {})).secrets).toMatchObject({ protection: 'weak', warning: expect.stringMatching(/only obscured/) });
    const none = keyringBox({ ...keyring('x'), isEncryptionAvailable: () => false }, 'linux');
    expect(none).toMatchObject({ protection: 'none', warning: expect.stringMatching(/stored unencrypted/) });
    expect(none.seal('s')).toBe('s');
  });
});
