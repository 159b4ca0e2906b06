/**
 * Browsers beyond the counter PC: pairing with a code, device tokens (revocable at
 * once, kept across a restart), the UI on the café LAN for paired devices only, the
 * owner's read-only sign-in, sign-ins that survive a restart, the operator's own
 * language, and a new API token. Real HTTP on 127.0.0.1; the "LAN" is 127.0.0.2 (a
 * loopback address of its own, so the LAN server is a separate listener as in a café).
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { silentLogger } from '../../src/main/log';
import { startServe, type Serving } from '../../src/main/serve/run';
import { hourPackage } from '../helpers/core';
import { tempDir } from '../helpers/temp';

const TOKEN = 'api-token-0123456789';
const LAN = '127.0.0.2';

// JSON answers are looked into field by field below; typing each answer would say nothing the assertions do not.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Post = (method: string, body: unknown, opts?: { bearer?: string | null; operator?: string; base?: string }) => Promise<{ status: number; body: any }>;

async function serve(o: { dataDir?: string; token?: string | null; uiHost?: string; lanPort?: number } = {}): Promise<Serving & { post: Post; admin: string; dataDir: string }> {
  const dataDir = o.dataDir ?? join(tempDir(), 'data');
  const s = await startServe({ dataDir, port: 0, token: o.token === null ? undefined : (o.token ?? TOKEN), staticDir: null, log: silentLogger, backups: false, uiHost: o.uiHost, firstAdmin: { name: 'Ana', pin: '1234' } });
  let stopped = false;
  const stop = s.stop.bind(s);
  const wrapped = Object.assign(Object.create(Object.getPrototypeOf(s) as object) as Serving, s, {
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stop();
    },
  });
  onTestFinished(() => wrapped.stop());
  const post: Post = async (method, body, opts = {}) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const bearer = opts.bearer === undefined ? s.token : opts.bearer;
    if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
    if (opts.operator) headers['X-Operator-Token'] = opts.operator;
    const res = await fetch(`${opts.base ?? s.url}api/${method}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const signIn = await post('operators.signIn', { operatorId: 1, pin: '1234' });
  return Object.assign(wrapped, { post, admin: signIn.body.token as string, dataDir, token: s.token });
}

async function pair(s: { post: Post; admin: string }, name = 'Owner phone', base?: string): Promise<string> {
  const { body: pairing } = await s.post('devices.startPairing', {}, { operator: s.admin });
  const paired = await s.post('devices.pair', { code: pairing.code, name }, { bearer: null, base });
  expect(paired.status).toBe(200);
  return paired.body.token as string;
}

describe('paired devices', () => {
  it('pairs a browser with a code: its own token works, is listed with its last use, and is refused at once when revoked', async () => {
    const s = await serve();
    const started = await s.post('devices.startPairing', {}, { operator: s.admin });
    expect(started.status).toBe(200);
    expect(started.body.code).toMatch(/^\d{6}$/);
    expect(started.body.urls).toEqual([`${s.url}#pair=${started.body.code}`]);
    // No API token needed to pair; the code is the credential.
    const paired = await s.post('devices.pair', { code: started.body.code.replace(/(\d{3})/, '$1 '), name: 'Till 2' }, { bearer: null });
    expect(paired.status).toBe(200);
    const device = paired.body.token as string;
    expect(device).toMatch(/^[\w-]{43}$/);
    // One use.
    expect((await s.post('devices.pair', { code: started.body.code, name: 'Again' }, { bearer: null })).status).toBe(401);

    expect((await s.post('operators.roster', {}, { bearer: device })).status).toBe(200);
    const list = await s.post('devices.list', {}, { operator: s.admin });
    expect(list.body).toEqual([expect.objectContaining({ name: 'Till 2', lastAddress: '127.0.0.1', revokedAt: null, lastUsedAt: expect.any(Number) })]);

    // Its live feed (voucher codes as they are sold) only while someone is signed in on it.
    const unsigned = await fetch(`${s.url}api/events`, { headers: { Authorization: `Bearer ${device}` } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('www-authenticate')).toBe(null);
    expect(((await unsigned.json()) as { error: { message: string; said?: unknown } }).error).toMatchObject({ message: 'Sign in as an operator first', said: { message: { id: 'errors.auth.signIn' } } });
    // Its event stream is open; revoking closes it and the next call is 401.
    const stream = await fetch(`${s.url}api/events`, { headers: { Authorization: `Bearer ${device}`, 'X-Operator-Token': s.admin } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read();
    const revoked = await s.post('devices.revoke', { id: list.body[0].id }, { operator: s.admin });
    expect(revoked.body.revokedAt).toEqual(expect.any(Number));
    expect((await s.post('operators.roster', {}, { bearer: device })).status).toBe(401);
    const ended = await Promise.race([
      (async () => {
        for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return 'closed';
      })(),
      new Promise((r) => setTimeout(() => r('still open'), 3000)),
    ]);
    expect(ended).toBe('closed');
    // The API token is not affected.
    expect((await s.post('operators.roster', {})).status).toBe(200);
  });

  it('burns a code after 5 wrong tries, and refuses it after 5 minutes', async () => {
    const s = await serve();
    const { body } = await s.post('devices.startPairing', {}, { operator: s.admin });
    const wrong = body.code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await s.post('devices.pair', { code: wrong, name: 'Guess' }, { bearer: null });
      expect(r).toMatchObject({ status: 401, body: { error: { fields: { code: 'Wrong code' } } } });
    }
    const late = await s.post('devices.pair', { code: body.code, name: 'Right, too late' }, { bearer: null });
    expect(late).toMatchObject({ status: 401, body: { error: { fields: { code: 'Expired or not started' } } } });
    expect((await s.post('devices.pair', { code: '', name: '' }, { bearer: null })).body.error.fields).toMatchObject({ code: expect.any(String), name: expect.any(String) });
    // Only an admin starts a pairing.
    expect((await s.post('devices.startPairing', {})).status).toBe(401);
  });

  it('keeps device tokens and operator sign-ins across a restart; signing out or a new PIN ends a sign-in', async () => {
    const first = await serve({ token: null });
    const device = await pair(first);
    const cashier = await first.post('operators.create', { name: 'Bea', role: 'cashier', pin: '5678' }, { operator: first.admin });
    const bea = (await first.post('operators.signIn', { operatorId: cashier.body.id, pin: '5678' })).body.token as string;
    await first.stop();

    const second = await serve({ dataDir: first.dataDir, token: null });
    expect(second.token).toBe(first.token);
    const me = await second.post('operators.me', {}, { bearer: device, operator: bea });
    expect(me).toMatchObject({ status: 200, body: { name: 'Bea' } });
    // The admin's earlier sign-in too.
    expect((await second.post('operators.me', {}, { operator: first.admin })).body).toMatchObject({ name: 'Ana' });
    await second.post('operators.update', { id: cashier.body.id, pin: '9999' }, { operator: second.admin });
    expect((await second.post('operators.me', {}, { operator: bea })).status).toBe(401);
    await second.post('operators.signOut', {}, { operator: first.admin });
    expect((await second.post('operators.me', {}, { operator: first.admin })).status).toBe(401);
  });

  it('replaces the API token: the old one is refused at once, the new one is kept for the next start, paired devices keep working', async () => {
    const s = await serve({ token: null });
    const device = await pair(s);
    const old = s.token;
    const open = await fetch(`${s.url}api/events`, { headers: { Authorization: `Bearer ${old}` } });
    const reader = open.body!.getReader();
    await reader.read();
    const oldStream = Promise.race([
      (async () => {
        for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return 'closed';
      })(),
      new Promise((r) => setTimeout(() => r('still open'), 3000)),
    ]);
    const r = await s.post('devices.newApiToken', {}, { operator: s.admin });
    expect(r.status).toBe(200);
    expect(r.body.token).not.toBe(old);
    expect((await s.post('operators.roster', {}, { bearer: old })).status).toBe(401);
    // A stream opened with the old token is ended too.
    expect(await oldStream).toBe('closed');
    expect((await s.post('operators.roster', {}, { bearer: r.body.token })).status).toBe(200);
    expect((await s.post('operators.roster', {}, { bearer: device })).status).toBe(200);
    await s.stop();
    const again = await serve({ dataDir: s.dataDir, token: null });
    expect(again.token).toBe(r.body.token);

    // Started with --token: the token is not the app's to change.
    const fixed = await serve();
    expect((await fixed.post('devices.newApiToken', {}, { operator: fixed.admin })).body.error).toMatchObject({ code: 'rule', message: expect.stringContaining('--token') });
  });
});

describe('the UI on the café LAN', () => {
  it('answers paired devices only: no token, the API token and a revoked device get 401; pairing works there', async () => {
    const s = await serve({ uiHost: LAN });
    await s.lan.settled();
    const lanUrl = s.lan.state().url!;
    expect(lanUrl).toBe(`http://${LAN}:8080/`);
    expect((await s.post('devices.lanStatus', {}, { operator: s.admin })).body).toEqual({ url: lanUrl, error: null });
    const unpaired = (await s.post('operators.roster', {}, { bearer: null, base: lanUrl })).body.error;
    expect(unpaired.message).toMatch(/Pair this device/);
    expect(unpaired.said).toEqual({ message: { id: 'errors.http.pairFirst' } });
    // A malformed path is no method (404), not a fault.
    expect((await fetch(`${lanUrl}api/%E0`, { method: 'POST' })).status).toBe(404);
    expect((await s.post('operators.roster', {}, { base: lanUrl })).status).toBe(401);
    expect((await s.post('operators.roster', {}, { bearer: 'made-up-token-xyz', base: lanUrl })).status).toBe(401);
    const events = await fetch(`${lanUrl}api/events`, { headers: { Authorization: `Bearer ${s.token}` } });
    expect(events.status).toBe(401);
    await events.body?.cancel();

    const { body: pairing } = await s.post('devices.startPairing', {}, { operator: s.admin });
    expect(pairing.urls).toEqual([`${s.url}#pair=${pairing.code}`, `${lanUrl}#pair=${pairing.code}`]);
    const device = (await s.post('devices.pair', { code: pairing.code, name: 'Phone' }, { bearer: null, base: lanUrl })).body.token as string;
    expect((await s.post('operators.roster', {}, { bearer: device, base: lanUrl })).status).toBe(200);
    // Where it called from (the client's address: on loopback the kernel picks 127.0.0.1).
    expect((await s.post('devices.list', {}, { operator: s.admin })).body[0]).toMatchObject({ name: 'Phone', lastAddress: '127.0.0.1' });
    await s.post('devices.revoke', { id: 1 }, { operator: s.admin });
    expect((await s.post('operators.roster', {}, { bearer: device, base: lanUrl })).status).toBe(401);
    // Loopback is unchanged.
    expect((await s.post('operators.roster', {})).status).toBe(200);
  });

  it('follows the Settings switch: off by default, on at the set address and port, off again', async () => {
    const s = await serve();
    await s.lan.settled();
    expect(s.lan.state()).toEqual({ url: null, error: null });
    const on = await s.post('settings.update', { lan: { enabled: true, address: LAN, port: 0 } }, { operator: s.admin });
    expect(on.status).toBe(400); // port 0 is not a port a phone can be told
    expect((await s.post('settings.update', { lan: { enabled: true, address: '0.0.0.0', port: 18_765 } }, { operator: s.admin })).body.error.fields).toEqual({ 'lan.address': expect.stringMatching(/not every address/) });
    await s.post('settings.update', { lan: { enabled: true, address: LAN, port: 18_765 } }, { operator: s.admin });
    await expect.poll(() => s.lan.state().url).toBe(`http://${LAN}:18765/`);
    await s.lan.settled();
    expect((await fetch(`http://${LAN}:18765/api/health`)).status).toBe(200);
    await s.post('settings.update', { lan: { enabled: false, address: LAN, port: 18_765 } }, { operator: s.admin });
    await expect.poll(() => s.lan.state().url).toBe(null);
    await s.lan.settled();
    // A port something else holds: said, and the till goes on.
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(18_766, LAN, r));
    onTestFinished(() => new Promise<void>((r) => holder.close(() => r())));
    await s.post('settings.update', { lan: { enabled: true, address: LAN, port: 18_766 } }, { operator: s.admin });
    await expect.poll(async () => (await s.post('devices.lanStatus', {}, { operator: s.admin })).body.error).toMatch(/Cannot listen on 127\.0\.0\.2:18766: .*EADDRINUSE/);
    expect((await s.post('operators.roster', {})).status).toBe(200);
    await expect(fetch(`http://${LAN}:18765/api/health`)).rejects.toThrow();
  });
});

describe('the owner', () => {
  it('reads Reports, History, Sessions and settings; cannot sell, end, top up, void or change settings (403)', async () => {
    const s = await serve();
    const pkg = await s.post('packages.create', hourPackage, { operator: s.admin });
    const sold = await s.post('sales.sell', { packageId: pkg.body.id, paidMinor: 5000 }, { operator: s.admin });
    expect(sold.status).toBe(200);
    const created = await s.post('operators.create', { name: 'Olivia', role: 'owner', pin: '2468' }, { operator: s.admin });
    expect(created.body).toMatchObject({ role: 'owner', language: null });
    const owner = (await s.post('operators.signIn', { operatorId: created.body.id, pin: '2468' })).body.token as string;
    const day = { from: Date.now() - 3_600_000, to: Date.now() + 60_000 };
    expect((await s.post('reports.summary', day, { operator: owner })).body.sales).toMatchObject({ count: 1 });
    for (const read of ['sales.list', 'sessions.list', 'settings.get', 'status.get', 'packages.list', 'operators.me']) {
      expect({ read, status: (await s.post(read, {}, { operator: owner })).status }).toEqual({ read, status: 200 });
    }
    const session = sold.body.session.id as number;
    const refused: [string, unknown][] = [
      ['sales.sell', { packageId: pkg.body.id, paidMinor: 5000 }],
      ['sessions.end', { id: session, reason: 'test' }],
      ['sessions.topUp', { sessionId: session, packageId: pkg.body.id, paidMinor: 5000 }],
      ['sales.void', { saleId: sold.body.sale.id, reason: 'test' }],
      ['settings.update', { cafe: { name: 'Mine', receiptHeader: '', receiptFooter: '', receiptWidthMm: 58 } }],
      ['shifts.close', { cashCountedMinor: 0 }],
      ['shifts.open', {}],
      ['devices.startPairing', {}],
    ];
    for (const [method, input] of refused) {
      const r = await s.post(method, input, { operator: owner });
      expect({ method, status: r.status, code: r.body.error.code }).toEqual({ method, status: 403, code: 'forbidden' });
    }
    // Nothing changed.
    expect((await s.post('sales.list', {}, { operator: s.admin })).body.sales).toHaveLength(1);
    // Signing in as an owner opens no shift (no drawer).
    expect((await s.post('shifts.list', {}, { operator: s.admin })).body.shifts.filter((x: { operatorId: number }) => x.operatorId === created.body.id)).toEqual([]);
  });
});

describe('languages', () => {
  it('tells the sign-in screen the café language; an operator may choose their own', async () => {
    const s = await serve();
    expect((await s.post('setup.status', {})).body.language).toBe('en');
    await s.post('settings.update', { language: 'fil' }, { operator: s.admin });
    expect((await s.post('setup.status', {})).body.language).toBe('fil');
    expect((await s.post('settings.update', { language: 'de' }, { operator: s.admin })).status).toBe(400);
    const mine = await s.post('operators.setMyLanguage', { language: 'id' }, { operator: s.admin });
    expect(mine.body).toMatchObject({ name: 'Ana', language: 'id' });
    expect((await s.post('operators.me', {}, { operator: s.admin })).body.language).toBe('id');
    expect((await s.post('operators.setMyLanguage', { language: null }, { operator: s.admin })).body.language).toBe(null);
    // Kept: the language is a settings section of its own.
    await s.stop();
    const again = await serve({ dataDir: s.dataDir });
    expect((await again.post('setup.status', {})).body.language).toBe('fil');
  });
});
