import { describe, expect, it } from 'vitest';
import { USABLE_DATA_MIN_BYTES } from '../../src/shared/engine/remaining';
import { radclient } from '../helpers/radclient';
import { SECRET, startRadiusCore, type RadiusTestCore } from '../helpers/radius-core';

const MB100 = 100_000_000;
const DAY = 86_400_000;
const dataPackage = { name: '100 MB', pricing: 'fixed', priceMinor: 1000, validityS: 86_400, dataLimitBytes: MB100 } as const;

const device = ['Calling-Station-Id = "AA:BB:CC:DD:EE:01"', 'Framed-IP-Address = 10.5.50.11', 'NAS-IP-Address = 127.0.0.1'];
const acct = (status: string, sid: string, user: string, extra: string[] = []) =>
  [`Acct-Status-Type = ${status}`, `Acct-Session-Id = "${sid}"`, `User-Name = "${user}"`, ...device, ...extra].join(', ');
const usage = (inOctets: number, outOctets: number, time: number) => [`Acct-Input-Octets = ${inOctets}`, `Acct-Output-Octets = ${outOctets}`, `Acct-Session-Time = ${time}`];

async function login(t: RadiusTestCore, v: { code: string; password: string }) {
  const r = await radclient(t.auth, 'auth', SECRET, [[`User-Name = "${v.code}"`, `User-Password = "${v.password}"`, ...device].join(', ')]);
  expect(r.replies).toHaveLength(1);
  return r.replies[0]!;
}

async function liveIds(t: RadiusTestCore): Promise<number[]> {
  return (await t.call('sessions.list', { scope: 'live' })).sessions.map((s) => s.id);
}

async function sellPackage(t: RadiusTestCore, input: object) {
  const p = await t.call('packages.create', { ...dataPackage, ...input });
  return (packageId = p.id) => t.sell({ packageId });
}

describe('data used up', () => {
  it('a session the router stopped a few bytes short of its limit expires at the Stop and leaves the live list', async () => {
    const t = await startRadiusCore();
    const v = await (await sellPackage(t, {}))();
    expect((await login(t, v)).code).toBe('Access-Accept');
    await radclient(t.acct, 'acct', SECRET, [acct('Start', 'short-1', v.code)]);
    // The router enforced Mikrotik-Total-Limit; its last count is 3 bytes under it.
    await radclient(t.acct, 'acct', SECRET, [acct('Stop', 'short-1', v.code, [...usage(10_000_000, MB100 - 10_000_003, 900), 'Acct-Terminate-Cause = Session-Timeout'])]);

    const s = await t.call('sessions.get', { id: v.id });
    expect(s).toMatchObject({ state: 'EXPIRED', endReason: 'Data used up', devices: [] });
    expect(s.audit[0]).toMatchObject({ action: 'session.expire', actorKind: 'router', toState: 'EXPIRED' });
    expect(await liveIds(t)).not.toContain(v.id);
    const again = await login(t, v);
    expect(again).toMatchObject({ code: 'Access-Reject', attributes: { 'Reply-Message': 'Data used up' } });
  });

  it('a session with enough left for a page stays ACTIVE after the Stop', async () => {
    const t = await startRadiusCore();
    const v = await (await sellPackage(t, {}))();
    await radclient(t.acct, 'acct', SECRET, [acct('Start', 'left-1', v.code)]);
    await radclient(t.acct, 'acct', SECRET, [acct('Stop', 'left-1', v.code, [...usage(0, MB100 - USABLE_DATA_MIN_BYTES, 900), 'Acct-Terminate-Cause = User-Request'])]);
    expect(await t.call('sessions.get', { id: v.id })).toMatchObject({ state: 'ACTIVE', remaining: { dataBytes: USABLE_DATA_MIN_BYTES } });
    expect((await login(t, v)).attributes).toMatchObject({ 'Mikrotik-Total-Limit': String(USABLE_DATA_MIN_BYTES) });
  });

  it('a paused session already short of its limit is expired by the scheduler, and refused at login', async () => {
    const t = await startRadiusCore();
    const sell = await sellPackage(t, {});
    const paused = async (sid: string) => {
      const v = await sell();
      await radclient(t.acct, 'acct', SECRET, [acct('Start', sid, v.code)]);
      // As an older version left it: stopped 100 bytes short, still ACTIVE ("Paused 100 MB / 100 MB").
      await radclient(t.acct, 'acct', SECRET, [acct('Stop', sid, v.code, [...usage(0, 50_000_000, 900), 'Acct-Terminate-Cause = User-Request'])]);
      t.core.store.db.prepare('UPDATE sessions SET bytes_in = ? WHERE id = ?').run(MB100 - 50_000_100, v.id);
      t.core.store.reindex();
      return v;
    };
    const a = await paused('paused-a');
    const b = await paused('paused-b');
    expect((await t.call('sessions.get', { id: a.id })).state).toBe('ACTIVE');

    expect(await login(t, a)).toMatchObject({ code: 'Access-Reject', attributes: { 'Reply-Message': 'Data used up' } });
    expect(await t.call('sessions.get', { id: a.id })).toMatchObject({ state: 'EXPIRED', endReason: 'Data used up' });

    await t.core.scheduler.runNow('expiry');
    const s = await t.call('sessions.get', { id: b.id });
    expect(s).toMatchObject({ state: 'EXPIRED', endReason: 'Data used up' });
    expect(s.audit[0]).toMatchObject({ action: 'session.expire', actorKind: 'system', actorName: 'scheduler' });
    expect(await liveIds(t)).toEqual([]);
  });
});

