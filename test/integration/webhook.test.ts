import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core';
import { sign } from '../../src/main/pcsync/signature';
import { startCoaResponder } from '../helpers/coa-responder';
import { radclient } from '../helpers/radclient';
import { fastCoa, heldWalFlush, SECRET, startRadiusCore, type RadiusTestCore } from '../helpers/radius-core';
import { sleep, until } from '../helpers/udp';

const webhook = { host: '127.0.0.1', port: 0 };

interface PostOptions {
  id?: string;
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string | undefined>;
  raw?: string | Buffer;
  method?: string;
  path?: string;
}

async function post(t: RadiusTestCore, body: unknown, o: PostOptions = {}) {
  const raw = o.raw ?? JSON.stringify(body);
  const id = o.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = o.timestamp ?? Math.floor(t.clock.now() / 1000);
  const all: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(o.secret ?? t.core.pcsync.secret()!, id, timestamp, raw),
    ...o.headers,
  };
  const headers = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
  const res = await fetch(`http://127.0.0.1:${t.core.webhook!.port}${o.path ?? '/webhooks/pc'}`, { method: o.method ?? 'POST', headers, body: o.method === 'GET' ? undefined : raw });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const logout = (pcUser: string, occurredAt: number | string, station?: string) => ({ type: 'pc.logout', data: { pcUser, occurredAt, ...(station ? { station } : {}) } });

async function setup() {
  const coa = await startCoaResponder(SECRET, 'ack');
  const t = await startRadiusCore({ coaPort: coa.port }, { webhook });
  return { t, coa };
}

