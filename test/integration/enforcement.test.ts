import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core';
import { encodePacket, type Attribute } from '../../src/main/radius/codec';
import { Code } from '../../src/main/radius/dictionary';
import { startCoaResponder, type Behaviour } from '../helpers/coa-responder';
import { radclient } from '../helpers/radclient';
import { fastCoa, heldWalFlush, SECRET, startRadiusCore, type RadiusTestCore } from '../helpers/radius-core';
import { routerOsWithActive } from '../helpers/routeros-sim';
import { exchange, sleep, udpPeer, until } from '../helpers/udp';

async function setup(behaviour: Behaviour = 'ack', pkg: { dataLimitBytes?: number; validityS?: number; deviceLimit?: number } = {}, flushWal?: () => Promise<void>) {
  const coa = await startCoaResponder(SECRET, behaviour);
  const t = await startRadiusCore({ coaPort: coa.port }, flushWal ? { flushWal } : {});
  if (Object.keys(pkg).length) {
    const p = await t.call('packages.create', { name: 'Custom', pricing: 'fixed', priceMinor: 1000, timeLimitS: 3600, ...pkg });
    return { t, coa, packageId: p.id };
  }
  return { t, coa, packageId: t.hourId };
}

const device = (n: number) => ({ mac: `AA:BB:CC:DD:EE:0${n}`, ip: `10.5.50.${10 + n}` });

/** What the router sends when a customer's device comes online: an accepted login and an Accounting Start. */
async function online(t: RadiusTestCore, code: string, n = 1, sid = `sid-${code}-${n}`) {
  const d = device(n);
  await radclient(t.acct, 'acct', SECRET, [
    `Acct-Status-Type = Start, Acct-Session-Id = "${sid}", User-Name = "${code}", Calling-Station-Id = "${d.mac}", Framed-IP-Address = ${d.ip}, NAS-IP-Address = 127.0.0.1`,
  ]);
  return sid;
}

function accessRequest(user: string, password: string, mac: string, id = 1): Buffer {
  return encodePacket({
    code: Code.AccessRequest,
    identifier: id,
    secret: SECRET,
    messageAuthenticator: true,
    attributes: [['User-Name', user], ['User-Password', password], ['Calling-Station-Id', mac]] as Attribute[],
  });
}

async function session(t: RadiusTestCore, id: number) {
  return t.call('sessions.get', { id });
}