describe('unused vouchers expire', () => {
  it('the sale sets the deadline; the scheduler expires the voucher "Never used" once it passes', async () => {
    const t = await startRadiusCore();
    const sell = await sellPackage(t, { unusedExpiryS: 7 * 86_400 });
    const [ana] = await t.call('operators.list', {});
    const signIn = async () => (await t.call('operators.signIn', { operatorId: ana!.id, pin: '1234' }, null)).token;
    const soldAt = t.clock.now();
    const v = await sell();
    const plain = await t.sell(); // the 1-hour package has no deadline
    const session = await t.call('sessions.get', { id: v.id });
    expect(session.unusedExpiresAt).toBe(soldAt + 7 * DAY);
    expect((await t.call('sessions.get', { id: plain.id })).unusedExpiresAt).toBeNull();

    // Topped up before its first use, a minute later: paid for again, it gets its 7 days from the top-up.
    t.clock.advance(60_000);
    const due = soldAt + 60_000 + 7 * DAY;
    expect((await t.call('sessions.topUp', { sessionId: v.id, packageId: session.packageId, paidMinor: 1000 })).session.unusedExpiresAt).toBe(due);

    t.clock.set(due - 1);
    await t.core.scheduler.runNow('expiry');
    expect(t.core.store.sessions.get(v.id)!.state).toBe('PENDING');

    t.clock.set(due);
    await t.core.scheduler.runNow('expiry');
    const admin = await signIn();
    const s = await t.call('sessions.get', { id: v.id }, admin);
    expect(s).toMatchObject({ state: 'EXPIRED', endReason: 'Never used', endedAt: due });
    expect(s.audit[0]).toMatchObject({ action: 'session.expire', actorKind: 'system', actorName: 'scheduler', fromState: 'PENDING', toState: 'EXPIRED', reason: 'Never used' });
    expect((await t.call('sessions.list', { scope: 'live' }, admin)).sessions.map((x) => x.id)).toEqual([plain.id]);
    expect(await login(t, v)).toMatchObject({ code: 'Access-Reject', attributes: { 'Reply-Message': 'Voucher expired' } });
  });

  it('a login after the deadline is refused and expires the voucher; a used one never expires as unused', async () => {
    const t = await startRadiusCore();
    const sell = await sellPackage(t, { unusedExpiryS: 3600 });
    const unused = await sell();
    const used = await sell();
    expect((await login(t, used)).code).toBe('Access-Accept');

    t.clock.advance(3600_000);
    expect(await login(t, unused)).toMatchObject({ code: 'Access-Reject', attributes: { 'Reply-Message': 'Voucher expired' } });
    const s = await t.call('sessions.get', { id: unused.id });
    expect(s).toMatchObject({ state: 'EXPIRED', endReason: 'Never used' });
    expect(s.audit[0]).toMatchObject({ action: 'session.expire', actorKind: 'router', fromState: 'PENDING' });

    await t.core.scheduler.runNow('expiry');
    expect((await t.call('sessions.get', { id: used.id })).state).toBe('ACTIVE');
    expect((await login(t, used)).code).toBe('Access-Accept');
  });
});
