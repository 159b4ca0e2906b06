import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core';
import { decodeAttributes, encodePacket, parseFrame, verifyResponse, type Attribute } from '../../src/main/radius/codec';
import { chapResponse } from '../../src/main/radius/credentials';
import { Code } from '../../src/main/radius/dictionary';
import { radclient } from '../helpers/radclient';
import { heldWalFlush, SECRET, startRadiusCore, type RadiusTestCore } from '../helpers/radius-core';
import { tempDir } from '../helpers/temp';
import { hourPackage } from '../helpers/core';
import { exchange, sleep, until, udpPeer } from '../helpers/udp';

const hotspot = ['NAS-IP-Address = 127.0.0.1', 'NAS-Identifier = "cafe-hap"', 'Called-Station-Id = "hotspot1"', 'NAS-Port-Type = Wireless-802.11'];
const device = (n = 1) => [`Calling-Station-Id = "AA:BB:CC:DD:EE:0${n}"`, `Framed-IP-Address = 10.5.50.${10 + n}`];

function accessRequest(user: string, password: string, opts: { ma?: boolean; id?: number; mac?: string; secret?: string } = {}): Buffer {
  return encodePacket({
    code: Code.AccessRequest,
    identifier: opts.id ?? 1,
    secret: opts.secret ?? SECRET,
    messageAuthenticator: opts.ma ?? true,
    attributes: [
      ['User-Name', user],
      ['User-Password', password],
      ['Calling-Station-Id', opts.mac ?? 'AA:BB:CC:DD:EE:01'],
      ['NAS-Identifier', 'cafe-hap'],
    ] as Attribute[],
  });
}

function decodeReply(reply: Buffer | null) {
  expect(reply).not.toBeNull();
  const f = parseFrame(reply!);
  if (!f.ok) throw new Error(f.reason);
  const d = decodeAttributes(f.frame);
  if (!d.ok) throw new Error(d.reason);
  return { frame: f.frame, attrs: d.attributes };
}

/**
 * A core whose WAL flushes the test can hold (not yet held), with a sold hour online on one
 * device (its Accept in peer.replies[0]). `topUpHeld`: flushes held from now on, the cashier
 * tops the session up an hour; resolves once it is committed and its flush asked for, with
 * the cashier's call (answered once that flush returns).
 */
async function onlineWithHeldFlush() {
  const held = heldWalFlush(false);
  const t = await startRadiusCore({}, { flushWal: held.flushWal });
  const v = await t.sell();
  const hour = (await t.call('packages.list', {})).find((p) => p.timeLimitS === 3600)!;
  const peer = await udpPeer();
  await peer.send(t.auth, accessRequest(v.code, v.password, { id: 1 }));
  await until(() => peer.replies.length === 1);
  const topUpHeld = async () => {
    held.holding = true;
    const topUp = t.call('sessions.topUp', { sessionId: v.id, packageId: hour.id, paidMinor: 2000 });
    await until(() => held.flushes.length === 1);
    return { topUp };
  };
  return { held, t, v, hour, peer, topUpHeld };
}

async function drops(t: RadiusTestCore) {
  return (await t.call('radius.stats', {})).drops;
}