describe('PC-sync webhook', () => {
  it('pc.logout ends every live session linked to that PC user and disconnects its devices; 200 once committed', async () => {
    const { t, coa } = await setup();
    const a = await t.sell({ pcUser: 'kenji', pcStation: 'PC-07' });
    const b = await t.sell({ pcUser: 'kenji' });
    const other = await t.sell({ pcUser: 'mika' });
    await radclient(t.acct, 'acct', SECRET, [`Acct-Status-Type = Start, Acct-Session-Id = "k1", User-Name = "${a.code}", Calling-Station-Id = "AA:BB:CC:DD:EE:01"`]);
    const r = await post(t, logout('kenji', new Date(t.clock.now()).toISOString(), 'PC-07'));
    expect(r).toMatchObject({ status: 200, body: { ok: true, duplicate: false, terminated: [a.id, b.id] } });
    for (const id of [a.id, b.id]) expect((await t.call('sessions.get', { id })).state).toBe('TERMINATED');
    expect((await t.call('sessions.get', { id: other.id })).state).toBe('PENDING');
    await until(() => coa.received.length === 1);
    expect(coa.received[0]!.attrs['Acct-Session-Id']).toBe('k1');
    const detail = await t.call('sessions.get', { id: a.id });
    expect(detail).toMatchObject({ endReason: 'PC logout' });
    expect(detail.audit[0]).toMatchObject({ actorKind: 'pc-sync', actorName: 'PC manager (PC-07)', toState: 'TERMINATED' });
    const status = await t.call('pcsync.status', {});
    expect(status.events[0]).toMatchObject({ type: 'pc.logout', outcome: `kenji at PC-07: ended sessions ${a.id}, ${b.id}` });
  });

  it('200 only once the logout is on disk (its retry too, which finds it stored); a flush the disk fails answers 503, to be sent again', async () => {
    const held = heldWalFlush(false);
    const coa = await startCoaResponder(SECRET, 'ack');
    const t = await startRadiusCore({ coaPort: coa.port }, { webhook, flushWal: held.flushWal });
    const a = await t.sell({ pcUser: 'kenji' });
    held.holding = true;
    const event = logout('kenji', new Date(t.clock.now()).toISOString());
    let answered = false;
    const first = post(t, event, { id: 'msg_on_disk' }).then((r) => ((answered = true), r));
    await until(() => held.flushes.length === 1);
    // Stored, not yet answered; the sender's retry meanwhile finds it stored and waits for the same flush.
    expect(t.core.store.sessions.get(a.id)!.state).toBe('TERMINATED');
    const retry = post(t, event, { id: 'msg_on_disk' });
    await sleep(100);
    expect(answered).toBe(false);
    expect(held.flushes).toHaveLength(1);
    held.flushes[0]!.done();
    expect(await first).toMatchObject({ status: 200, body: { duplicate: false, terminated: [a.id] } });
    expect(await retry).toMatchObject({ status: 200, body: { duplicate: true } });

    held.holding = false;
    const b = await t.sell({ pcUser: 'mika' });
    held.holding = true;
    const failing = post(t, logout('mika', new Date(t.clock.now()).toISOString()));
    await until(() => held.flushes.length === 2);
    held.flushes[1]!.fail(new Error('EIO: i/o error, fdatasync'));
    expect(await failing).toMatchObject({ status: 503, body: { error: { message: expect.stringMatching(/The disk did not confirm this change/) } } });
    expect(t.core.store.sessions.get(b.id)!.state).toBe('TERMINATED');
  });

  it('a late logout does not end a session sold after it happened', async () => {
    const { t } = await setup();
    const loggedOutAt = t.clock.now();
    t.clock.advance(60_000);
    const next = await t.sell({ pcUser: 'kenji' });
    const r = await post(t, logout('kenji', loggedOutAt));
    expect(r.body.terminated).toEqual([]);
    expect((await t.call('sessions.get', { id: next.id })).state).toBe('PENDING');
  });

  it('a PC manager whose clock is ahead: its late logout still spares the session sold after it, and ends the one sold before', async () => {
    const { t } = await setup();
    const ahead = 4 * 60_000; // within the signature's 5 minutes
    const before = await t.sell({ pcUser: 'kenji' });
    t.clock.advance(60_000);
    const loggedOutAt = t.clock.now(); // on its clock: loggedOutAt + ahead
    t.clock.advance(2 * 60_000);
    const next = await t.sell({ pcUser: 'kenji' });
    t.clock.advance(60_000);
    // Delivered (retried) a minute after the next sale, stamped by its own clock.
    const r = await post(t, logout('kenji', loggedOutAt + ahead), { timestamp: Math.floor((t.clock.now() + ahead) / 1000) });
    expect(r.body.terminated).toEqual([before.id]);
    expect((await t.call('sessions.get', { id: next.id })).state).toBe('PENDING');
  });

  it('a replayed webhook-id has one effect, before and after a restart', async () => {
    const { t } = await setup();
    const v = await t.sell({ pcUser: 'kenji' });
    const first = await post(t, logout('kenji', t.clock.now()), { id: 'msg_replay_1' });
    expect(first.body).toMatchObject({ duplicate: false, terminated: [v.id] });
    const again = await post(t, logout('kenji', t.clock.now()), { id: 'msg_replay_1' });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, terminated: [v.id] } });
    // A new session for kenji, then a restart, then the same id once more: still nothing new happens.
    const w = await t.sell({ pcUser: 'kenji' });
    const dir = t.dir;
    await t.core.close();
    const back = await createCore({ dataDir: dir, clock: t.clock, webhook, radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 }, coaTiming: fastCoa });
    try {
      const t2 = { ...t, core: back };
      const replay = await post(t2, logout('kenji', t.clock.now()), { id: 'msg_replay_1' });
      expect(replay).toMatchObject({ status: 200, body: { duplicate: true } });
      expect(back.store.sessions.get(w.id)!.state).toBe('PENDING');
      const ends = back.store.audit.list({ entity: 'session', entityId: v.id, limit: 50 }).filter((e) => e.action === 'session.end');
      expect(ends).toHaveLength(1);
    } finally {
      await back.close();
    }
  });

  it('pc.login is recorded and changes no session', async () => {
    const { t } = await setup();
    const v = await t.sell({ pcUser: 'kenji' });
    const r = await post(t, { type: 'pc.login', data: { pcUser: 'kenji', station: 'PC-03', occurredAt: t.clock.now() } });
    expect(r).toMatchObject({ status: 200, body: { terminated: [] } });
    expect((await t.call('sessions.get', { id: v.id })).state).toBe('PENDING');
    expect((await t.call('pcsync.status', {})).events[0]).toMatchObject({ type: 'pc.login', outcome: 'kenji at PC-03: recorded' });
  });

  it('every bad input gets a 4xx with a message and changes nothing', async () => {
    const { t } = await setup();
    const v = await t.sell({ pcUser: 'kenji' });
    const now = Math.floor(t.clock.now() / 1000);
    const cases: [string, Promise<{ status: number; body: Record<string, unknown> }>, number, RegExp][] = [
      ['bad JSON', post(t, null, { raw: '{"type":' }), 400, /not valid JSON/],
      ['no signature', post(t, logout('kenji', 1), { headers: { 'webhook-signature': undefined } }), 401, /Missing webhook-signature/],
      ['no id', post(t, logout('kenji', 1), { headers: { 'webhook-id': undefined } }), 401, /Missing webhook-id/],
      ['no timestamp', post(t, logout('kenji', 1), { headers: { 'webhook-timestamp': undefined } }), 401, /Missing webhook-timestamp/],
      ['wrong secret', post(t, logout('kenji', 1), { secret: 'whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==' }), 401, /No valid signature/],
      ['signature of another body', post(t, logout('kenji', 1), { headers: { 'webhook-signature': sign(t.core.pcsync.secret()!, 'x', now, '{}') } }), 401, /No valid signature/],
      ['stale timestamp', post(t, logout('kenji', 1), { timestamp: now - 301 }), 401, /from this PC's clock/],
      ['future timestamp', post(t, logout('kenji', 1), { timestamp: now + 301 }), 401, /from this PC's clock/],
      ['non-numeric timestamp', post(t, logout('kenji', 1), { headers: { 'webhook-timestamp': 'yesterday' } }), 401, /whole seconds/],
      ['unknown event type', post(t, { type: 'pc.reboot', data: {} }), 422, /Unknown event type .{0,2}pc\.reboot/],
      ['missing pcUser', post(t, { type: 'pc.logout', data: { occurredAt: 1 } }), 400, /data.pcUser/],
      ['no type', post(t, { data: {} }), 400, /type/],
      ['oversize', post(t, null, { raw: JSON.stringify({ type: 'pc.logout', data: { pcUser: 'x'.repeat(70_000) } }) }), 413, /larger than 65536 bytes/],
      ['wrong path', post(t, logout('kenji', 1), { path: '/webhooks/other' }), 404, /POST \/webhooks\/pc/],
      ['GET', post(t, null, { method: 'GET' }), 405, /Use POST/],
    ];
    for (const [name, pending, status, message] of cases) {
      const r = await pending;
      expect(r.status, name).toBe(status);
      expect(JSON.stringify(r.body), name).toMatch(message);
    }
    expect((await t.call('sessions.get', { id: v.id })).state).toBe('PENDING');
    expect((await t.call('pcsync.status', {})).events).toEqual([]);
  });

  it('never answers 500, whatever the signed body', async () => {
    const { t } = await setup();
    const bodies = fc.sample(fc.oneof(fc.jsonValue(), fc.record({ type: fc.constantFrom('pc.logout', 'pc.login', 'x'), data: fc.jsonValue() })), { numRuns: 150, seed: 3 });
    for (const body of bodies) {
      const r = await post(t, body);
      expect(r.status, JSON.stringify(body)).toBeLessThan(500);
    }
  });

  it('a rotated secret invalidates the old one', async () => {
    const { t } = await setup();
    const old = t.core.pcsync.secret()!;
    const { secret } = await t.call('pcsync.rotateSecret', {});
    expect(secret).toMatch(/^whsec_/);
    expect((await post(t, logout('kenji', 1), { secret: old })).status).toBe(401);
    expect((await post(t, logout('kenji', 1))).status).toBe(200);
    expect((await t.call('pcsync.status', {})).secret).toBe(secret);
    const cashier = await t.cashierToken();
    await expect(t.core.api.call('pcsync.status', {}, cashier)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
