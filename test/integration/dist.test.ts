import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { radclient } from '../helpers/radclient';
import { tempDir } from '../helpers/temp';
import { until } from '../helpers/udp';

const ROOT = join(__dirname, '../..');

describe('the built program (dist/main/cli.cjs)', () => {
  it('builds, serves the API and answers RADIUS as bundled', async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const dir = tempDir();
    const child = spawn(process.execPath, ['--throw-deprecation', 'dist/main/cli.cjs', 'serve', '--data-dir', dir, '--port', '0', '--token', 'dist-test-token', '--admin-pin', '1234', '--radius-host', '127.0.0.1', '--radius-auth-port', '0', '--radius-acct-port', '0', '--webhook-host', '127.0.0.1', '--webhook-port', '0'], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    try {
      await until(() => /RADIUS 127\.0\.0\.1 authentication (\d+)/.test(out), 15_000);
      const url = /UI\s+(\S+)/.exec(out)![1]!;
      const authPort = Number(/authentication (\d+)/.exec(out)![1]);
      const post = (m: string, body: unknown, op?: string) =>
        fetch(`${url}api/${m}`, { method: 'POST', headers: { Authorization: 'Bearer dist-test-token', 'Content-Type': 'application/json', ...(op ? { 'X-Operator-Token': op } : {}) }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);
      const { token } = (await post('operators.signIn', { operatorId: 1, pin: '1234' })) as { token: string };
      await post('routers.create', { name: 'r', ip: '127.0.0.1', secret: 'testing123' }, token);
      const pkg = (await post('packages.create', { name: 'h', pricing: 'fixed', priceMinor: 100, timeLimitS: 600 }, token)) as { id: number };
      const sold = (await post('sales.sell', { packageId: pkg.id, paidMinor: 100 }, token)) as { session: { voucherCode: string; password: string } };
      const r = await radclient(authPort, 'auth', 'testing123', [`User-Name = "${sold.session.voucherCode}", User-Password = "${sold.session.password}"`]);
      expect(r.replies[0]?.code).toBe('Access-Accept');
      expect(err).not.toMatch(/ERROR|Deprecation/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