describe('RADIUS authentication (radclient as the router)', () => {
  it('PAP: accepts a sold voucher with everything the router enforces, and activates the session', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const r = await radclient(t.auth, 'auth', SECRET, [[`User-Name = "${v.code}"`, `User-Password = "${v.password}"`, ...device(), ...hotspot].join(', ')]);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]!.code).toBe('Access-Accept');
    expect(r.replies[0]!.attributes).toMatchObject({
      'Session-Timeout': '3600',
      'Acct-Interim-Interval': '120',
      'Port-Limit': '1',
      'Mikrotik-Rate-Limit': '2000k/5000k',
      'Mikrotik-Total-Limit': '500000000',
      'Mikrotik-Total-Limit-Gigawords': '0',
      Class: `0x${Buffer.from(`iwas:${v.id}`).toString('hex')}`,
    });
    const s = await t.call('sessions.get', { id: v.id });
    expect(s).toMatchObject({ state: 'ACTIVE', firstLoginAt: t.clock.now() });
    expect(s.audit[0]).toMatchObject({ action: 'session.activate', actorKind: 'router', actorName: 'hAP ac²', fromState: 'PENDING', toState: 'ACTIVE' });
  });

  it('PAP: rejects a wrong password and an unknown voucher with words the customer understands', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const r = await radclient(t.auth, 'auth', SECRET, [
      [`User-Name = "${v.code}"`, 'User-Password = "nope"', ...device()].join(', '),
      ['User-Name = "zzzzzz"', 'User-Password = "zzzzzz"', ...device()].join(', '),
    ]);
    expect(r.replies.map((x) => [x.code, x.attributes['Reply-Message']])).toEqual([
      ['Access-Reject', 'Wrong password'],
      ['Access-Reject', 'Voucher not found'],
    ]);
    expect((await t.call('sessions.get', { id: v.id })).state).toBe('PENDING');
  });

  it('accepts the code typed in capitals (phones capitalise)', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const r = await radclient(t.auth, 'auth', SECRET, [[`User-Name = "${v.code.toUpperCase()}"`, `User-Password = "${v.password.toUpperCase()}"`, ...device()].join(', ')]);
    expect(r.replies[0]!.code).toBe('Access-Accept');
  });

  it('CHAP without CHAP-Challenge (the Request Authenticator is the challenge) and with one', async () => {
    const t = await startRadiusCore();
    const a = await t.sell();
    const b = await t.sell();
    const r = await radclient(t.auth, 'auth', SECRET, [
      [`User-Name = "${a.code}"`, `CHAP-Password = "${a.password}"`, ...device(1)].join(', '),
      [`User-Name = "${b.code}"`, `CHAP-Password = "${b.password}"`, 'CHAP-Challenge = 0x0123456789abcdef0123456789abcdef', ...device(2)].join(', '),
      [`User-Name = "${b.code}"`, 'CHAP-Password = "wrong"', 'CHAP-Challenge = 0x0123456789abcdef0123456789abcdef', ...device(2)].join(', '),
    ]);
    expect(r.replies.map((x) => x.code)).toEqual(['Access-Accept', 'Access-Accept', 'Access-Reject']);
  });

  it('CHAP as MikroTik Hotspot sends it (our own packet: CHAP-Password over a CHAP-Challenge)', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const challenge = Buffer.from('5f1c0a77b3e29d4aa8b1c0d2e3f40516', 'hex');
    const req = encodePacket({
      code: Code.AccessRequest,
      identifier: 7,
      secret: SECRET,
      messageAuthenticator: true,
      attributes: [
        ['User-Name', v.code],
        ['CHAP-Password', chapResponse(42, v.password, challenge)],
        ['CHAP-Challenge', challenge],
        ['Calling-Station-Id', 'AA:BB:CC:DD:EE:01'],
      ],
    });
    const { frame } = decodeReply(await exchange(t.auth, req));
    expect(frame.code).toBe(Code.AccessAccept);
  });

  it('MAC login: the MAC-bound session logs in by its MAC, other devices cannot use it', async () => {
    const t = await startRadiusCore();
    const v = await t.sell({ mac: 'aa:bb:cc:00:00:09' });
    const r = await radclient(t.auth, 'auth', SECRET, [
      ['User-Name = "AA:BB:CC:00:00:09"', 'User-Password = ""', 'Calling-Station-Id = "AA:BB:CC:00:00:09"'].join(', '),
      [`User-Name = "${v.code}"`, `User-Password = "${v.password}"`, 'Calling-Station-Id = "AA:BB:CC:00:00:10"'].join(', '),
      ['User-Name = "AA:BB:CC:00:00:11"', 'User-Password = ""', 'Calling-Station-Id = "AA:BB:CC:00:00:11"'].join(', '),
    ]);
    expect(r.replies.map((x) => [x.code, x.attributes['Reply-Message'] ?? ''])).toEqual([
      ['Access-Accept', ''],
      ['Access-Reject', 'This voucher is for another device'],
      ['Access-Reject', 'Voucher not found'],
    ]);
  });

  it('puts a correct Message-Authenticator first in every Accept and Reject', async () => {
    // "no": so requests with and without one are both answered here.
    const t = await startRadiusCore({ requireMessageAuthenticator: 'no' });
    const v = await t.sell();
    for (const [password, code] of [
      [v.password, Code.AccessAccept],
      ['wrong', Code.AccessReject],
    ] as const) {
      for (const ma of [true, false]) {
        const req = accessRequest(v.code, password, { ma, id: ma ? 3 : 4 });
        const reply = await exchange(t.auth, req);
        const { frame } = decodeReply(reply);
        expect(frame.code).toBe(code);
        expect(reply![20]).toBe(80); // Message-Authenticator is the first attribute
        expect(reply![21]).toBe(18);
        expect(verifyResponse(frame, req.subarray(4, 20), SECRET)).toBe(true);
        expect(verifyResponse(frame, req.subarray(4, 20), 'another-secret')).toBe(false);
      }
    }
  });

  it('rejects sessions that are over: ended, time used up', async () => {
    const t = await startRadiusCore();
    const ended = await t.sell();
    await t.call('sessions.end', { id: ended.id, reason: 'Customer left' });
    const used = await t.sell();
    t.core.store.db.prepare("UPDATE sessions SET state = 'ACTIVE', first_login_at = 1, time_used_s = 3600 WHERE id = ?").run(used.id); t.core.store.reindex();
    const r = await radclient(t.auth, 'auth', SECRET, [
      [`User-Name = "${ended.code}"`, `User-Password = "${ended.password}"`, ...device()].join(', '),
      [`User-Name = "${used.code}"`, `User-Password = "${used.password}"`, ...device()].join(', '),
      [`User-Name = "${used.code}"`, `User-Password = "${used.password}"`, ...device()].join(', '),
    ]);
    expect(r.replies.map((x) => x.attributes['Reply-Message'])).toEqual(['Session ended', 'Time used up', 'Time used up']);
    // Found used up at login: the ACTIVE session expired there and then.
    expect(await t.call('sessions.get', { id: used.id })).toMatchObject({ state: 'EXPIRED', endReason: 'Time used up' });
  });

  it('refuses a second device when the device limit is reached (no Disconnect client yet to switch)', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const now = t.clock.now();
    t.core.store.db.prepare("UPDATE sessions SET state = 'ACTIVE', first_login_at = ? WHERE id = ?").run(now, v.id); t.core.store.reindex();
    t.core.store.connections.insert({ sessionId: v.id, routerId: t.routerId, acctSessionId: 'old', userName: v.code, mac: 'AA:BB:CC:DD:EE:01', ip: null, startedAt: now, lastUpdateAt: now });
    const r = await radclient(t.auth, 'auth', SECRET, [
      [`User-Name = "${v.code}"`, `User-Password = "${v.password}"`, ...device(2)].join(', '),
      [`User-Name = "${v.code}"`, `User-Password = "${v.password}"`, ...device(1)].join(', '),
    ]);
    expect(r.replies.map((x) => [x.code, x.attributes['Reply-Message'] ?? ''])).toEqual([
      ['Access-Reject', 'Already in use on another device'],
      ['Access-Accept', ''], // the same device logging in again
    ]);
  });
});

