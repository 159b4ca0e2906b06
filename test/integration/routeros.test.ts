import { spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { RouterOsError, withRouter } from '../../src/main/routeros/client';
import { activeHosts, durationMs, identify, kick, provision } from '../../src/main/routeros/operations';
import { caught } from '../helpers/caught';
import { routerOsWithActive } from '../helpers/routeros-sim';

const sim = routerOsWithActive;

const plan = { serverAddress: '192.168.88.10', secret: 'radius-secret', authPort: 1812, acctPort: 1813, coaPort: 3799 };

describe('RouterOS management (against the API simulator)', () => {
  it('identifies the router', async () => {
    const { cfg } = await sim();
    expect(await withRouter(cfg, identify)).toEqual({ identity: 'cafe-hap', version: '7.18.2 (stable)', board: 'hAP ac^2 (simulated)' });
  });

  it('provisions everything once; running it again changes nothing', async () => {
    const { s, cfg } = await sim();
    const first = await withRouter(cfg, (api) => provision(api, plan));
    expect(first.filter((x) => x.changed).map((x) => x.what)).toEqual([
      'RADIUS server 192.168.88.10 added for the Hotspot',
      'incoming Disconnect/CoA accepted on port 3799',
      'Hotspot profile "default" now uses RADIUS with accounting',
      'this PC (192.168.88.10) now bypasses the login page',
    ]);
    expect(s.state.radius[0]).toMatchObject({ address: '192.168.88.10', service: 'hotspot', secret: 'radius-secret', 'authentication-port': '1812', timeout: '1100ms' });
    expect(s.state.incoming).toMatchObject({ accept: 'true', port: '3799' });
    expect(s.state.profiles[0]).toMatchObject({ 'use-radius': 'true', 'radius-accounting': 'true', 'radius-interim-update': 'received' });
    const writes = s.writes.length;
    const second = await withRouter(cfg, (api) => provision(api, plan));
    expect(second.every((x) => !x.changed)).toBe(true);
    expect(s.writes.length).toBe(writes);
    // A changed secret is corrected, and only that.
    const third = await withRouter(cfg, (api) => provision(api, { ...plan, secret: 'new-secret' }));
    expect(third.filter((x) => x.changed).map((x) => x.what)).toEqual(['RADIUS server 192.168.88.10 updated (secret)']);
  });

  it('sends without Nagle: node-routeros writes a command word by word, which would wait ~40 ms for the router to ACK each command', async () => {
    const { cfg, s } = await sim();
    const original = Socket.prototype.setNoDelay;
    const calls: [remotePort: number | undefined, on: boolean | undefined][] = [];
    const noDelay = vi.spyOn(Socket.prototype, 'setNoDelay').mockImplementation(function (this: Socket, on?: boolean) {
      calls.push([this.remotePort, on]);
      return original.call(this, on);
    });
    onTestFinished(() => noDelay.mockRestore());
    await withRouter(cfg, identify);
    // The app's end of the connection (the simulator sets its own end too).
    expect(calls.filter(([port]) => port === s.port)).toEqual([[s.port, true]]);
  });

  it('reads RouterOS durations the way the router prints them', () => {
    expect(durationMs('1s100ms')).toBe(1100);
    expect(durationMs('1100ms')).toBe(1100);
    expect(durationMs('00:00:01.1')).toBe(1100);
    expect(durationMs('2m')).toBe(120_000);
    expect(durationMs('soon')).toBeNaN();
  });

  it('handles RouterOS 7.18+ "!empty" for prints with no results', async () => {
    const { cfg } = await sim({ version: '7.18.2' });
    expect(await withRouter(cfg, (api) => api.print('/ip/hotspot/ip-binding'))).toEqual([]);
    expect(await withRouter(cfg, (api) => activeHosts(api))).toEqual([]);
    // One device's entries are asked for by a query (the router does not send the whole list).
    const { cfg: busy } = await sim({
      active: [
        { '.id': '*1', user: 'abc123', 'mac-address': 'AA:BB:CC:00:00:01', address: '10.5.50.11' },
        { '.id': '*2', user: 'AA:BB:CC:00:00:02', 'mac-address': 'AA:BB:CC:00:00:02', address: '10.5.50.12' },
      ],
    });
    expect(await withRouter(busy, (api) => activeHosts(api, 'aa-bb-cc-00-00-02'))).toEqual([{ id: '*2', user: 'AA:BB:CC:00:00:02', mac: 'AA:BB:CC:00:00:02', ip: '10.5.50.12' }]);
    const asked: (Record<string, string> | undefined)[] = [];
    expect(await withRouter(busy, (api) => activeHosts({ ...api, print: (menu, where) => (asked.push(where), api.print(menu, where)) }, 'AA:BB:CC:00:00:01'))).toHaveLength(1);
    expect(asked).toEqual([{ 'mac-address': 'AA:BB:CC:00:00:01' }]);
    // Older RouterOS (no !empty) too.
    const old = await sim({ version: '7.15.3' });
    expect(await withRouter(old.cfg, (api) => api.print('/ip/hotspot/ip-binding'))).toEqual([]);
  });

  it('(why the patch exists) unpatched node-routeros 1.6.9 crashes the process on "!empty"', async () => {
    const { s } = await sim({ version: '7.18.2' });
    const script = `
      const { RouterOSAPI } = require('node-routeros');
      const api = new RouterOSAPI({ host: '127.0.0.1', port: ${s.port}, user: 'iwas', password: 'secret-pw', timeout: 2 });
      api.connect().then(() => api.write('/ip/hotspot/ip-binding/print')).then(() => { console.log('survived'); process.exit(0); });`;
    // Async: the simulator runs in this process and must keep answering.
    const child = spawn(process.execPath, ['-e', script], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).not.toBe(0);
    expect(out).not.toContain('survived');
    expect(out).toContain('Tried to process unknown reply: !empty');
  });

  it('a wrong password is a clear error for the operator', async () => {
    const { cfg } = await sim();
    const e = await caught(withRouter({ ...cfg, password: 'nope' }, identify), RouterOsError);
    expect(e.kind).toBe('auth');
    expect(e.message).toBe(`routeros: 127.0.0.1:${cfg.port} refused the user name or password`);
  });

  it('a router that is down (port closed) fails fast with a clear error', async () => {
    const { s, cfg } = await sim();
    await s.close();
    const started = Date.now();
    const e = await caught(withRouter(cfg, identify), RouterOsError);
    expect(e.kind).toBe('refused');
    expect(e.message).toMatch(/refused the connection \(is the API service enabled\?/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a router that accepts the connection but never answers times out, no hang', async () => {
    const accepted: Socket[] = [];
    const silent = createServer((socket) => accepted.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    onTestFinished(() => {
      for (const socket of accepted) socket.destroy();
      return new Promise<void>((r) => silent.close(() => r()));
    });
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const e = await caught(withRouter({ host: '127.0.0.1', port, user: 'x', password: 'y', tls: false, timeoutMs: 800 }, identify), RouterOsError);
    expect(e.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a router that hangs after login: each command times out', async () => {
    const { s, cfg } = await sim();
    s.hang(true);
    const e = await caught(withRouter({ ...cfg, timeoutMs: 700 }, identify), RouterOsError);
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/to \/system\/identity\/print within 0.7 s/);
  });

  it('the fallback finds the login however its name is written, and by the device alone when no name is known', async () => {
    const { cfg, active } = await sim({
      active: [
        { '.id': '*B1', user: 'AA:BB:CC:DD:EE:01', 'mac-address': 'AA:BB:CC:DD:EE:01', address: '10.5.50.11' },
        { '.id': '*B2', user: 'AB3K9Z', 'mac-address': 'AA:BB:CC:DD:EE:02', address: '10.5.50.12' },
        { '.id': '*B3', user: 'q7m2xp', 'mac-address': 'AA:BB:CC:DD:EE:03', address: '10.5.50.13' },
      ],
    });
    const gone = (device: { userName: string; mac: string | null; ip: string | null }) => withRouter(cfg, (api) => kick(api, device));
    expect(await gone({ userName: 'aa-bb-cc-dd-ee-01', mac: 'AA:BB:CC:DD:EE:01', ip: null })).toBe(true);
    expect(await gone({ userName: 'ab3k9z', mac: 'AA:BB:CC:DD:EE:02', ip: null })).toBe(true);
    expect(await gone({ userName: '', mac: 'AA:BB:CC:DD:EE:03', ip: null })).toBe(true);
    expect(active).toEqual([]);
  });

  it('kicks a device from the active list (the Disconnect fallback)', async () => {
    const { cfg, active } = await sim({
      active: [
        { '.id': '*A1', user: 'ab3k9z', 'mac-address': 'AA:BB:CC:DD:EE:01', address: '10.5.50.11' },
        { '.id': '*A2', user: 'other', 'mac-address': 'AA:BB:CC:DD:EE:02', address: '10.5.50.12' },
      ],
    });
    expect(await withRouter(cfg, (api) => kick(api, { userName: 'ab3k9z', mac: 'AA:BB:CC:DD:EE:01', ip: '10.5.50.11' }))).toBe(true);
    expect(active.map((r) => r['.id'])).toEqual(['*A2']);
    // Already gone: still "gone".
    expect(await withRouter(cfg, (api) => kick(api, { userName: 'ab3k9z', mac: 'AA:BB:CC:DD:EE:01', ip: null }))).toBe(true);
  });
});
