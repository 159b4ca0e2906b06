/**
 * Opening the gate over the router's API (self-service, issue 15): over real TCP to the
 * simulated RouterOS API, whose Hotspot is a real RADIUS client over UDP to a real core.
 * findHotspotHost finds a device on the WiFi by its MAC; hotspotLogin makes the router
 * log it in, so the router's Access-Request (User-Name = the MAC, an empty password) meets
 * the device's MAC-bound session and the host comes online with the session's limits, as
 * after any login; a refusal comes back with the router's words.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import { describe, expect, it, onTestFinished } from 'vitest';
import { decodeAttributes, decryptUserPassword, parseFrame, str, type Attributes } from '../../src/main/radius/codec';
import { RouterOsError, withRouter, type RouterApiConfig } from '../../src/main/routeros/client';
import { activeHosts, findHotspotHost, hotspotLogin } from '../../src/main/routeros/operations';
import { SimulatedHotspot, type SimDevice, type SimReport } from '../../src/main/sim/hotspot';
import { startRouterOsSim } from '../../src/main/sim/routeros-api';
import { caught } from '../helpers/caught';
import { SECRET, startRadiusCore, type RadiusTestCore } from '../helpers/radius-core';
import { udpPeer } from '../helpers/udp';

const MB = 1_000_000;
const phone: SimDevice = { mac: 'AA:BB:CC:00:00:01', ip: '10.5.50.11', downBps: 1 * MB, upBps: 0.25 * MB };
const stranger: SimDevice = { mac: 'AA:BB:CC:00:00:09', ip: '10.5.50.19', downBps: 1 * MB, upBps: 0.25 * MB };

/** A relay in front of the core's auth port that keeps each Access-Request it passes on (decoded, and its User-Password). */
async function authTap(t: RadiusTestCore) {
  const requests: { attrs: Attributes; password: string | null }[] = [];
  const front = createSocket('udp4');
  const back = createSocket('udp4');
  let router: RemoteInfo | null = null;
  front.on('message', (msg, from) => {
    const f = parseFrame(msg);
    const d = f.ok ? decodeAttributes(f.frame) : null;
    if (f.ok && d?.ok) requests.push({ attrs: d.attributes, password: decryptUserPassword(f.frame, SECRET) });
    router = from;
    back.send(msg, t.auth, '127.0.0.1');
  });
  back.on('message', (msg) => router && front.send(msg, router.port, router.address));
  await Promise.all([front, back].map((s) => new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))));
  onTestFinished(async () => {
    await Promise.all([front, back].map((s) => new Promise<void>((r) => s.close(() => r()))));
  });
  return { port: front.address().port, requests };
}

/** A core, the simulated Hotspot talking RADIUS to it (its Access-Requests through a tap), and that Hotspot's API on TCP. */
async function cafe() {
  const t = await startRadiusCore();
  const tap = await authTap(t);
  const sim = new SimulatedHotspot({ server: { host: '127.0.0.1', authPort: tap.port, acctPort: t.acct }, secret: SECRET, now: () => t.clock.now(), timeoutMs: 300 });
  await sim.start();
  onTestFinished(() => sim.close());
  await t.call('routers.update', { id: t.routerId, name: 'hAP ac²', ip: '127.0.0.1', secret: SECRET, coaPort: sim.coaPort });
  const ros = await startRouterOsSim({ user: 'iwas', password: 'pw-123456', hotspot: sim });
  onTestFinished(() => ros.close());
  const cfg: RouterApiConfig = { host: '127.0.0.1', port: ros.port, user: 'iwas', password: 'pw-123456', tls: false, timeoutMs: 3000 };
  const reports: SimReport[] = [];
  sim.on('accounted', (r) => reports.push(r));
  return { t, sim, ros, cfg, reports, requests: tap.requests };
}

/** What the gate does for a paid device: find it, then log it in by its MAC. */
const openGate = (cfg: RouterApiConfig, mac: string) =>
  withRouter(cfg, async (api) => {
    const host = await findHotspotHost(api, mac);
    if (!host) throw new Error(`${mac} is not on the WiFi`);
    await hotspotLogin(api, { user: host.mac, password: '', mac: host.mac, ip: host.ip });
    return host;
  });

describe('findHotspotHost', () => {
  it('finds a device that joined the WiFi (any case or separator), not yet authorized; null for a MAC the router does not list', async () => {
    const { sim, cfg, t } = await cafe();
    sim.arrive(phone);
    sim.arrive(stranger);
    expect(await withRouter(cfg, (api) => findHotspotHost(api, 'aa-bb-cc-00-00-01'))).toEqual({ id: expect.stringMatching(/^\*[0-9A-F]+$/), mac: phone.mac, ip: phone.ip, authorized: false });
    expect(await withRouter(cfg, (api) => findHotspotHost(api, 'AA:BB:CC:00:00:77'))).toBeNull();

    // Logged in with a voucher: still a host, now authorized (as /ip/hotspot/host shows active hosts).
    const v = await t.sell();
    expect(await sim.login(phone, v.code, v.password)).toMatchObject({ accepted: true });
    expect(await withRouter(cfg, (api) => findHotspotHost(api, phone.mac))).toMatchObject({ ip: phone.ip, authorized: true });
    const rows = await withRouter(cfg, (api) => api.print('/ip/hotspot/host', { authorized: 'true' }));
    expect(rows).toEqual([{ '.id': expect.any(String), 'mac-address': phone.mac, address: phone.ip, 'to-address': phone.ip, server: 'hotspot1', authorized: 'true', bypassed: 'false' }]);
    // Logged out: still on the WiFi, no longer authorized. A device that only ever logged in leaves the table with its login.
    await sim.logout(phone.mac);
    expect(await withRouter(cfg, (api) => findHotspotHost(api, phone.mac))).toMatchObject({ ip: phone.ip, authorized: false });
    const laptop: SimDevice = { mac: 'AA:BB:CC:00:00:02', ip: '10.5.50.12', downBps: MB, upBps: MB };
    const w = await t.sell();
    expect(await sim.login(laptop, w.code, w.password)).toMatchObject({ accepted: true });
    expect(await withRouter(cfg, (api) => findHotspotHost(api, laptop.mac))).toMatchObject({ ip: laptop.ip, authorized: true });
    await sim.logout(laptop.mac);
    expect(await withRouter(cfg, (api) => findHotspotHost(api, laptop.mac))).toBeNull();
  });
});