describe('Disconnect/CoA client', () => {
  /** A customer online whose hour the expiry sweep has just found used up, with the WAL flush held by the test from the sweep on. */
  async function expiredOnTheWayToDisk() {
    const held = heldWalFlush(false);
    const coa = await startCoaResponder(SECRET, 'ack');
    const t = await startRadiusCore({ coaPort: coa.port }, { flushWal: held.flushWal });
    const v = await t.sell();
    await online(t, v.code);
    t.clock.advance(3600_000 + 1000); // the hour used up
    held.holding = true;
    await t.core.scheduler.runNow('expiry');
    return { held, flushes: held.flushes, coa, t, v };
  }

  it('the sweep that expires a session, and the record of the router’s Disconnect-ACK, commit without waiting for the disk; the Disconnect follows the flush', async () => {
    const { flushes, coa, t, v } = await expiredOnTheWayToDisk();
    // Expired in the database (the sweep did not wait for the disk), but nothing has left the app yet.
    expect(t.core.store.sessions.get(v.id)!.state).toBe('EXPIRED');
    expect(flushes).toHaveLength(1);
    await sleep(200);
    expect(coa.received).toHaveLength(0);
    flushes[0]!.done();
    await until(() => coa.received.length === 1);
    // The router's ACK is recorded (the device gone) without waiting for the disk either: a flush of its own.
    await until(() => flushes.length === 2);
    expect(t.core.store.connections.openDevices(v.id)).toEqual([]);
    flushes[1]!.done();
    await until(() => t.core.store.outbox.pending().length === 0);
    expect(await session(t, v.id)).toMatchObject({ state: 'EXPIRED', devices: [] });
  });

  it('a Disconnect goes on the wire only once the change that queued it is on disk, when the outbox’s beat finds it first too', async () => {
    const { held, flushes, coa, t } = await expiredOnTheWayToDisk();
    expect(t.core.store.outbox.pending()).toHaveLength(1);
    expect(flushes).toHaveLength(1);
    // The outbox's beat (every 2 s) comes while the expiry is still on its way to the disk: it finds the queued request, and waits.
    const beat = t.core.scheduler.runNow('outbox');
    await sleep(200);
    expect(coa.received).toHaveLength(0);
    held.holding = false;
    flushes[0]!.done();
    await until(() => coa.received.length === 1);
    await beat;
    await until(() => t.core.store.outbox.pending().length === 0);
    expect(coa.received).toHaveLength(1);
  });

  it('scenario C: ending a session sends a Disconnect with only identification attributes; ACK closes the connection', async () => {
    const { t, coa } = await setup('ack');
    const v = await t.sell();
    const sid = await online(t, v.code);
    await t.call('sessions.end', { id: v.id, reason: 'Customer left' });
    await until(() => coa.received.length === 1);
    const req = coa.received[0]!;
    expect(req.code).toBe(Code.DisconnectRequest);
    expect(req.signedOk).toBe(true);
    expect(req.attrs).toMatchObject({ 'User-Name': v.code, 'Acct-Session-Id': sid, 'Framed-IP-Address': '10.5.50.11', 'Calling-Station-Id': 'AA:BB:CC:DD:EE:01', 'NAS-IP-Address': '127.0.0.1' });
    // Message-Authenticator first, then identification only: User-Name, Acct-Session-Id, Framed-IP, Calling-Station-Id, NAS-IP, Event-Timestamp.
    expect(req.types).toEqual([80, 1, 44, 8, 31, 4, 55]);
    await until(() => t.core.store.outbox.pending().length === 0);
    const s = await session(t, v.id);
    expect(s).toMatchObject({ state: 'TERMINATED', devices: [] });
    expect(s.connections[0]).toMatchObject({ endCause: 'Disconnected' });
    // Later logins with that voucher are refused.
    const r = await radclient(t.auth, 'auth', SECRET, [`User-Name = "${v.code}", User-Password = "${v.password}", Calling-Station-Id = "AA:BB:CC:DD:EE:01"`]);
    expect(r.replies[0]!.attributes['Reply-Message']).toBe('Session ended');
  });

  it('a connection whose Acct-Session-Id was not UTF-8 is disconnected by User-Name and addresses', async () => {
    const { t, coa } = await setup('ack');
    const v = await t.sell();
    const d = device(1);
    const start = encodePacket({
      code: Code.AccountingRequest,
      identifier: 7,
      secret: SECRET,
      messageAuthenticator: false,
      // 200 bytes that are not UTF-8: stored as 600 (U+FFFD each), more than an attribute holds.
      attributes: [['Acct-Status-Type', 'Start'], ['Acct-Session-Id', Buffer.alloc(200, 0xff) as unknown as string], ['User-Name', v.code], ['Calling-Station-Id', d.mac], ['Framed-IP-Address', d.ip]],
    });
    expect(await exchange(t.acct, start)).not.toBeNull();
    await t.call('sessions.end', { id: v.id, reason: 'Customer left' });
    await until(() => coa.received.length === 1);
    expect(coa.received[0]!.attrs).toMatchObject({ 'User-Name': v.code, 'Framed-IP-Address': d.ip, 'Calling-Station-Id': d.mac });
    expect(coa.received[0]!.attrs['Acct-Session-Id']).toBeUndefined();
    await until(() => t.core.store.outbox.pending().length === 0);
    expect((await session(t, v.id)).connections[0]).toMatchObject({ endCause: 'Disconnected' });
  });

  it('NAK 503 (no such session on the router) closes the connection as already gone', async () => {
    const { t, coa } = await setup('nak503');
    const v = await t.sell();
    await online(t, v.code);
    await t.call('sessions.end', { id: v.id, reason: 'x' });
    await until(() => t.core.store.outbox.pending().length === 0);
    expect(coa.received).toHaveLength(1);
    expect((await session(t, v.id)).connections[0]).toMatchObject({ endCause: 'Gone', endedAt: expect.any(Number) });
  });

  it('NAK 404 flags the device "disconnect failed" with the reason and retries until it works', async () => {
    const { t, coa } = await setup('nak404');
    const v = await t.sell();
    await online(t, v.code);
    await t.call('sessions.end', { id: v.id, reason: 'x' });
    await until(() => coa.received.length === 1);
    await until(() => t.core.store.outbox.pending()[0]?.attempts === 1);
    let s = await session(t, v.id);
    expect(s.devices[0]).toMatchObject({ disconnect: 'failed', disconnectError: 'hAP ac²: NAK 404 Invalid Request' });
    expect((await t.call('status.get', {})).disconnects).toEqual({ pending: 1, failing: 1 });
    // The router recovers; the retry (after the backoff, here 300 ms of the app's clock) succeeds.
    coa.set('ack');
    t.clock.advance(300);
    await t.core.disconnects!.wake();
    s = await session(t, v.id);
    expect(s.devices).toEqual([]);
    expect(coa.received).toHaveLength(2);
  });

  it('silence: retransmits the same identifier and authenticator, then flags the failure; the cashier can retry', async () => {
    const { t, coa } = await setup('silence');
    const v = await t.sell();
    await online(t, v.code);
    await t.call('sessions.end', { id: v.id, reason: 'x' });
    await until(() => t.core.store.outbox.pending()[0]?.attempts === 1);
    expect(coa.received).toHaveLength(fastCoa.normal.attempts);
    expect(coa.received[1]!.raw.equals(coa.received[0]!.raw)).toBe(true);
    expect((await session(t, v.id)).devices[0]!.disconnectError).toMatch(/no answer from 127\.0\.0\.1:\d+ after 2 tries/);
    coa.set('ack');
    await t.call('sessions.retryDisconnect', { id: v.id });
    await until(() => t.core.store.outbox.pending().length === 0);
    expect((await session(t, v.id)).devices).toEqual([]);
  });

  it('ignores responses with a wrong authenticator (as silence)', async () => {
    const { t, coa } = await setup('bad-auth');
    const v = await t.sell();
    await online(t, v.code);
    await t.call('sessions.end', { id: v.id, reason: 'x' });
    await until(() => t.core.store.outbox.pending()[0]?.attempts === 1);
    expect(coa.received).toHaveLength(2);
    expect((await session(t, v.id)).devices[0]).toMatchObject({ disconnect: 'failed' });
  });

  it('a pending Disconnect survives a restart: the router was unreachable, it is delivered once the app is back', async () => {
    const coa = await startCoaResponder(SECRET, 'silence');
    const t = await startRadiusCore({ coaPort: coa.port });
    const v = await t.sell();
    await online(t, v.code);
    await t.call('sessions.end', { id: v.id, reason: 'Customer left' });
    await until(() => t.core.store.outbox.pending()[0]?.attempts === 1);
    await t.core.close();
    await coa.close();

    const back = await startCoaResponder(SECRET, 'ack', { port: coa.port });
    const again = await createCore({ dataDir: t.dir, radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 }, coaTiming: fastCoa, clock: { now: () => t.clock.now() + 60_000 } });
    try {
      await until(() => back.received.length === 1);
      await until(() => again.store.outbox.pending().length === 0);
      expect(back.received[0]!.attrs['User-Name']).toBe(v.code);
      expect(again.store.connections.bySession(v.id)[0]).toMatchObject({ endCause: 'Disconnected' });
    } finally {
      await again.close();
    }
  });
});