describe('RADIUS authentication: what is dropped', () => {
  it('drops requests from unknown sources silently, and counts them', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    expect(await exchange(t.auth, accessRequest(v.code, v.password), { fromAddress: '127.0.0.2' })).toBeNull();
    expect((await drops(t)).unknown_client).toBe(1);
  });

  it('drops a forged Message-Authenticator (wrong secret)', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    expect(await exchange(t.auth, accessRequest(v.code, v.password, { secret: 'not-the-secret' }))).toBeNull();
    const stats = await t.call('radius.stats', {});
    expect(stats.routers[0]!.drops.bad_message_authenticator).toBe(1);
  });

  it('require Message-Authenticator = yes: a request without one is dropped (BlastRADIUS)', async () => {
    const t = await startRadiusCore({ requireMessageAuthenticator: 'yes' });
    const v = await t.sell();
    expect(await exchange(t.auth, accessRequest(v.code, v.password, { ma: false }))).toBeNull();
    expect((await drops(t)).missing_message_authenticator).toBe(1);
    expect(await exchange(t.auth, accessRequest(v.code, v.password, { ma: true }))).not.toBeNull();
  });

  it('require = no: requests without one are answered', async () => {
    const t = await startRadiusCore({ requireMessageAuthenticator: 'no' });
    const v = await t.sell();
    expect(await exchange(t.auth, accessRequest(v.code, v.password, { ma: true, id: 1 }))).not.toBeNull();
    expect(await exchange(t.auth, accessRequest(v.code, v.password, { ma: false, id: 2 }))).not.toBeNull();
  });

  it('auto: old routers without Message-Authenticator work until one is seen; then it is required, across restarts', async () => {
    const dir = tempDir();
    const t = await startRadiusCore();
    const v = await t.sell();
    expect(await exchange(t.auth, accessRequest(v.code, v.password, { ma: false, id: 1 }))).not.toBeNull();
    expect((await t.call('routers.list', {}))[0]!.messageAuthenticatorSeen).toBe(false);
    expect(await exchange(t.auth, accessRequest(v.code, v.password, { ma: true, id: 2 }))).not.toBeNull();
    expect((await t.call('routers.list', {}))[0]!.messageAuthenticatorSeen).toBe(true);
    expect(await exchange(t.auth, accessRequest(v.code, v.password, { ma: false, id: 3 }))).toBeNull();

    // Remembered across a restart of the app.
    await t.core.close();
    const { copyFileSync } = await import('node:fs');
    copyFileSync(join(t.dir, 'iwas.sqlite'), join(dir, 'iwas.sqlite'));
    const again = await createCore({ dataDir: dir, radius: { host: '127.0.0.1', authPort: 0, acctPort: 0 } });
    try {
      expect(await exchange(again.radius!.authPort, accessRequest(v.code, v.password, { ma: false, id: 4 }))).toBeNull();
      expect(again.radiusStatus().drops.missing_message_authenticator).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('a first login is accepted once the WAL flush covering its activation returns; its second device waits for it too; an active session waits for no flush', async () => {
    // The WAL flush, held by the test from the first login on (the sale before it is answered after its own flush).
    const held = heldWalFlush(false);
    const { flushes } = held;
    const t = await startRadiusCore({}, { flushWal: held.flushWal });
    const two = await t.call('packages.create', { ...hourPackage, name: 'Two devices', deviceLimit: 2 });
    const v = await t.sell({ packageId: two.id });
    held.holding = true;
    const peer = await udpPeer();
    const codes = () => peer.replies.map((r) => [r[0], r[1]]);
    await peer.send(t.auth, accessRequest(v.code, v.password, { id: 1, mac: 'AA:BB:CC:DD:EE:01' }));
    await until(() => flushes.length === 1);
    // Activated in the database and the index (the commit did not wait for the disk), not accepted yet.
    expect(t.core.store.sessions.forAuth.byId(v.id)!.state).toBe('ACTIVE');
    expect((await t.call('sessions.get', { id: v.id })).state).toBe('ACTIVE');
    // The event loop is free meanwhile (the API answered above); a second device of the session waits for the same flush.
    await peer.send(t.auth, accessRequest(v.code, v.password, { id: 2, mac: 'AA:BB:CC:DD:EE:02' }));
    await sleep(150);
    expect(peer.replies).toHaveLength(0);
    expect(flushes).toHaveLength(1);
    flushes[0]!.done();
    await until(() => peer.replies.length === 2);
    expect(codes().sort()).toEqual([[Code.AccessAccept, 1], [Code.AccessAccept, 2]]);
    // A report holds the next flush: a login of the now active session is answered without waiting for it.
    await peer.send(t.acct, encodePacket({ code: Code.AccountingRequest, identifier: 3, secret: SECRET, messageAuthenticator: false, attributes: [['Acct-Status-Type', 'Interim-Update'], ['Acct-Session-Id', 'f-1'], ['User-Name', v.code], ['Acct-Input-Octets', 10]] as Attribute[] }));
    await until(() => flushes.length === 2);
    await peer.send(t.auth, accessRequest(v.code, v.password, { id: 4, mac: 'AA:BB:CC:DD:EE:01' }));
    await until(() => peer.replies.length === 3);
    expect(codes()[2]).toEqual([Code.AccessAccept, 4]);
    flushes[1]!.done();
    await until(() => peer.replies.length === 4);
    expect(codes()[3]).toEqual([Code.AccountingResponse, 3]);
    await peer.close();
  });

  it('an accept that rests on a top-up not yet on disk waits for its flush and carries the topped-up time; once on disk, logins wait for nothing', async () => {
    const { held, t, v, peer, topUpHeld } = await onlineWithHeldFlush();
    expect(decodeReply(peer.replies[0]!).attrs['Session-Timeout']).toBeLessThanOrEqual(3600);

    // The cashier tops up an hour; its flush is held: stored, the cashier not yet told.
    let toppedUp = false;
    const topUp = (await topUpHeld()).topUp.then((r) => ((toppedUp = true), r));
    expect(t.core.store.sessions.forAuth.byId(v.id)!.timeLimitS).toBe(7200);
    // A login now would be accepted with two hours: it waits for the same flush as the cashier's answer.
    await peer.send(t.auth, accessRequest(v.code, v.password, { id: 2 }));
    await sleep(150);
    expect(peer.replies).toHaveLength(1);
    expect(toppedUp).toBe(false);
    held.flushes[0]!.done();
    await until(() => peer.replies.length === 2);
    const accept = decodeReply(peer.replies[1]!);
    expect(accept.frame.code).toBe(Code.AccessAccept);
    expect(accept.attrs['Session-Timeout']).toBeGreaterThan(3600);
    await topUp;
    expect(toppedUp).toBe(true);

    // On disk now: the next login is answered at once, with no flush asked for.
    await peer.send(t.auth, accessRequest(v.code, v.password, { id: 3 }));
    await until(() => peer.replies.length === 3);
    expect(decodeReply(peer.replies[2]!).frame.code).toBe(Code.AccessAccept);
    expect(held.flushes).toHaveLength(1);
    await peer.close();
  });

  it('a login waiting for a top-up to reach the disk is refused if the cashier ends the session meanwhile', async () => {
    const { held, t, v, peer, topUpHeld } = await onlineWithHeldFlush();
    const { topUp } = await topUpHeld();
    await peer.send(t.auth, accessRequest(v.code, v.password, { id: 2 }));
    await sleep(50);
    // Ended while the login waits (its answer waits for the next flush).
    const ended = t.call('sessions.end', { id: v.id, reason: 'customer left' });
    await until(() => t.core.store.sessions.get(v.id)!.state === 'TERMINATED');
    held.flushes[0]!.done();
    await until(() => peer.replies.length === 2);
    expect(decodeReply(peer.replies[1]!).frame.code).toBe(Code.AccessReject);
    await until(() => held.flushes.length === 2);
    held.flushes[1]!.done();
    await Promise.all([topUp, ended]);
    await peer.close();
  });

  it('a top-up not yet on disk is still waited for when thousands of cards are made meanwhile (the bookkeeping is pruned of flushed changes only)', async () => {
    const { held, t, v, hour, peer, topUpHeld } = await onlineWithHeldFlush();
    const { topUp } = await topUpHeld();
    // 6,000 cards in three batches while that flush is held: more changed sessions than the bookkeeping keeps before pruning.
    const batches = [1, 2, 3].map(() => t.call('batches.create', { packageId: hour.id, count: 2000, mode: 'code+password' }));
    await until(() => (t.core.store.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n === 6001, 20_000);
    await peer.send(t.auth, accessRequest(v.code, v.password, { id: 2 }));
    await sleep(100);
    expect(peer.replies).toHaveLength(1);
    held.holding = false;
    for (const f of held.flushes) f.done();
    await until(() => peer.replies.length === 2);
    expect(decodeReply(peer.replies[1]!).attrs['Session-Timeout']).toBeGreaterThan(3600);
    await Promise.all([topUp, ...batches]);
    await peer.close();
  });

  it('answers a retransmission with the same reply bytes without deciding again (RFC 5080)', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const peer = await udpPeer();
    const req = accessRequest(v.code, v.password, { id: 99 });
    await peer.send(t.auth, req);
    await sleep(100);
    // Meanwhile the session is ended: a re-decided request would now be rejected.
    await t.call('sessions.end', { id: v.id, reason: 'test' });
    await peer.send(t.auth, req);
    await sleep(100);
    await peer.close();
    expect(peer.replies).toHaveLength(2);
    expect(peer.replies[1]!.equals(peer.replies[0]!)).toBe(true);
    expect(peer.replies[0]![0]).toBe(Code.AccessAccept);
    const stats = (await t.call('radius.stats', {})).routers[0]!;
    expect(stats).toMatchObject({ accessRequests: 2, accepts: 1, duplicates: 1 });
  });

  it('answers a signed Status-Server (RFC 5997) with an Access-Accept, so monitoring can check the server; an unsigned or forged one is dropped', async () => {
    const t = await startRadiusCore();
    // FreeRADIUS's radclient as the monitor: `status` sends Status-Server, signed when asked to (Message-Authenticator = 0x00).
    const r = await radclient(t.auth, 'status', SECRET, ['Message-Authenticator = 0x00, NAS-Identifier = "monitor"']);
    expect(r.replies.map((x) => x.code)).toEqual(['Access-Accept']);
    const peer = await udpPeer();
    await peer.send(t.auth, encodePacket({ code: Code.StatusServer, identifier: 7, secret: SECRET, messageAuthenticator: false, attributes: [['NAS-Identifier', 'monitor']] }));
    await peer.send(t.auth, encodePacket({ code: Code.StatusServer, identifier: 8, secret: 'not-the-secret', messageAuthenticator: true, attributes: [['NAS-Identifier', 'monitor']] }));
    const signed = encodePacket({ code: Code.StatusServer, identifier: 9, secret: SECRET, messageAuthenticator: true, attributes: [['NAS-Identifier', 'monitor']] });
    await peer.send(t.auth, signed);
    await sleep(200);
    await peer.close();
    expect(peer.replies).toHaveLength(1);
    const reply = peer.replies[0]!;
    expect(reply[0]).toBe(Code.AccessAccept);
    expect(reply[1]).toBe(9);
    const frame = parseFrame(reply);
    expect(frame.ok && verifyResponse(frame.frame, signed.subarray(4, 20), SECRET)).toBe(true);
    const d = await drops(t);
    expect(d.missing_message_authenticator).toBe(1);
    expect(d.bad_message_authenticator).toBe(1);
    // Every datagram is accounted for: the two answered probes (radclient's and ours) are counted.
    expect((await t.call('radius.stats', {})).routers[0]).toMatchObject({ statusServers: 2, accepts: 0 });
    // No session was touched, and the router still logs customers in.
    const v = await t.sell();
    expect((await exchange(t.auth, accessRequest(v.code, v.password)))?.[0]).toBe(Code.AccessAccept);
  });

  it('drops every malformed vector, counts it, and keeps answering', async () => {
    const t = await startRadiusCore();
    const v = await t.sell();
    const lines = readFileSync(join(__dirname, '../fixtures/radius/malformed.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    const peer = await udpPeer();
    for (const line of lines) await peer.send(t.auth, Buffer.from(line.split(':')[1]!.trim(), 'hex'));
    // A request whose code is not Access-Request, and one with a bad attribute inside an otherwise signed packet.
    await peer.send(t.auth, encodePacket({ code: Code.AccountingRequest, identifier: 1, secret: SECRET, messageAuthenticator: false, attributes: [['User-Name', 'x']] }));
    await sleep(200);
    expect(peer.replies).toHaveLength(0);
    await peer.close();
    const d = await drops(t);
    expect(d.malformed).toBe(lines.length); // "empty" too: a zero-length datagram is delivered
    expect(d.wrong_code).toBe(1);
    const reply = await exchange(t.auth, accessRequest(v.code, v.password));
    expect(reply?.[0]).toBe(Code.AccessAccept);
  });
});
