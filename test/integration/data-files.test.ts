/**
 * What serve mode keeps in its data directory, and who may read it: the database, its
 * WAL, the backups and the API token are this user's only (0600, folders 0700), also a
 * database made by an older version; the API token survives a restart, so a browser till
 * keeps working after a power cut.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/db/store';
import { silentLogger } from '../../src/main/log';
import { startServe } from '../../src/main/serve/run';
import { TOKEN_FILE } from '../../src/main/security/api-token';
import { tempDir } from '../helpers/temp';

const mode = (path: string) => statSync(path).mode & 0o777;
const serve = (dataDir: string, token?: string) => startServe({ dataDir, port: 0, token, staticDir: null, log: silentLogger, backups: false });

describe('the data directory', () => {
  it('keeps the API token across restarts (0600); --token overrides it without replacing it', async () => {
    const dir = join(tempDir(), 'data');
    const first = await serve(dir);
    await first.stop();
    const second = await serve(dir);
    expect(second.token).toBe(first.token);
    const res = await fetch(`${second.url}api/setup.status`, { method: 'POST', headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    await second.stop();
    expect(readFileSync(join(dir, TOKEN_FILE), 'utf8').trim()).toBe(first.token);
    expect(mode(join(dir, TOKEN_FILE))).toBe(0o600);

    const given = await serve(dir, 'given-token-123');
    expect(given.token).toBe('given-token-123');
    await given.stop();
    expect(readFileSync(join(dir, TOKEN_FILE), 'utf8').trim()).toBe(first.token);

    // Not a token (an editor left it empty): a new one, said in the log.
    writeFileSync(join(dir, TOKEN_FILE), '\n');
    const fresh = await serve(dir);
    expect(fresh.token).not.toBe(first.token);
    expect(fresh.token).toMatch(/^[\w-]{32}$/);
    await fresh.stop();
  });

  it('the database, its WAL, backups and the token are readable by this user only; an older database is tightened', async () => {
    const dir = join(tempDir(), 'data');
    const s = await serve(dir);
    const adminToken = (await s.core.operators.createFirstAdmin('Ana', '1234')).token;
    await s.core.api.call('backups.run', {}, adminToken);
    const backups = join(dir, 'backups');
    const [copy] = s.core.backups().list();
    expect({
      dir: mode(dir),
      db: mode(join(dir, DB_FILE)),
      wal: mode(join(dir, `${DB_FILE}-wal`)),
      backups: mode(backups),
      copy: mode(copy!.path),
      token: mode(join(dir, TOKEN_FILE)),
    }).toEqual({ dir: 0o700, db: 0o600, wal: 0o600, backups: 0o700, copy: 0o600, token: 0o600 });
    await s.stop();

    chmodSync(join(dir, DB_FILE), 0o644);
    const again = await serve(dir);
    expect(mode(join(dir, DB_FILE))).toBe(0o600);
    await again.stop();
  });
});