describe('the termination scenarios', () => {
  it('B: an Interim over the data limit disconnects the device and expires the session', async () => {
    const { t, coa, packageId } = await setup('ack', { dataLimitBytes: 1_000_000 });
    const v = await t.sell({ packageId });
    const sid = await online(t, v.code);
    await radclient(t.acct, 'acct', SECRET, [
      `Acct-Status-Type = Interim-Update, Acct-Session-Id = "${sid}", User-Name = "${v.code}", Acct-Input-Octets = 200000, Acct-Output-Octets = 900000, Acct-Session-Time = 120`,
    ]);
    await until(() => coa.received.length === 1);
    expect(coa.received[0]!.attrs['Acct-Session-Id']).toBe(sid);
    await until(() => t.core.store.outbox.pending().length === 0);
    expect(await session(t, v.id)).toMatchObject({ state: 'EXPIRED', endReason: 'Data used up', devices: [] });
  });

  it('A: a validity window that ends while connected: the scheduler disconnects and expires, with no word from the router', async () => {
    const { t, coa, packageId } = await setup('ack', { validityS: 600 });
    const v = await t.sell({ packageId });
    await online(t, v.code);
    t.clock.advance(599_000);
    await t.core.scheduler.runNow('expiry');
    expect(coa.received).toHaveLength(0);
    t.clock.advance(1_000);
    await t.core.scheduler.runNow('expiry');
    await until(() => coa.received.length === 1);
    await until(() => t.core.store.outbox.pending().length === 0);
    const s = await session(t, v.id);
    expect(s).toMatchObject({ state: 'EXPIRED', endReason: 'Voucher expired', devices: [] });
    expect(s.audit[0]).toMatchObject({ actorKind: 'system', actorName: 'scheduler', action: 'session.expire' });
  });

  it('A: online time that runs out while connected (the router stays silent) is cut too', async () => {
    const { t, coa } = await setup('ack');
    const v = await t.sell();
    await online(t, v.code);
    t.clock.advance(3600_000);
    await t.core.scheduler.runNow('expiry');
    await until(() => coa.received.length === 1);
    await until(() => t.core.store.outbox.pending().length === 0);
    expect(await session(t, v.id)).toMatchObject({ state: 'EXPIRED', endReason: 'Time used up' });
  });

  it('D: a new device over the limit: the old one is disconnected first, then the new one accepted, well inside 1100 ms', async () => {
    const { t, coa } = await setup('ack');
    coa.set('ack', 150); // the router takes a while to confirm
    const v = await t.sell();
    const oldSid = await online(t, v.code, 1);
    const peer = await udpPeer();
    const req = accessRequest(v.code, v.password, device(2).mac, 77);
    const started = Date.now();
    await peer.send(t.auth, req);
    await sleep(60);
    await peer.send(t.auth, req); // the router retransmits while we wait for the ACK
    await peer.send(t.auth, accessRequest(v.code, v.password, device(2).mac, 78)); // and the customer taps "log in" again
    await until(() => peer.replies.length >= 2, 2000);
    const elapsed = Date.now() - started;
    await peer.close();
    expect(elapsed).toBeLessThan(1100);
    expect(peer.replies.every((r) => r[0] === Code.AccessAccept)).toBe(true);
    expect(coa.received.filter((r) => r.code === Code.DisconnectRequest)).toHaveLength(1);
    expect(coa.received[0]!.attrs['Acct-Session-Id']).toBe(oldSid);
    const s = await session(t, v.id);
    expect(s.state).toBe('ACTIVE');
    expect(s.connections[0]).toMatchObject({ acctSessionId: oldSid, endCause: 'Disconnected' });
    expect(s.audit.map((a) => a.action)).toContain('session.device-switch');
  });

  it('D: when the old device cannot be confirmed gone in time, the new one is refused and the old one keeps working (one device, never none); the router is flagged', async () => {
    const { t, coa } = await setup('silence');
    const v = await t.sell();
    const oldSid = await online(t, v.code, 1);
    const peer = await udpPeer();
    const req = accessRequest(v.code, v.password, device(2).mac, 91);
    const started = Date.now();
    await peer.send(t.auth, req);
    await sleep(100);
    await peer.send(t.auth, req); // the router retransmits while we wait: no second Disconnect
    await until(() => peer.replies.length >= 1, 1500);
    expect(Date.now() - started).toBeLessThan(1100);
    expect(peer.replies[0]![0]).toBe(Code.AccessReject);
    await sleep(300);
    await peer.close();
    expect(coa.received).toHaveLength(fastCoa.deviceSwitch.attempts);
    // The switch's Disconnect is withdrawn: nothing left to retry, so a router that comes back cuts nobody.
    expect(t.core.store.outbox.pending()).toEqual([]);
    coa.set('ack');
    t.clock.advance(10 * 60_000); // long past every retry's backoff
    await t.core.disconnects!.wake();
    expect(coa.received).toHaveLength(fastCoa.deviceSwitch.attempts);
    const s = await session(t, v.id);
    expect(s.state).toBe('ACTIVE');
    expect(s.devices).toEqual([expect.objectContaining({ mac: device(1).mac, disconnect: null, disconnectError: null })]);
    expect(s.connections[0]).toMatchObject({ acctSessionId: oldSid, endedAt: null });
    expect(s.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['session.device-switch', 'session.device-switch-withdrawn']));
    // The cashier sees the router flagged as not answering Disconnects.
    const router = (await t.call('radius.stats', {})).routers[0]!;
    expect(router).toMatchObject({ switchesUnconfirmed: 1, lastSwitchUnconfirmedAt: expect.any(Number) });
  });

  /** A router that ignores Disconnects but has the RouterOS API, its active list holding the customer's first device. */
  async function switchWithApi() {
    const { t, coa } = await setup('silence');
    const v = await t.sell();
    const oldSid = await online(t, v.code, 1);
    const { s: ros, cfg, active } = await routerOsWithActive({
      active: [
        { '.id': '*A1', user: v.code, 'mac-address': device(1).mac, address: device(1).ip },
        // The same phone logged in as another customer since (a coin-slot session, say): never the old session's to remove.
        { '.id': '*A2', user: 'AA:BB:CC:00:00:77', 'mac-address': device(1).mac, address: device(1).ip },
      ],
    });
    await t.call('routers.update', { id: t.routerId, name: 'hAP ac²', ip: '127.0.0.1', secret: SECRET, coaPort: coa.port, api: { host: cfg.host, port: cfg.port, user: cfg.user, password: cfg.password } });
    return { t, coa, v, oldSid, ros, active };
  }

  it('D: a router that ignores Disconnects has the old device removed over its API, and the new one accepted, inside 1100 ms; only that login is removed', async () => {
    const { t, v, oldSid, active } = await switchWithApi();
    const peer = await udpPeer();
    const started = Date.now();
    await peer.send(t.auth, accessRequest(v.code, v.password, device(2).mac, 81));
    await until(() => peer.replies.length >= 1, 3000);
    expect(Date.now() - started).toBeLessThan(1100);
    await peer.close();
    expect(peer.replies[0]![0]).toBe(Code.AccessAccept);
    expect(active.map((r) => r['.id'])).toEqual(['*A2']);
    expect((await session(t, v.id)).connections[0]).toMatchObject({ acctSessionId: oldSid, endCause: 'Kicked' });
  });

  it('D: with the API hung too, the new device is refused inside 1100 ms, and the old one is not removed later', async () => {
    const { t, v, oldSid, ros, active } = await switchWithApi();
    ros.hang(true);
    const peer = await udpPeer();
    const started = Date.now();
    await peer.send(t.auth, accessRequest(v.code, v.password, device(2).mac, 82));
    await until(() => peer.replies.length >= 1, 8000);
    expect(Date.now() - started).toBeLessThan(1100);
    expect(peer.replies[0]![0]).toBe(Code.AccessReject);
    ros.hang(false);
    await sleep(1500);
    await peer.close();
    expect(active).toHaveLength(2);
    expect(t.core.store.outbox.pending()).toEqual([]);
    expect((await session(t, v.id)).connections[0]).toMatchObject({ acctSessionId: oldSid, endedAt: null });
  });

  it('D with a disk that takes most of the budget: only the tries that end by the deadline are sent, and the device kept is not flagged', async () => {
    const held = heldWalFlush(false);
    const { t, coa } = await setup('silence', {}, held.flushWal);
    const v = await t.sell();
    await online(t, v.code, 1);
    held.holding = true;
    const peer = await udpPeer();
    const started = Date.now();
    await peer.send(t.auth, accessRequest(v.code, v.password, device(2).mac, 63));
    await until(() => held.flushes.length === 1);
    await sleep(820 - (Date.now() - started)); // the flush returns 820 ms into the switch's 1,000
    held.holding = false;
    held.flushes[0]!.done();
    await until(() => peer.replies.length >= 1, 2000);
    expect(Date.now() - started).toBeLessThan(1100);
    expect(peer.replies[0]![0]).toBe(Code.AccessReject);
    await sleep(700); // past the second try's time, had it been sent
    await peer.close();
    // One try of at most the time left (fastCoa: 2 × 250 ms would have put the second on the wire after the refusal).
    expect(coa.received).toHaveLength(1);
    expect((await session(t, v.id)).devices).toEqual([expect.objectContaining({ mac: device(1).mac, disconnect: null, disconnectError: null })]);
  });

  it('D with a slow disk: the outbox’s beat that read the switch’s Disconnect before its flush does not send it once the switch has withdrawn it', async () => {
    const held = heldWalFlush(false);
    const { flushes } = held;
    const { t, coa } = await setup('silence', {}, held.flushWal);
    const v = await t.sell();
    const oldSid = await online(t, v.code, 1);
    held.holding = true;
    const peer = await udpPeer();
    // The new device: the switch queues the old one's Disconnect and waits for the disk (flush A).
    await peer.send(t.auth, accessRequest(v.code, v.password, device(2).mac, 61));
    await until(() => t.core.store.outbox.pending().length === 1 && flushes.length === 1);
    // A usage report commits meanwhile; then the outbox's beat reads the switch's request and waits for a flush covering both (B).
    const interim = encodePacket({ code: Code.AccountingRequest, identifier: 62, secret: SECRET, messageAuthenticator: false, attributes: [['Acct-Status-Type', 'Interim-Update'], ['Acct-Session-Id', oldSid], ['User-Name', v.code], ['Acct-Input-Octets', 500]] as Attribute[] });
    await peer.send(t.acct, interim);
    await until(() => t.core.store.sessions.forAuth.byId(v.id)!.bytesIn === 500);
    const beat = t.core.scheduler.runNow('outbox');
    await sleep(50);
    flushes[0]!.done();
    // The switch's own attempts go unanswered: the new device is refused and the Disconnect withdrawn, while B is still held.
    await until(() => peer.replies.some((r) => r[0] === Code.AccessReject), 2000);
    expect(coa.received).toHaveLength(fastCoa.deviceSwitch.attempts);
    expect(t.core.store.outbox.pending()).toEqual([]);
    expect(flushes).toHaveLength(2);
    held.holding = false;
    flushes[1]!.done();
    await beat;
    await sleep(100);
    // The beat's copy, read before the withdrawal, is not sent: the old device keeps working.
    expect(coa.received).toHaveLength(fastCoa.deviceSwitch.attempts);
    expect((await session(t, v.id)).devices).toEqual([expect.objectContaining({ mac: device(1).mac })]);
    await peer.close();
  });

  it('a top-up of a live session sends a CoA-Request with the new Session-Timeout and data left', async () => {
    const { t, coa } = await setup('ack');
    const v = await t.sell();
    const sid = await online(t, v.code);
    await t.call('sessions.topUp', { sessionId: v.id, packageId: t.hourId, paidMinor: 2000 });
    await until(() => coa.received.length === 1);
    const req = coa.received[0]!;
    expect(req.code).toBe(Code.CoaRequest);
    expect(req.attrs).toMatchObject({ 'Acct-Session-Id': sid, 'Session-Timeout': 7200 });
    expect((req.attrs['Vendor-Specific'] as Record<string, unknown>)['Mikrotik-Total-Limit']).toBe(1_000_000_000 % 2 ** 32);
    await until(() => t.core.store.outbox.pending().length === 0);
    expect((await session(t, v.id)).devices).toHaveLength(1); // a CoA does not close the connection
  });
});