describe('hotspotLogin (/ip/hotspot/active/login)', () => {
  it('a MAC-bound session: the router’s Access-Request is accepted and the device is online with the session’s limits', async () => {
    const { t, sim, ros, cfg, reports, requests } = await cafe();
    const { session } = await t.call('sales.sell', { packageId: t.hourId, paidMinor: 2000, mac: phone.mac.toLowerCase() });
    sim.arrive(phone);

    expect(await openGate(cfg, phone.mac)).toMatchObject({ mac: phone.mac, ip: phone.ip, authorized: false });

    // The router asked as for any login: PAP with the empty password (hidden as one block), from the device's MAC and address.
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.password).toBe('');
    expect(request!.attrs['CHAP-Password']).toBeUndefined();
    expect([str(request!.attrs, 'User-Name'), str(request!.attrs, 'Calling-Station-Id'), str(request!.attrs, 'Framed-IP-Address')]).toEqual([phone.mac, phone.mac, phone.ip]);
    // It logged the device in: user = the MAC, at its address, with what the Access-Accept said (1 hour, 500 MB).
    const host = sim.host(phone.mac)!;
    expect(host).toMatchObject({ user: phone.mac, ip: phone.ip, sessionTimeoutS: 3600, totalLimit: 500 * MB });
    expect(host.downBps).toBe(625_000); // the device's own 1 MB/s, capped by the package's 5000 kbps
    expect(reports).toMatchObject([{ status: 'Start', user: phone.mac, answered: true }]);
    expect(ros.writes).toContain(`/ip/hotspot/active/login user=${phone.mac} password= mac-address=${phone.mac} ip=${phone.ip}`);
    expect(await withRouter(cfg, activeHosts)).toEqual([{ id: host.id, user: phone.mac, mac: phone.mac, ip: phone.ip }]);
    expect(await withRouter(cfg, (api) => findHotspotHost(api, phone.mac))).toMatchObject({ authorized: true });
    expect(await t.call('sessions.get', { id: session.id })).toMatchObject({ state: 'ACTIVE', devices: [{ mac: phone.mac, ip: phone.ip }] });

    // Limits as for any login: the router cuts at 500 MB; the session is used up, and the gate stays shut.
    t.clock.advance(700_000);
    await sim.tick();
    expect(sim.active).toEqual([]);
    const used = await t.call('sessions.get', { id: session.id });
    expect(used).toMatchObject({ state: 'EXPIRED', endReason: 'Data used up' });
    expect(500 * MB - (used.bytesIn + used.bytesOut)).toBeLessThanOrEqual(1); // up and down are each counted in whole bytes
    // The device has no live session now: to the server its MAC is a code it does not know.
    const again = await caught(withRouter(cfg, (api) => hotspotLogin(api, { user: phone.mac, password: '', mac: phone.mac, ip: phone.ip })), RouterOsError);
    expect(again.message).toBe(`routeros: the router did not log in ${phone.mac} (${phone.ip}) as "${phone.mac}": Voucher not found`);
    expect(sim.active).toEqual([]);
  });

  it('a device with no session: rejected with the router’s message (the RADIUS Reply-Message); nothing comes online', async () => {
    const { sim, ros, cfg, reports } = await cafe();
    sim.arrive(stranger);
    const e = await caught(openGate(cfg, stranger.mac), RouterOsError);
    expect(e.kind).toBe('trap');
    expect(e.message).toBe(`routeros: the router did not log in ${stranger.mac} (${stranger.ip}) as "${stranger.mac}": Voucher not found`);
    expect(sim.active).toEqual([]);
    expect(reports).toEqual([]);
    expect(ros.writes.filter((w) => w.startsWith('/ip/hotspot/active/login'))).toEqual([]);
    expect(await withRouter(cfg, (api) => findHotspotHost(api, stranger.mac))).toMatchObject({ authorized: false });
  });

  it('a RADIUS server that does not answer: "RADIUS server is not responding"', async () => {
    const silent = await udpPeer(); // takes the packets, answers none
    onTestFinished(() => silent.close());
    const sim = new SimulatedHotspot({ server: { host: '127.0.0.1', authPort: silent.port, acctPort: silent.port }, secret: SECRET, timeoutMs: 100, attempts: 2 });
    await sim.start();
    onTestFinished(() => sim.close());
    const ros = await startRouterOsSim({ user: 'iwas', password: 'pw-123456', hotspot: sim });
    onTestFinished(() => ros.close());
    const e = await caught(
      withRouter({ host: '127.0.0.1', port: ros.port, user: 'iwas', password: 'pw-123456', tls: false, timeoutMs: 3000 }, (api) => hotspotLogin(api, { user: phone.mac, password: '', mac: phone.mac, ip: phone.ip })),
      RouterOsError,
    );
    expect(e.message).toBe(`routeros: the router did not log in ${phone.mac} (${phone.ip}) as "${phone.mac}": RADIUS server is not responding`);
    expect(silent.replies.length).toBe(2); // the Access-Request and its retransmission
  });
});
