import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SessionView } from '../../src/shared/domain';
import { sleep, until } from '../helpers/udp';

const ENTRY = join(__dirname, '../../src/main/cli-entry.ts');

describe('iwas demo', () => {
  it('starts from nothing, shows live sessions counting up within seconds, and stops cleanly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'demo', '--port', '0', '--token', 'demo-test-token'], { stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    await until(() => /UI\s+http/.test(out), 20_000);
    const url = /UI\s+(\S+)/.exec(out)![1]!;
    const dataDir = /Data\s+(\S+)/.exec(out)![1]!;
    expect(out).toMatch(/Sign in as Admin \(PIN 1234\)/);
    const post = async (method: string, body: unknown, op?: string) => {
      const res = await fetch(`${url}api/${method}`, {
        method: 'POST',
        headers: { Authorization: 'Bearer demo-test-token', 'Content-Type': 'application/json', ...(op ? { 'X-Operator-Token': op } : {}) },
        body: JSON.stringify(body),
      });
      return res.json() as Promise<Record<string, unknown>>;
    };
    const { token } = (await post('operators.signIn', { operatorId: 1, pin: '1234' })) as { token: string };
    const live = async () => ((await post('sessions.list', {}, token)) as { sessions: SessionView[] }).sessions;
    await until(() => out.includes('Eli logged in'), 10_000);
    const first = await live();
    expect(first.filter((s) => s.state === 'ACTIVE' && s.devices.length > 0).length).toBeGreaterThanOrEqual(5);
    await sleep(4000); // interims every 3 s
    const later = await live();
    const used = (list: SessionView[]) => list.reduce((n, s) => n + s.bytesIn + s.bytesOut, 0);
    expect(used(later)).toBeGreaterThan(used(first));
    expect(out).toContain('router provisioned over its API: 6 settings changed');
    // The coin slot: a signed payment event, and the phone is online in under 2 s without typing anything.
    await until(() => /Paolo is online ([\d.]+) s after the coin/.test(out), 15_000);
    expect(Number(/Paolo is online ([\d.]+) s after the coin/.exec(out)![1])).toBeLessThan(2);
    const coin = (await live()).find((s) => s.sourceName === 'Coin slot by the door');
    expect(coin).toMatchObject({ login: 'mac', state: 'ACTIVE', dataLimitBytes: 100_000_000 });
    // The story's vouchers are the other till's: Bea, whom someone trying the demo signs in as, has none in her drawer.
    expect(out).toMatch(/or Bea, a cashier \(PIN 5678\)/);
    const roster = (await post('operators.roster', {})) as unknown as { id: number; name: string }[];
    const bea = (await post('operators.signIn', { operatorId: roster.find((o) => o.name === 'Bea')!.id, pin: '5678' })) as { token: string };
    expect(await post('shifts.current', {}, bea.token)).toMatchObject({ operatorName: 'Bea', totals: { sales: { count: 0 }, cashExpectedMinor: 0 } });
    const sales = ((await post('sales.list', {}, token)) as { sales: { operatorName: string }[] }).sales;
    expect(sales.length).toBeGreaterThanOrEqual(5);
    expect(new Set(sales.map((x) => x.operatorName))).not.toContain('Bea');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});