describe('a device cut off for an ended session that the router still reports', () => {
  it('gets another Disconnect for each report made after it was cut off (ACK, or NAK 503); at most one is pending; a report made before adds none', async () => {
    const { t, coa } = await setup('ack');
    const v = await t.sell();
    const sid = await online(t, v.code);
    const interim = (time: number, delayS = 0) =>
      radclient(t.acct, 'acct', SECRET, [
        `Acct-Status-Type = Interim-Update, Acct-Session-Id = "${sid}", User-Name = "${v.code}", Calling-Station-Id = "${device(1).mac}", Acct-Input-Octets = ${time}, Acct-Output-Octets = ${time}, Acct-Session-Time = ${time}, Acct-Delay-Time = ${delayS}`,
      ]);
    await t.call('sessions.end', { id: v.id, reason: 'Customer left' });
    await until(() => coa.received.length === 1 && t.core.store.outbox.pending().length === 0);
    expect((await session(t, v.id)).connections[0]).toMatchObject({ endCause: 'Disconnected' });

    // A report the router made before the Disconnect (sent late) does not show the device online.
    t.clock.advance(30_000);
    await interim(60, 30);
    await sleep(300);
    expect(coa.received).toHaveLength(1);

    // The router acknowledged, yet reports the device online two minutes later: another Disconnect. It
    // says "no such session" this time, which after the first is no proof: the device stays online
    // in the app, flagged with why, and the Disconnect stays pending (retried with backoff).
    coa.set('nak503');
    t.clock.advance(90_000);
    await interim(120);
    const flagged = () => t.core.store.connections.openBySession(v.id)[0];
    await until(() => coa.received.length === 2 && flagged()?.disconnect === 'failed');
    expect(coa.received[1]).toMatchObject({ code: Code.DisconnectRequest, attrs: { 'Acct-Session-Id': sid } });
    expect(flagged()).toMatchObject({ ignoredDisconnects: 1, disconnectError: expect.stringMatching(/no such session \(NAK 503\), but reported the device online after such an answer once before; .*API/) });
    expect(t.core.store.outbox.pending()).toMatchObject([{ kind: 'disconnect', sessionId: v.id, reason: 'Customer left', attempts: 1 }]);

    // Further reports join it (one pending for the device); its retry is answered alike and still proves nothing.
    t.clock.advance(100); // within the retry's backoff (300 ms here)
    await interim(121);
    await sleep(300);
    expect(coa.received).toHaveLength(2);
    t.clock.advance(10_000);
    await t.core.scheduler.runNow('outbox');
    await until(() => t.core.store.outbox.pending()[0]?.attempts === 2);
    expect(coa.received).toHaveLength(3);
    expect((await session(t, v.id)).devices).toMatchObject([{ mac: device(1).mac, disconnect: 'failed' }]);

    // The router's Stop settles it.
    await radclient(t.acct, 'acct', SECRET, [
      `Acct-Status-Type = Stop, Acct-Session-Id = "${sid}", User-Name = "${v.code}", Calling-Station-Id = "${device(1).mac}", Acct-Input-Octets = 130, Acct-Output-Octets = 130, Acct-Session-Time = 130, Acct-Terminate-Cause = Admin-Reset`,
    ]);
    await until(() => t.core.store.outbox.pending().length === 0);
    expect((await session(t, v.id)).devices).toEqual([]);
    expect((await session(t, v.id)).state).toBe('TERMINATED');
  });

  it('a router that confirmed a Disconnect it did not carry out has the device removed over its API the next time', async () => {
    const { t, coa } = await setup('ack');
    const v = await t.sell();
    const sid = await online(t, v.code);
    const { cfg, active } = await routerOsWithActive({ active: [{ '.id': '*B1', user: v.code, 'mac-address': device(1).mac, address: device(1).ip }] });
    await t.call('routers.update', { id: t.routerId, name: 'hAP ac²', ip: '127.0.0.1', secret: SECRET, coaPort: coa.port, api: { host: cfg.host, port: cfg.port, user: cfg.user, password: cfg.password } });
    await t.call('sessions.end', { id: v.id, reason: 'Customer left' });
    // Acknowledged: the app takes the router's word the first time (the API is not asked).
    await until(() => coa.received.length === 1 && t.core.store.outbox.pending().length === 0);
    expect(active).toHaveLength(1);

    t.clock.advance(120_000);
    await radclient(t.acct, 'acct', SECRET, [
      `Acct-Status-Type = Interim-Update, Acct-Session-Id = "${sid}", User-Name = "${v.code}", Calling-Station-Id = "${device(1).mac}", Acct-Input-Octets = 9, Acct-Output-Octets = 9, Acct-Session-Time = 120`,
    ]);
    await until(() => coa.received.length === 2 && t.core.store.outbox.pending().length === 0);
    expect(active).toEqual([]);
    expect((await session(t, v.id)).connections[0]).toMatchObject({ acctSessionId: sid, endCause: 'Kicked' });
  });
  it.each([
    ['lists the device under a login the app cannot match: the device is flagged with why, not taken as kicked', true],
    ['lists nothing of the device: it is gone, closed', false],
  ])('and when its API %s', async (_what, listed) => {
    const { t, coa } = await setup('ack');
    const v = await t.sell();
    const sid = await online(t, v.code);
    // The router lists the phone under another name (an identification the app cannot match), or not at all.
    const { cfg, active } = await routerOsWithActive({ active: listed ? [{ '.id': '*C1', user: 'T-7F3A', 'mac-address': device(1).mac, address: device(1).ip }] : [] });
    await t.call('routers.update', { id: t.routerId, name: 'hAP ac²', ip: '127.0.0.1', secret: SECRET, coaPort: coa.port, api: { host: cfg.host, port: cfg.port, user: cfg.user, password: cfg.password } });
    await t.call('sessions.end', { id: v.id, reason: 'Customer left' });
    await until(() => coa.received.length === 1 && t.core.store.outbox.pending().length === 0);
    t.clock.advance(120_000);
    await radclient(t.acct, 'acct', SECRET, [
      `Acct-Status-Type = Interim-Update, Acct-Session-Id = "${sid}", User-Name = "${v.code}", Calling-Station-Id = "${device(1).mac}", Acct-Input-Octets = 9, Acct-Output-Octets = 9, Acct-Session-Time = 120`,
    ]);
    const conn = () => t.core.store.connections.openBySession(v.id)[0];
    if (!listed) {
      await until(() => coa.received.length === 2 && t.core.store.outbox.pending().length === 0);
      expect((await session(t, v.id)).connections[0]).toMatchObject({ acctSessionId: sid, endCause: 'Kicked' });
      return;
    }
    await until(() => coa.received.length === 2 && conn()?.disconnect === 'failed');
    expect(conn()!.disconnectError).toMatch(/acknowledged the Disconnect, but reported the device online after such an answer once before; its API did not remove it either; remove it on the router$/);
    expect(active).toHaveLength(1);
    expect(t.core.store.outbox.pending()).toHaveLength(1);
  });
});

