import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/log';
import { encodePacket, type Attribute } from '../../src/main/radius/codec';
import { Code } from '../../src/main/radius/dictionary';
import { radclient } from '../helpers/radclient';
import { heldWalFlush, SECRET, startRadiusCore, type RadiusTestCore } from '../helpers/radius-core';
import { exchange, sleep, udpPeer, until } from '../helpers/udp';

const GiB4 = 2 ** 32;

function acct(status: string, sid: string, user: string, extra: string[] = []): string {
  return [`Acct-Status-Type = ${status}`, `Acct-Session-Id = "${sid}"`, `User-Name = "${user}"`, 'Calling-Station-Id = "AA:BB:CC:DD:EE:01"', 'Framed-IP-Address = 10.5.50.11', 'NAS-IP-Address = 127.0.0.1', ...extra].join(', ');
}
const usage = (inOctets: number, outOctets: number, time: number) => [
  `Acct-Input-Octets = ${inOctets % GiB4}`,
  `Acct-Input-Gigawords = ${Math.floor(inOctets / GiB4)}`,
  `Acct-Output-Octets = ${outOctets % GiB4}`,
  `Acct-Output-Gigawords = ${Math.floor(outOctets / GiB4)}`,
  `Acct-Session-Time = ${time}`,
];

function acctPacket(id: number, attrs: Attribute[], ma = false): Buffer {
  return encodePacket({ code: Code.AccountingRequest, identifier: id, secret: SECRET, messageAuthenticator: ma, attributes: attrs });
}

async function session(t: RadiusTestCore, id: number) {
  return t.call('sessions.get', { id });
}

