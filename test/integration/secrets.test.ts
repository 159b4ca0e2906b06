import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core';
import { keyringBox, type KeyringLike } from '../../src/main/security/secret-box';
import { startCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';

/** A stand-in for Electron's safeStorage: "encrypts" by reversing with a per-keyring tag, so the wrong keyring cannot open it. */
function keyring(tag: string, backend = 'gnome_libsecret'): KeyringLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(`${tag}|${[...s].reverse().join('')}`),
    decryptString(b) {
      const [t, body] = b.toString().split('|');
      if (t !== tag) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...body!].reverse().join('');
    },
    getSelectedStorageBackend: () => backend,
  };
}

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
    expect(JSON.stringify(stored)).not.toContain(webhookSecret.slice(6));
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

  it('a database moved to another PC: the till starts, says which secrets must be entered again, and takes new ones', async () => {
    const dir = tempDir();
    const first = await createCore({ dataDir: dir, secrets: keyringBox(keyring('pc-1'), 'win32') });
    await first.operators.createFirstAdmin('Ana', '1234');
    first.store.routers.insert({ name: 'Front hAP', ip: '192.168.88.1', secret: 'radius-secret-1', coaPort: 3799, requireMessageAuthenticator: 'auto', apiHost: null, apiPort: null, apiUser: null, apiPassword: null, apiTls: 0 }, 0);
    const oldWebhook = first.pcsync.secret();
    await first.close();

    const moved = await createCore({ dataDir: dir, secrets: keyringBox(keyring('pc-2'), 'win32') });
    try {
      expect(moved.store.routers.list()[0]!.secret).toBe('');
      expect(moved.status().secrets.warning).toBe(
        'Secrets saved on another PC or by another user cannot be read here: the PC-sync webhook secret (a new one was made: give it to the PC manager); router "Front hAP" (enter its secrets again in Settings → Routers).',
      );
      expect(moved.pcsync.secret()).not.toBe(oldWebhook); // replaced: the PC manager gets the new one
      const r = moved.store.routers.list()[0]!;
      moved.store.routers.update(r.id, { ...r, secret: 'entered-again' }, 1);
      expect(moved.store.routers.get(r.id)!.secret).toBe('entered-again');
    } finally {
      await moved.close();
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