describe('a device cut off by a device switch that the router still reports', () => {
  it('is disconnected again (the device logged in last stays)', async () => {
    const { t, coa } = await setup('ack');
    const v = await t.sell();
    const oldSid = await online(t, v.code, 1);
    const r = await radclient(t.auth, 'auth', SECRET, [`User-Name = "${v.code}", User-Password = "${v.password}", Calling-Station-Id = "${device(2).mac}"`]);
    expect(r.replies[0]!.code).toBe('Access-Accept');
    await online(t, v.code, 2);
    expect(coa.received).toHaveLength(1); // the switch's, acknowledged: the old device closed as Disconnected
    t.clock.advance(120_000);
    await radclient(t.acct, 'acct', SECRET, [
      `Acct-Status-Type = Interim-Update, Acct-Session-Id = "${oldSid}", User-Name = "${v.code}", Calling-Station-Id = "${device(1).mac}", Acct-Input-Octets = 10, Acct-Output-Octets = 10, Acct-Session-Time = 120`,
    ]);
    // Acknowledged again, which proves nothing now: flagged for the cashier, pending (no API here).
    await until(() => coa.received.length === 2 && t.core.store.outbox.pending()[0]?.attempts === 1);
    expect(coa.received[1]).toMatchObject({ code: Code.DisconnectRequest, attrs: { 'Acct-Session-Id': oldSid } });
    expect((await session(t, v.id)).devices).toMatchObject([
      { mac: device(1).mac, disconnect: 'failed', disconnectError: expect.stringMatching(/^hAP.*: acknowledged the Disconnect, but reported the device online/) },
      { mac: device(2).mac, disconnect: null },
    ]);
  });
});