describe('RADIUS accounting (radclient as the router)', () => {
  it('Start, Interim-Update and Stop update usage; Stop closes the connection with its cause', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    let r = await radclient(t.acct, 'acct', SECRET, [acct('Start', '81a00001', v.code)]);
    expect(r.replies[0]!.code).toBe('Accounting-Response');
    let s = await session(t, v.id);
    expect(s).toMatchObject({ state: 'ACTIVE', bytesIn: 0, bytesOut: 0 });
    expect(s.devices).toMatchObject([{ mac: 'AA:BB:CC:DD:EE:01', ip: '10.5.50.11', routerName: 'hAP ac²' }]);

    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', '81a00001', v.code, usage(1_000_000, 9_000_000, 120))]);
    s = await session(t, v.id);
    expect(s).toMatchObject({ bytesIn: 1_000_000, bytesOut: 9_000_000, timeUsedS: 120 });
    expect(s.remaining.dataBytes).toBe(500_000_000 - 10_000_000);

    r = await radclient(t.acct, 'acct', SECRET, [acct('Stop', '81a00001', v.code, [...usage(1_500_000, 20_000_000, 200), 'Acct-Terminate-Cause = User-Request'])]);
    expect(r.replies).toHaveLength(1);
    s = await session(t, v.id);
    expect(s).toMatchObject({ bytesIn: 1_500_000, bytesOut: 20_000_000, timeUsedS: 200, devices: [], state: 'ACTIVE' });
    expect(s.connections[0]).toMatchObject({ endCause: 'User-Request', bytesOut: 20_000_000, sessionTimeS: 200 });
    expect(s.remaining.timeS).toBe(3400);
  });

  it('counts above 4 GiB exactly (gigawords)', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    await t.call('sessions.topUp', { sessionId: v.id, packageId: t.hourId, paidMinor: 2000 }); // not needed for size; proves limits add
    t.core.store.db.prepare('UPDATE sessions SET data_limit_bytes = NULL WHERE id = ?').run(v.id); t.core.store.reindex();
    const big = 5 * GiB4 + 123_456_789;
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'big-1', v.code, usage(GiB4 + 7, big, 600))]);
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'big-1', v.code, usage(GiB4 + 9, big + 1000, 720))]);
    expect(await session(t, v.id)).toMatchObject({ bytesIn: GiB4 + 9, bytesOut: big + 1000 });
  });

  it('a retransmission whose Acct-Delay-Time changed (new id and authenticator) is counted once', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const report = (delay: number, id: number): Attribute[] => [
      ['Acct-Status-Type', 'Interim-Update'],
      ['Acct-Session-Id', 'rtx-1'],
      ['User-Name', v.code],
      ['Acct-Input-Octets', 4000],
      ['Acct-Output-Octets', 60000],
      ['Acct-Session-Time', 120],
      ['Acct-Delay-Time', delay],
      ['NAS-Port', id],
    ];
    const peer = await udpPeer();
    await peer.send(t.acct, acctPacket(1, report(0, 1)));
    await peer.send(t.acct, acctPacket(2, report(3, 1))); // retransmitted by the router 3 s later
    await sleep(100);
    await peer.send(t.acct, acctPacket(2, report(3, 1))); // and the very same bytes again: the cached reply
    await sleep(200);
    await peer.close();
    expect(peer.replies).toHaveLength(3);
    expect(await session(t, v.id)).toMatchObject({ bytesIn: 4000, bytesOut: 60000, timeUsedS: 120 });
  });

  it("a router's wrong clock (Event-Timestamp) charges no time and makes no device stale: report times are receipt minus Acct-Delay-Time", async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    // The router's clock is 50 minutes behind (no NTP yet): 12 minutes online charge 12 minutes, and the session stays ACTIVE.
    const behind = (s: number) => `Event-Timestamp = ${Math.floor(t.clock.now() / 1000) - 50 * 60 + s}`;
    await radclient(t.acct, 'acct', SECRET, [acct('Start', 'skew-1', v.code, [behind(0)])]);
    for (let m = 2; m <= 12; m += 2) {
      t.clock.advance(120_000);
      await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'skew-1', v.code, [...usage(m, m, m * 60), behind(0)])]);
      await t.core.scheduler.runNow('expiry');
    }
    let s = await session(t, v.id);
    expect(s).toMatchObject({ state: 'ACTIVE', timeUsedS: 720, devices: [{ mac: 'AA:BB:CC:DD:EE:01' }] });
    expect(s.remaining.timeS).toBe(3600 - 720);
    expect(s.connections[0]).toMatchObject({ lastUpdateAt: t.clock.now() });
    // Ten minutes behind: the device that just reported is not stale, so the 1-device voucher stays on one device.
    const w = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Start', 'skew-2', w.code, [`Event-Timestamp = ${Math.floor(t.clock.now() / 1000) - 600}`])]);
    await t.core.scheduler.runNow('stale-sweep');
    expect(t.core.store.connections.openDevices(w.id)).toHaveLength(1);
    // A clock ahead never dates a report after its receipt.
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'skew-2', w.code, [...usage(1, 1, 60), `Event-Timestamp = ${Math.floor(t.clock.now() / 1000) + 3600}`, 'Acct-Delay-Time = 5'])]);
    s = await session(t, w.id);
    expect(s.connections[0]).toMatchObject({ startedAt: t.clock.now(), lastUpdateAt: t.clock.now() });
    expect(s.timeUsedS).toBe(60);
  });

  it('an Interim without a Start creates the connection', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'no-start', v.code, usage(10, 20, 300))]);
    const s = await session(t, v.id);
    expect(s).toMatchObject({ state: 'ACTIVE', bytesIn: 10, bytesOut: 20 });
    expect(s.connections[0]).toMatchObject({ acctSessionId: 'no-start', startedAt: t.clock.now() - 300_000, endedAt: null });
  });

  it('Accounting-On (router reboot) closes every open connection of that router; new session ids start from zero', async () => {
    const t = await startRadiusCore();
    const a = await t.sell();
    const b = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'a-1', a.code, usage(100, 100, 60)), acct('Interim-Update', 'b-1', b.code, usage(200, 200, 60))]);
    await radclient(t.acct, 'acct', SECRET, ['Acct-Status-Type = Accounting-On, NAS-IP-Address = 127.0.0.1, Acct-Session-Id = "0"']);
    for (const id of [a.id, b.id]) {
      const s = await session(t, id);
      expect(s.devices).toEqual([]);
      expect(s.connections[0]!.endCause).toBe('NAS-Reboot');
    }
    // After the reboot the router counts a new connection from zero; the old totals stay.
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'a-2', a.code, usage(50, 50, 30))]);
    expect(await session(t, a.id)).toMatchObject({ bytesIn: 150, bytesOut: 150, timeUsedS: 90 });
  });

  it('after a reboot the router reuses an Acct-Session-Id: a new customer\'s login is a new connection of theirs, not more usage of the old one', async () => {
    const t = await startRadiusCore();
    const a = await t.sell();
    const b = await t.sell();
    const report = (status: string, v: { code: string; id: number }, mac: string, extra: string[] = []) =>
      [`Acct-Status-Type = ${status}`, 'Acct-Session-Id = "80000001"', `User-Name = "${v.code}"`, `Class = "iwas:${v.id}"`, `Calling-Station-Id = "${mac}"`, ...extra].join(', ');
    await radclient(t.acct, 'acct', SECRET, [report('Start', a, 'AA:BB:CC:DD:EE:01')]);
    await radclient(t.acct, 'acct', SECRET, [report('Stop', a, 'AA:BB:CC:DD:EE:01', usage(1000, 400_000_000, 600))]);
    // A late Interim of that login after its Stop, and its Start retransmitted late, are still its own (and add nothing).
    t.clock.advance(5000);
    await radclient(t.acct, 'acct', SECRET, [report('Interim-Update', a, 'AA:BB:CC:DD:EE:01', usage(900, 300_000_000, 540))]);
    await radclient(t.acct, 'acct', SECRET, [report('Start', a, 'AA:BB:CC:DD:EE:01', ['Acct-Delay-Time = 6'])]);
    expect(await session(t, a.id)).toMatchObject({ bytesIn: 1000, bytesOut: 400_000_000, timeUsedS: 600, devices: [] });
    expect((await session(t, a.id)).connections).toHaveLength(1);

    t.clock.advance(60_000);
    await radclient(t.acct, 'acct', SECRET, ['Acct-Status-Type = Accounting-On, NAS-IP-Address = 127.0.0.1, Acct-Session-Id = "0"']);
    await radclient(t.acct, 'acct', SECRET, [report('Start', b, 'AA:BB:CC:DD:EE:02')]);
    await radclient(t.acct, 'acct', SECRET, [report('Interim-Update', b, 'AA:BB:CC:DD:EE:02', usage(1000, 500_000_000, 700))]);
    const sa = await session(t, a.id);
    const sb = await session(t, b.id);
    expect(sa).toMatchObject({ bytesIn: 1000, bytesOut: 400_000_000, timeUsedS: 600, devices: [] });
    expect(sb).toMatchObject({ state: 'EXPIRED', endReason: 'Data used up', bytesOut: 500_000_000, timeUsedS: 700, devices: [{ mac: 'AA:BB:CC:DD:EE:02' }] });
    expect(sb.connections).toMatchObject([{ acctSessionId: '80000001', endedAt: null }]);
    expect(t.core.store.outbox.pending()).toMatchObject([{ kind: 'disconnect', sessionId: b.id, connectionId: sb.connections[0]!.id }]);
    // The router rebooted again, and its Accounting-On was lost: B's connection is still open when the id comes back for A.
    t.clock.advance(60_000);
    await radclient(t.acct, 'acct', SECRET, [report('Start', a, 'AA:BB:CC:DD:EE:01'), report('Interim-Update', a, 'AA:BB:CC:DD:EE:01', usage(5, 5, 60))]);
    expect(await session(t, a.id)).toMatchObject({ bytesIn: 1005, timeUsedS: 660, devices: [{ mac: 'AA:BB:CC:DD:EE:01' }] });
    expect(await session(t, b.id)).toMatchObject({ bytesIn: 1000, timeUsedS: 700, devices: [] });
    expect((await session(t, b.id)).connections).toMatchObject([{ endCause: 'NAS-Reboot', endedAt: t.clock.now() - 60_000 }]);
    expect(t.core.store.outbox.pending()).toEqual([]); // B's Disconnect is settled: that login is gone
    // Without a Class, the User-Name tells the new customer from the old one.
    const c = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Start', 'c-1', c.code), acct('Stop', 'c-1', c.code, usage(10, 10, 60))]);
    const d = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'c-1', d.code, usage(20, 20, 30))]);
    expect(await session(t, c.id)).toMatchObject({ bytesIn: 10, timeUsedS: 60 });
    expect(await session(t, d.id)).toMatchObject({ bytesIn: 20, timeUsedS: 30, devices: [{ mac: 'AA:BB:CC:DD:EE:01' }] });
  });

  it('a reused Acct-Session-Id for the same customer whose Start was lost is a new login (its usage counted), not a late report of the old one', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Start', '70000001', v.code), acct('Stop', '70000001', v.code, usage(1000, 2000, 600))]);
    // Rebooted an hour later; the same voucher logs in again under the same id, and the router's Start is lost.
    t.clock.advance(3600_000);
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', '70000001', v.code, usage(200, 300, 120))]);
    const s = await session(t, v.id);
    expect(s).toMatchObject({ bytesIn: 1200, bytesOut: 2300, timeUsedS: 720, devices: [{ mac: 'AA:BB:CC:DD:EE:01' }] });
    expect(s.connections).toMatchObject([{ endedAt: expect.any(Number), sessionTimeS: 600 }, { endedAt: null, sessionTimeS: 120 }]);
    // Its first report already past the old login's bytes (only its time went back): a new login all the same.
    const w = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Start', '70000002', w.code), acct('Stop', '70000002', w.code, usage(10, 10, 1800))]);
    t.clock.advance(3600_000);
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', '70000002', w.code, usage(5000, 6000, 300))]);
    expect(await session(t, w.id)).toMatchObject({ bytesIn: 5010, bytesOut: 6010, timeUsedS: 2100 });
  });

  it('a connection closed as stale after a forward jump of this PC’s clock is the same login when it reports again: reopened, its usage counted once (not a new login)', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Start', 'j-1', v.code), acct('Interim-Update', 'j-1', v.code, usage(1000, 2000, 600))]);
    // The PC's clock jumps two hours ahead (a sync at boot): the sweep finds the device silent and closes it.
    t.clock.advance(2 * 3600_000);
    await t.core.scheduler.runNow('stale-sweep');
    expect((await session(t, v.id)).devices).toEqual([]);
    // A minute later (the router's count), the same login reports on: its start, by this clock, is after the close.
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'j-1', v.code, usage(1100, 2100, 660))]);
    // And ones without Acct-Session-Time (more bytes, then none more while idle): not a login from zero either.
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'j-1', v.code, usage(1200, 2200, 0).slice(0, 4))]);
    await t.core.scheduler.runNow('stale-sweep');
    t.clock.advance(3600_000);
    await t.core.scheduler.runNow('stale-sweep');
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'j-1', v.code, usage(1200, 2200, 0).slice(0, 4))]);
    const s = await session(t, v.id);
    expect(s).toMatchObject({ bytesIn: 1200, bytesOut: 2200, timeUsedS: 660, devices: [{ mac: 'AA:BB:CC:DD:EE:01' }] });
    expect(s.connections).toHaveLength(1);
  });

  it('a Class that names another session than its User-Name does (a database restored from a backup) does not split the open connection: its usage is counted once', async () => {
    const t = await startRadiusCore();
    const a = await t.sell();
    const other = await t.sell();
    const report = (status: string, classOf: number, extra: string[] = []) =>
      [`Acct-Status-Type = ${status}`, 'Acct-Session-Id = "90000001"', `User-Name = "${a.code}"`, `Class = "iwas:${classOf}"`, 'Calling-Station-Id = "AA:BB:CC:DD:EE:01"', ...extra].join(', ');
    await radclient(t.acct, 'acct', SECRET, [report('Start', a.id), report('Interim-Update', a.id, usage(1000, 2000, 60))]);
    await radclient(t.acct, 'acct', SECRET, [report('Interim-Update', other.id, usage(1500, 2500, 120))]);
    const s = await session(t, a.id);
    expect(s).toMatchObject({ bytesIn: 1500, bytesOut: 2500, timeUsedS: 120 });
    expect(s.connections).toHaveLength(1);
    expect((await session(t, other.id)).connections).toEqual([]);
  });

  it('an Interim over the data limit expires the session and records the Disconnect intent', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Start', 'cap-1', v.code)]);
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'cap-1', v.code, usage(100_000_000, 400_000_001, 600))]);
    const s = await session(t, v.id);
    expect(s).toMatchObject({ state: 'EXPIRED', endReason: 'Data used up' });
    expect(s.audit[0]).toMatchObject({ action: 'session.expire', actorKind: 'router', toState: 'EXPIRED' });
    expect(t.core.store.outbox.pending()).toMatchObject([{ kind: 'disconnect', sessionId: v.id, reason: 'Data used up' }]);
    // It stays on the live screen, disconnect pending, until the router confirms.
    expect(s.devices[0]).toMatchObject({ disconnect: 'pending' });
    // The router's Stop confirms it: the request is settled.
    await radclient(t.acct, 'acct', SECRET, [acct('Stop', 'cap-1', v.code, [...usage(100_000_000, 400_500_000, 610), 'Acct-Terminate-Cause = Admin-Reset'])]);
    expect(t.core.store.outbox.pending()).toEqual([]);
    expect((await session(t, v.id)).devices).toEqual([]);
  });

  it('a Stop after the time ran out (Session-Timeout) expires the session (scenario A)', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Start', 'time-1', v.code)]);
    await radclient(t.acct, 'acct', SECRET, [acct('Stop', 'time-1', v.code, [...usage(1000, 1000, 3600), 'Acct-Terminate-Cause = Session-Timeout'])]);
    expect(await session(t, v.id)).toMatchObject({ state: 'EXPIRED', endReason: 'Time used up', timeUsedS: 3600 });
  });

  it('reports for an ended session ask for another Disconnect', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Start', 'late-1', v.code)]);
    await t.call('sessions.end', { id: v.id, reason: 'Customer left' });
    t.core.store.db.prepare("UPDATE disconnect_outbox SET status = 'done'").run(); // as if the first attempt finished
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'late-1', v.code, usage(5, 5, 60))]);
    expect(t.core.store.outbox.pending()).toMatchObject([{ kind: 'disconnect', sessionId: v.id }]);
  });

  it('answers accounting for users it does not know without storing anything', async () => {
    const t = await startRadiusCore();
    const r = await radclient(t.acct, 'acct', SECRET, [acct('Start', 'who-1', 'stranger')]);
    expect(r.replies[0]!.code).toBe('Accounting-Response');
    expect(t.core.store.db.prepare('SELECT count(*) AS n FROM connections').get()).toEqual({ n: 0 });
  });

  it('drops a bad Request Authenticator (wrong secret) and reports without Acct-Session-Id', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const forged = encodePacket({ code: Code.AccountingRequest, identifier: 1, secret: 'wrong-secret', messageAuthenticator: false, attributes: [['Acct-Status-Type', 'Start'], ['Acct-Session-Id', 'x'], ['User-Name', v.code]] });
    expect(await exchange(t.acct, forged)).toBeNull();
    expect(await exchange(t.acct, acctPacket(2, [['Acct-Status-Type', 'Start'], ['User-Name', v.code]]))).toBeNull();
    const d = (await t.call('radius.stats', {})).drops;
    expect(d).toMatchObject({ bad_authenticator: 1, missing_attribute: 1 });
    // A Message-Authenticator on accounting is verified and echoed.
    const reply = await exchange(t.acct, acctPacket(3, [['Acct-Status-Type', 'Start'], ['Acct-Session-Id', 'ma-1'], ['User-Name', v.code]], true));
    expect(reply?.[0]).toBe(Code.AccountingResponse);
    expect(reply?.[20]).toBe(80);
  });

  it('sends nothing while the database cannot write, shows it, and recovers once fixed', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const packet = acctPacket(5, [['Acct-Status-Type', 'Interim-Update'], ['Acct-Session-Id', 'ro-1'], ['User-Name', v.code], ['Acct-Input-Octets', 77], ['Acct-Output-Octets', 88]]);
    t.core.store.db.pragma('query_only = ON'); // every write now fails, as on a read-only or full disk
    expect(await exchange(t.acct, packet)).toBeNull();
    const status = await t.call('status.get', {});
    expect(status.radius.lastWriteError?.message).toMatch(/readonly|read-only/i);
    expect((await t.call('radius.stats', {})).drops.write_failed).toBe(1);
    t.core.store.db.pragma('query_only = OFF');
    // The router's retransmission (same bytes) is now committed and answered.
    expect((await exchange(t.acct, packet))?.[0]).toBe(Code.AccountingResponse);
    expect(await session(t, v.id)).toMatchObject({ bytesIn: 77, bytesOut: 88 });
    expect((await t.call('status.get', {})).radius.lastWriteError).toBeNull();
  });

  it('answers a report only once the WAL flush that covers it has returned; reports committed meanwhile wait for the next flush', async () => {
    // The WAL flush held by the test after the sale: the disk has not confirmed anything since until it is let go.
    const held = heldWalFlush(false);
    const { flushes } = held;
    const t = await startRadiusCore({}, { flushWal: held.flushWal });
    const v = await t.sell();
    held.holding = true;
    const peer = await udpPeer();
    const interim = (id: number, octets: number) =>
      acctPacket(id, [['Acct-Status-Type', 'Interim-Update'], ['Acct-Session-Id', 'wal-1'], ['User-Name', v.code], ['Acct-Input-Octets', octets], ['Acct-Output-Octets', 0]]);
    await peer.send(t.acct, interim(1, 100));
    await until(() => flushes.length === 1);
    // Committed (the index and the database have it) but not on disk yet: not answered.
    expect(t.core.store.sessions.forAuth.byId(v.id)!.bytesIn).toBe(100);
    await sleep(100);
    expect(peer.replies).toHaveLength(0);
    // More reports while the disk works: committed at once (the event loop does not wait), answered after the next flush.
    for (let i = 2; i <= 6; i++) await peer.send(t.acct, interim(i, i * 100));
    await until(() => t.core.store.sessions.forAuth.byId(v.id)!.bytesIn === 600);
    await sleep(100);
    expect(flushes).toHaveLength(1);
    expect(peer.replies).toHaveLength(0);
    flushes[0]!.done();
    // The first flush answers the first report only: the others were committed after it began.
    await until(() => peer.replies.length === 1 && flushes.length === 2);
    await sleep(50);
    expect(peer.replies.map((r) => r[1])).toEqual([1]);
    // A flush that fails (an I/O error): nothing of what it covered is answered, and the error shows. It is final: the
    // kernel may have dropped what it could not write, so no later flush is trusted — the routers' retransmissions
    // stay unanswered (and are counted once after a restart) until the app is restarted.
    flushes[1]!.fail(new Error('EIO: i/o error, fdatasync'));
    await until(() => t.core.radiusStatus().lastWriteError !== null);
    expect(peer.replies).toHaveLength(1);
    expect(t.core.radiusStatus().lastWriteError?.message).toMatch(/EIO.*restarted/);
    expect((await t.call('radius.stats', {})).drops.write_failed).toBe(5);
    await peer.send(t.acct, interim(6, 600));
    await expect.poll(async () => (await t.call('radius.stats', {})).drops.write_failed).toBe(6);
    expect(flushes).toHaveLength(2);
    expect(peer.replies).toHaveLength(1);
    expect(await session(t, v.id)).toMatchObject({ bytesIn: 600 });
    await peer.close();
  });

  it('stopping answers the reports already committed once their flush returns; one that does not return in time is left to the router, and nothing is sent after', async () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(`${l.level} ${l.subsystem}: ${l.message}`), 'info');
    const held = heldWalFlush(false);
    const { flushes, flushWal } = held;
    const interim = (id: number, sid: string, user: string) =>
      acctPacket(id, [['Acct-Status-Type', 'Interim-Update'], ['Acct-Session-Id', sid], ['User-Name', user], ['Acct-Input-Octets', 100], ['Acct-Output-Octets', 0]]);

    // Its flush returns while the server stops: answered before the socket closes.
    const a = await startRadiusCore({}, { flushWal, log });
    const v = await a.sell();
    held.holding = true;
    const peer = await udpPeer();
    await peer.send(a.acct, interim(1, 'stop-1', v.code));
    await until(() => flushes.length === 1);
    const stopping = a.core.radius!.close();
    await sleep(50);
    expect(peer.replies).toHaveLength(0);
    flushes[0]!.done();
    await stopping;
    await until(() => peer.replies.length === 1);
    expect(peer.replies.map((r) => r[1])).toEqual([1]);

    // Its flush does not return within the bound: the server stops without it and, when it returns, sends nothing.
    held.holding = false;
    const b = await startRadiusCore({}, { flushWal, log });
    const w = await b.sell();
    held.holding = true;
    await peer.send(b.acct, interim(2, 'stop-2', w.code));
    await until(() => flushes.length === 2);
    await b.core.radius!.close();
    flushes[1]!.done();
    await sleep(50);
    expect(peer.replies.map((r) => r[1])).toEqual([1]);
    // Before, each such answer logged "an accounting answer could not be sent: Not running" at every busy shutdown.
    expect(lines.filter((l) => /^(warn|error) /.test(l))).toEqual([]);
    await peer.close();
  });

  it('a report that fails is dropped alone: the rest of its batch is stored, and the index agrees', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const router = t.core.store.routers.list()[0]!;
    const at = t.clock.now();
    const report = (status: string, sid: string, octets: number) => ({
      status, acctSessionId: sid, userName: v.code, callingMac: null, framedIp: null, classSessionId: null,
      counters: { inOctets: octets, outOctets: 0, sessionTimeS: 1 }, terminateCause: null, eventTime: at,
    });
    // The middle one names a router that is not in the database: its connection cannot be stored (foreign key).
    const applied = t.core.accounting.applyBatch([
      { router, report: report('Start', 'ok-1', 10) },
      { router: { ...router, id: 999 }, report: report('Start', 'bad-1', 20) },
      { router, report: report('Interim-Update', 'ok-1', 30) },
    ]);
    expect(applied.committed).toBe(true);
    expect(applied.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(String((applied.results[1] as { error: unknown }).error)).toMatch(/FOREIGN KEY/);
    const s = await session(t, v.id);
    expect(s).toMatchObject({ bytesIn: 30 });
    expect(s.connections.map((c) => c.acctSessionId)).toEqual(['ok-1']);
    expect(t.core.store.sessions.forAuth.byId(v.id)).toMatchObject({ bytesIn: 30 });
    expect(t.core.store.connections.openDevices(v.id)).toHaveLength(1);
  });

  it('the stale sweep closes silent connections at their last report', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'quiet-1', v.code, usage(10, 10, 120))]);
    const last = t.clock.now();
    t.clock.advance(3 * 120_000 + 1000); // three interim intervals without a word
    await t.core.scheduler.runNow('stale-sweep');
    const s = await session(t, v.id);
    expect(s.connections[0]).toMatchObject({ endedAt: last, endCause: 'Stale' });
    expect(s.devices).toEqual([]);
    expect(s.timeUsedS).toBe(120); // silent time is not charged
    // It was only quiet: the next Interim reopens it and counts normally.
    await radclient(t.acct, 'acct', SECRET, [acct('Interim-Update', 'quiet-1', v.code, usage(30, 30, 600))]);
    expect(await session(t, v.id)).toMatchObject({ bytesIn: 30, devices: [{ mac: 'AA:BB:CC:DD:EE:01' }] });
  });
});