describe('a quiet device the stale sweep closed reports again', () => {
  const interim = (t: RadiusTestCore, code: string, sid: string, n: number, time: number) =>
    radclient(t.acct, 'acct', SECRET, [
      `Acct-Status-Type = Interim-Update, Acct-Session-Id = "${sid}", User-Name = "${code}", Calling-Station-Id = "${device(n).mac}", Acct-Input-Octets = 100, Acct-Output-Octets = 100, Acct-Session-Time = ${time}`,
    ]);

  /** A customer online on one device, silent for 7 minutes, and the stale sweep has closed the connection. */
  async function quietAndSwept() {
    const { t, coa } = await setup('ack');
    const v = await t.sell();
    const quiet = await online(t, v.code, 1);
    t.clock.advance(7 * 60_000);
    await t.core.scheduler.runNow('stale-sweep');
    return { t, coa, v, quiet };
  }

  it('over the device limit: another device logged in meanwhile, so the one that came back is disconnected', async () => {
    const { t, coa, v, quiet } = await quietAndSwept();
    const r = await radclient(t.auth, 'auth', SECRET, [`User-Name = "${v.code}", User-Password = "${v.password}", Calling-Station-Id = "${device(2).mac}"`]);
    expect(r.replies[0]!.code).toBe('Access-Accept');
    expect(coa.received).toHaveLength(0); // the app took device 1 for gone
    await online(t, v.code, 2);
    await interim(t, v.code, quiet, 1, 420);
    await until(() => coa.received.length === 1);
    expect(coa.received[0]).toMatchObject({ code: Code.DisconnectRequest, attrs: { 'Acct-Session-Id': quiet } });
    await until(() => t.core.store.outbox.pending().length === 0);
    const s = await session(t, v.id);
    expect(s.devices).toMatchObject([{ mac: device(2).mac }]);
    expect(s.audit[0]).toMatchObject({ action: 'session.device-switch', reason: 'Device limit: another device logged in while this one seemed gone' });
    expect(s.state).toBe('ACTIVE'); // the session goes on, on the device logged in last
  });

  it('within the device limit it is simply back; a top-up made while it was closed reaches it by CoA', async () => {
    const { t, coa, v, quiet } = await quietAndSwept();
    await interim(t, v.code, quiet, 1, 420); // quiet, not gone, and nothing changed meanwhile: nothing is sent
    await sleep(300);
    expect(coa.received).toHaveLength(0);
    expect((await session(t, v.id)).devices).toHaveLength(1);

    t.clock.advance(7 * 60_000);
    await t.core.scheduler.runNow('stale-sweep');
    expect((await session(t, v.id)).devices).toHaveLength(0);
    await t.call('sessions.topUp', { sessionId: v.id, packageId: t.hourId, paidMinor: 2000 });
    await sleep(300);
    expect(coa.received).toHaveLength(0); // no open device to send it to
    t.clock.advance(60_000);
    await interim(t, v.code, quiet, 1, 900);
    await until(() => coa.received.length === 1);
    expect(coa.received[0]!.code).toBe(Code.CoaRequest);
    expect(coa.received[0]!.attrs).toMatchObject({ 'Acct-Session-Id': quiet, 'Session-Timeout': 7200 });
    await until(() => t.core.store.outbox.pending().length === 0);
    expect((await session(t, v.id)).devices).toHaveLength(1);
  });
});
