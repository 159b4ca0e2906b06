/**
 * A simulated MikroTik Hotspot: a real RADIUS client over UDP, for the demo and for
 * tests. Devices arrive on its WiFi and are listed as hosts, as /ip/hotspot/host lists
 * them; it logs customers in (CHAP by default, as Hotspot's http-chap login page does;
 * PAP; MAC login; `/ip/hotspot/active/login` over the API) with the attributes RouterOS
 * sends, enforces what the
 * Access-Accept says (Session-Timeout, Idle-Timeout, Acct-Interim-Interval,
 * Mikrotik-Rate-Limit, Mikrotik-Total-Limit(+Gigawords), Port-Limit), reports usage
 * with Start / Interim-Update / Stop (64-bit counters with gigawords), retransmits
 * like a router, answers Disconnect/CoA on its CoA port like RouterOS (ACK, or NAK 503
 * for a session it does not have), and can reboot (Accounting-On, new session ids).
 * Like RouterOS, it counts a login's limits from that login, also when a CoA changes
 * them: Session-Timeout against the login's uptime, Mikrotik-Total-Limit against its
 * bytes since login.
 *
 * Time comes from `now()`; `tick()` moves the simulation to it. The demo ticks every
 * second; tests move a clock and tick.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { bytes, decodeAttributes, encodePacket, int, parseFrame, str, vendorAttr, verifyRequestAuthenticator, verifyRequestMessageAuthenticator, verifyResponse, type Attribute, type Attributes } from '../radius/codec';
import { chapResponse } from '../radius/credentials';
import { Code, MIKROTIK_VENDOR_ID } from '../radius/dictionary';
import { splitGigawords } from '../radius/gigawords';
import type { ActiveSource, Row } from './routeros-api';

export interface SimHotspotOptions {
  /** The RADIUS server (the app). */
  server: { host: string; authPort: number; acctPort: number };
  secret: string;
  /** The router's address: its packets come from here (127.0.0.0/8 on loopback), and NAS-IP-Address. */
  address?: string;
  /** Where it listens for Disconnect/CoA (0 = any free port). */
  coaPort?: number;
  identity?: string;
  hotspotName?: string;
  login?: 'chap' | 'pap';
  now?: () => number;
  /** Per try, and tries, for Access-Request (RouterOS: 1100 ms, 3) and Accounting-Request. */
  timeoutMs?: number;
  attempts?: number;
  /** Send interims this often instead of every Acct-Interim-Interval (the demo, to show usage moving). */
  interimEveryS?: number;
}

export interface SimDevice {
  mac: string;
  ip: string;
  /** Bytes per second the customer downloads / uploads (capped by Mikrotik-Rate-Limit). */
  downBps: number;
  upBps: number;
}

export interface SimHost {
  id: string;
  user: string;
  mac: string;
  ip: string;
  acctSessionId: string;
  loginAt: number;
  lastAt: number;
  /** Bytes from the customer (upload) and to the customer (download), cumulative. */
  inBytes: number;
  outBytes: number;
  downBps: number;
  upBps: number;
  sessionTimeoutS: number | null;
  idleTimeoutS: number | null;
  interimS: number;
  totalLimit: number | null;
  portLimit: number | null;
  classValue: Buffer | null;
  nextInterimAt: number;
}

type Reply = Attributes & { code: number };

export type LoginResult = { accepted: true; host: SimHost } | { accepted: false; message: string };

/** What `/ip/hotspot/active/login` is given. */
export interface ApiLogin {
  user: string;
  password: string;
  mac: string;
  ip: string;
}

/** A device's traffic when it logs in over the API without having arrived (the router does not know its habits). */
const DEFAULT_RATES = { downBps: 1_000_000, upBps: 250_000 };

/** One Accounting-Request as sent (the counters exactly as on the wire), and whether the server answered it. */
export interface SimReport {
  status: 'Start' | 'Interim-Update' | 'Stop';
  acctSessionId: string;
  user: string;
  inBytes: number;
  outBytes: number;
  sessionTimeS: number;
  answered: boolean;
}

export interface HotspotEvents {
  /** A host left: why (Acct-Terminate-Cause) and its final counters. */
  logout: [host: SimHost, cause: string];
  /** An Accounting-Request for a host was answered, or given up after every retransmission. */
  accounted: [report: SimReport];
  disconnect: [attrs: Attributes, found: boolean];
  coa: [attrs: Attributes, found: boolean];
}

/** A PAP User-Password; an empty one hidden as RFC 2865 says, one block of NULs (the package would send 0 bytes). */
function papPassword(password: string): Attribute[] {
  return [['User-Password', password || '\0']];
}

/** Parses Mikrotik-Rate-Limit "rx/tx" (k/M/G suffixes) into bytes per second [upload, download]; 0 = unlimited. */
export function parseRateLimit(text: string | null): [up: number, down: number] {
  if (!text) return [0, 0];
  const rate = (s: string | undefined) => {
    const m = /^(\d+(?:\.\d+)?)([kMG]?)$/.exec((s ?? '0').trim());
    if (!m) return 0;
    return (Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[m[2]!]!) / 8;
  };
  const [rx, tx] = text.split(' ')[0]!.split('/');
  return [rate(rx), rate(tx ?? rx)];
}

export class SimulatedHotspot extends EventEmitter<HotspotEvents> implements ActiveSource {
  readonly address: string;
  readonly identity: string;
  private readonly o: Required<Omit<SimHotspotOptions, 'interimEveryS' | 'coaPort'>> & Pick<SimHotspotOptions, 'interimEveryS' | 'coaPort'>;
  private radius!: Socket;
  private coa!: Socket;
  private readonly hosts = new Map<string, SimHost>();
  /**
   * Devices on the WiFi (/ip/hotspot/host), logged in or not, by MAC; each with its
   * host-table id. One that logged in without arriving leaves the table with its login,
   * so a long run of customers does not pile up here.
   */
  private readonly arrived = new Map<string, { id: string; device: SimDevice; withLogin: boolean }>();
  private nextArrivalId = 1;
  private readonly waiting = new Map<number, { authenticator: Buffer; resolve: (reply: Reply | null) => void }>();
  private closed = false;
  private nextIdentifier = 0;
  private sessionCounter = Math.floor(Math.random() * 0xffff) << 8;
  private nextHostId = 1;
  /** Counters for tests and the demo. */
  readonly counts = { accessRetransmits: 0, acctRetransmits: 0, disconnects: 0, coas: 0 };
  /** False: Disconnect/CoA requests are ignored, as by a router with `/radius incoming accept=no` or a firewall in the way. */
  answersCoa = true;
  private outstanding = 0;

  constructor(options: SimHotspotOptions) {
    super();
    this.o = {
      address: '127.0.0.1',
      identity: 'cafe-hap',
      hotspotName: 'hotspot1',
      login: 'chap',
      now: Date.now,
      timeoutMs: 1100,
      attempts: 3,
      ...options,
    };
    this.address = this.o.address;
    this.identity = this.o.identity;
  }

  /** Binds the RADIUS client socket and the CoA listener. */
  async start(): Promise<void> {
    this.radius = createSocket('udp4');
    this.radius.on('message', (msg) => this.onReply(msg));
    this.coa = createSocket('udp4');
    this.coa.on('message', (msg, from) => this.onCoa(msg, from.port, from.address));
    await Promise.all([
      new Promise<void>((r) => this.radius.bind(0, this.o.address, () => r())),
      new Promise<void>((r) => this.coa.bind(this.o.coaPort ?? 0, this.o.address, () => r())),
    ]);
  }

  get coaPort(): number {
    return this.coa.address().port;
  }

  get active(): SimHost[] {
    return [...this.hosts.values()];
  }

  /** Requests sent and still waiting for their answer or their last retransmission. */
  get busy(): boolean {
    return this.outstanding > 0;
  }

  host(mac: string): SimHost | undefined {
    return this.hosts.get(mac.toUpperCase());
  }

  /** A device joins the WiFi: listed as a Hotspot host, not yet authorized (a login by it needs no arrival first). */
  arrive(device: SimDevice): void {
    this.join(device, false);
  }

  /** A customer types a voucher on the login page (CHAP or PAP as configured). */
  async login(device: SimDevice, username: string, password: string): Promise<LoginResult> {
    const credentials: Attribute[] =
      this.o.login === 'chap'
        ? (() => {
            const challenge = randomBytes(16);
            return [
              ['CHAP-Password', chapResponse(Math.floor(Math.random() * 256), password, challenge)],
              ['CHAP-Challenge', challenge],
            ] as Attribute[];
          })()
        : papPassword(password);
    return this.authenticate(device, username, credentials);
  }

  /** The Hotspot tries the device's MAC as the user name (login-by=mac). */
  async macLogin(device: SimDevice): Promise<LoginResult> {
    return this.authenticate(device, device.mac, papPassword(''));
  }

  /**
   * `/ip/hotspot/active/login`: the router logs a device in as told (PAP), at the
   * arrived device's rates (a default when it never arrived), at the given address.
   */
  async apiLogin(login: ApiLogin): Promise<LoginResult> {
    const known = this.arrived.get(login.mac.toUpperCase())?.device;
    return this.authenticate({ ...DEFAULT_RATES, ...known, mac: login.mac, ip: login.ip }, login.user, papPassword(login.password));
  }

  private async authenticate(device: SimDevice, username: string, credentials: Attribute[]): Promise<LoginResult> {
    const mac = device.mac.toUpperCase();
    const already = this.hosts.get(mac);
    if (already) return { accepted: true, host: already };
    const acctSessionId = this.newSessionId();
    const reply = await this.exchange(Code.AccessRequest, [
      ['User-Name', username],
      ...credentials,
      ['Service-Type', 'Login-User'],
      ...this.nasAttributes(),
      ['Calling-Station-Id', mac],
      ['Framed-IP-Address', device.ip],
      ['Acct-Session-Id', acctSessionId],
      ['Vendor-Specific', MIKROTIK_VENDOR_ID, [['Mikrotik-Host-IP', device.ip]]],
    ]);
    if (!reply) return { accepted: false, message: 'RADIUS server is not responding' };
    if (reply.code !== Code.AccessAccept) return { accepted: false, message: str(reply, 'Reply-Message') ?? 'Access denied' };

    const portLimit = int(reply, 'Port-Limit');
    const sameUser = this.active.filter((h) => h.user === username);
    if (portLimit !== null && sameUser.length >= portLimit) return { accepted: false, message: `no more sessions are allowed for user` };

    const now = this.o.now();
    const totalOctets = vendorAttr(reply, 'Mikrotik-Total-Limit');
    const totalGigawords = vendorAttr(reply, 'Mikrotik-Total-Limit-Gigawords');
    const [upCap, downCap] = parseRateLimit((vendorAttr(reply, 'Mikrotik-Rate-Limit') as string | undefined) ?? null);
    const interimS = this.o.interimEveryS ?? int(reply, 'Acct-Interim-Interval') ?? 300;
    const host: SimHost = {
      id: `*${(this.nextHostId++).toString(16).toUpperCase()}`,
      user: username,
      mac,
      ip: device.ip,
      acctSessionId,
      loginAt: now,
      lastAt: now,
      inBytes: 0,
      outBytes: 0,
      downBps: downCap ? Math.min(device.downBps, downCap) : device.downBps,
      upBps: upCap ? Math.min(device.upBps, upCap) : device.upBps,
      sessionTimeoutS: int(reply, 'Session-Timeout'),
      idleTimeoutS: int(reply, 'Idle-Timeout'),
      interimS,
      totalLimit: typeof totalOctets === 'number' ? (typeof totalGigawords === 'number' ? totalGigawords : 0) * 2 ** 32 + totalOctets : null,
      portLimit,
      classValue: bytes(reply, 'Class'),
      nextInterimAt: now + interimS * 1000,
    };
    this.hosts.set(mac, host);
    // Logged in, so on the WiFi, whether or not it was said to arrive.
    if (!this.arrived.has(mac)) this.join(device, true);
    await this.account(host, 'Start');
    return { accepted: true, host };
  }

  /** The customer logs out on the status page (or their device leaves). */
  async logout(mac: string, cause = 'User-Request'): Promise<void> {
    const host = this.hosts.get(mac.toUpperCase());
    if (host) await this.remove(host, cause);
  }

  /** Changes what a customer's device is transferring now. */
  setRate(mac: string, downBps: number, upBps: number): void {
    const host = this.hosts.get(mac.toUpperCase());
    if (!host) return;
    this.advance(host, this.o.now());
    host.downBps = downBps;
    host.upBps = upBps;
  }

  /**
   * Moves every host to now(): usage, limits (in the order they are reached), interim
   * updates. Like a router, the hosts' requests go out together, each retransmitted on
   * its own; the bookkeeping happens before any wait, so ticks may overlap.
   */
  async tick(): Promise<void> {
    const now = this.o.now();
    const sent: Promise<unknown>[] = [];
    for (const host of this.active) {
      const deadline = this.deadline(host);
      if (deadline !== null && deadline.at <= now) {
        this.advance(host, deadline.at);
        sent.push(this.remove(host, deadline.cause));
        continue;
      }
      this.advance(host, now);
      if (now >= host.nextInterimAt) {
        while (host.nextInterimAt <= now) host.nextInterimAt += host.interimS * 1000;
        sent.push(this.account(host, 'Interim-Update'));
      }
    }
    await Promise.all(sent);
  }

  /** The router reboots: every host is dropped without a word, then Accounting-On, and new session ids. */
  async reboot(): Promise<void> {
    this.hosts.clear();
    this.arrived.clear();
    this.sessionCounter = Math.floor(Math.random() * 0xffff) << 8;
    await this.send(Code.AccountingRequest, [['Acct-Status-Type', 'Accounting-On'], ['Acct-Session-Id', '0'], ...this.nasAttributes()]);
  }

  /** For the RouterOS API simulator: /ip/hotspot/active. */
  activeRows(): Row[] {
    const now = this.o.now();
    return this.active.map((h) => ({
      '.id': h.id,
      server: this.o.hotspotName,
      user: h.user,
      address: h.ip,
      'mac-address': h.mac,
      'login-by': 'http-chap',
      uptime: `${Math.floor((now - h.loginAt) / 1000)}s`,
      'bytes-in': String(Math.floor(h.inBytes)),
      'bytes-out': String(Math.floor(h.outBytes)),
      radius: 'true',
    }));
  }

  /** For the RouterOS API simulator: /ip/hotspot/host, every device on the WiFi; the logged-in ones authorized. */
  hostRows(): Row[] {
    return [...this.arrived.values()].map(({ id, device }) => {
      const ip = this.hosts.get(device.mac)?.ip ?? device.ip;
      return {
        '.id': id,
        'mac-address': device.mac,
        address: ip,
        'to-address': ip,
        server: this.o.hotspotName,
        authorized: String(this.hosts.has(device.mac)),
        bypassed: 'false',
      };
    });
  }

  /** /ip/hotspot/active/remove: the host leaves (Stop, Admin-Reset). */
  removeActive(id: string): boolean {
    const host = this.active.find((h) => h.id === id);
    if (!host) return false;
    void this.remove(host, 'Admin-Reset');
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of [...this.waiting.values()]) w.resolve(null);
    await Promise.all([new Promise<void>((r) => this.radius.close(() => r())), new Promise<void>((r) => this.coa.close(() => r()))]);
  }

  // ---------------------------------------------------------------- internals

  /** Lists a device as a host (keeping its id); `withLogin`: listed only because it logged in, so it leaves with its login. */
  private join(device: SimDevice, withLogin: boolean): void {
    const mac = device.mac.toUpperCase();
    const id = this.arrived.get(mac)?.id ?? `*${(this.nextArrivalId++).toString(16).toUpperCase()}`;
    this.arrived.set(mac, { id, device: { ...device, mac }, withLogin });
  }

  private newSessionId(): string {
    this.sessionCounter = (this.sessionCounter + 1) >>> 0;
    return this.sessionCounter.toString(16).padStart(8, '0');
  }

  private nasAttributes(): Attribute[] {
    return [
      ['NAS-IP-Address', this.o.address],
      ['NAS-Identifier', this.o.identity],
      ['Called-Station-Id', this.o.hotspotName],
      ['NAS-Port-Type', 'Wireless-802.11'],
    ];
  }

  /** When this host must leave at its current rates, and why. */
  private deadline(h: SimHost): { at: number; cause: string } | null {
    const candidates: { at: number; cause: string }[] = [];
    if (h.sessionTimeoutS !== null) candidates.push({ at: h.loginAt + h.sessionTimeoutS * 1000, cause: 'Session-Timeout' });
    const rate = h.downBps + h.upBps;
    if (h.totalLimit !== null) {
      const left = h.totalLimit - h.inBytes - h.outBytes;
      candidates.push({ at: left <= 0 ? h.lastAt : rate > 0 ? h.lastAt + (left / rate) * 1000 : Number.POSITIVE_INFINITY, cause: 'NAS-Request' });
    }
    if (h.idleTimeoutS !== null && rate === 0) candidates.push({ at: h.lastAt + h.idleTimeoutS * 1000, cause: 'Idle-Timeout' });
    const first = candidates.sort((a, b) => a.at - b.at)[0];
    return first && Number.isFinite(first.at) ? { at: Math.ceil(first.at), cause: first.cause } : null;
  }

  private advance(h: SimHost, to: number): void {
    const dt = Math.max(0, to - h.lastAt) / 1000;
    let up = h.upBps * dt;
    let down = h.downBps * dt;
    const used = h.inBytes + h.outBytes;
    if (h.totalLimit !== null && up + down > 0 && used + up + down > h.totalLimit) {
      // The router stops the customer at the limit, exactly (a CoA may have lowered it below what they used).
      const scale = Math.max(0, h.totalLimit - used) / (up + down);
      up *= scale;
      down *= scale;
    }
    h.inBytes += up;
    h.outBytes += down;
    h.lastAt = Math.max(h.lastAt, to);
  }

  private async remove(h: SimHost, cause: string): Promise<void> {
    if (this.hosts.get(h.mac) !== h) return;
    this.hosts.delete(h.mac);
    if (this.arrived.get(h.mac)?.withLogin) this.arrived.delete(h.mac);
    await this.account(h, 'Stop', cause);
    this.emit('logout', h, cause);
  }

  private async account(h: SimHost, status: SimReport['status'], cause?: string): Promise<Reply | null> {
    const inBytes = status === 'Start' ? 0 : Math.floor(h.inBytes);
    const outBytes = status === 'Start' ? 0 : Math.floor(h.outBytes);
    const sessionTimeS = status === 'Start' ? 0 : Math.floor((h.lastAt - h.loginAt) / 1000);
    const attrs: Attribute[] = [
      ['Acct-Status-Type', status],
      ['Acct-Session-Id', h.acctSessionId],
      ['User-Name', h.user],
      ['Calling-Station-Id', h.mac],
      ['Framed-IP-Address', h.ip],
      ['Acct-Authentic', 'RADIUS'],
      ...this.nasAttributes(),
    ];
    if (h.classValue) attrs.push(['Class', h.classValue]);
    if (status !== 'Start') {
      const [inGw, inOctets] = splitGigawords(inBytes);
      const [outGw, outOctets] = splitGigawords(outBytes);
      attrs.push(
        ['Acct-Session-Time', sessionTimeS],
        ['Acct-Input-Octets', inOctets],
        ['Acct-Input-Gigawords', inGw],
        ['Acct-Output-Octets', outOctets],
        ['Acct-Output-Gigawords', outGw],
        ['Acct-Input-Packets', Math.floor(h.inBytes / 900)],
        ['Acct-Output-Packets', Math.floor(h.outBytes / 1200)],
      );
    }
    if (cause) attrs.push(['Acct-Terminate-Cause', cause]);
    const reply = await this.send(Code.AccountingRequest, attrs);
    this.emit('accounted', { status, acctSessionId: h.acctSessionId, user: h.user, inBytes, outBytes, sessionTimeS, answered: reply !== null });
    return reply;
  }

  /** An Access-Request: the same bytes are retransmitted on timeout, like a router. */
  private exchange(code: number, attrs: Attribute[]): Promise<Reply | null> {
    const packet = encodePacket({ code, identifier: this.identifier(), secret: this.o.secret, messageAuthenticator: true, attributes: attrs });
    return this.transmit(this.o.server.authPort, this.o.attempts, (n) => {
      if (n > 0) this.counts.accessRetransmits++;
      return packet;
    });
  }

  /**
   * An Accounting-Request: each retransmission carries the grown Acct-Delay-Time, so a
   * new identifier and authenticator (RFC 2866); the server must count it once anyway.
   */
  private send(code: number, attrs: Attribute[]): Promise<Reply | null> {
    const started = this.o.now();
    return this.transmit(this.o.server.acctPort, this.o.attempts * 2, (n) => {
      if (n > 0) this.counts.acctRetransmits++;
      const delay = Math.floor((this.o.now() - started) / 1000);
      return encodePacket({ code, identifier: this.identifier(), secret: this.o.secret, messageAuthenticator: true, attributes: [...attrs, ['Acct-Delay-Time', delay]] });
    });
  }

  private identifier(): number {
    for (let i = 0; i < 256; i++) {
      const id = (this.nextIdentifier + i) % 256;
      if (!this.waiting.has(id)) {
        this.nextIdentifier = (id + 1) % 256;
        return id;
      }
    }
    return this.nextIdentifier;
  }

  /** Sends `build(try)` up to `attempts` times, `timeoutMs` apart, until a verified reply; null when none came. */
  private transmit(port: number, attempts: number, build: (attempt: number) => Buffer): Promise<Reply | null> {
    this.outstanding++;
    return new Promise<Reply | null>((resolve) => {
      let attempt = 0;
      let current: Buffer | null = null;
      let timer: NodeJS.Timeout | null = null;
      const settle = (reply: Reply | null) => {
        if (timer) clearTimeout(timer);
        if (current) this.waiting.delete(current[1]!);
        resolve(reply);
      };
      const next = () => {
        if (current) this.waiting.delete(current[1]!);
        if (attempt >= attempts || this.closed) return settle(null);
        current = build(attempt++);
        this.waiting.set(current[1]!, { authenticator: current.subarray(4, 20), resolve: settle });
        this.radius.send(current, port, this.o.server.host);
        timer = setTimeout(next, this.o.timeoutMs);
      };
      next();
    }).finally(() => this.outstanding--);
  }

  private onReply(msg: Buffer): void {
    const f = parseFrame(msg);
    if (!f.ok) return;
    const w = this.waiting.get(f.frame.identifier);
    if (!w || !verifyResponse(f.frame, w.authenticator, this.o.secret)) return;
    const d = decodeAttributes(f.frame);
    if (!d.ok) return;
    w.resolve({ ...d.attributes, code: f.frame.code });
  }

  private onCoa(msg: Buffer, port: number, address: string): void {
    if (!this.answersCoa) return;
    const f = parseFrame(msg);
    if (!f.ok || (f.frame.code !== Code.DisconnectRequest && f.frame.code !== Code.CoaRequest)) return;
    // RouterOS drops requests it cannot authenticate.
    if (!verifyRequestAuthenticator(f.frame, this.o.secret)) return;
    if (f.frame.maOffset !== -1 && !verifyRequestMessageAuthenticator(f.frame, this.o.secret)) return;
    const d = decodeAttributes(f.frame);
    if (!d.ok) return;
    const attrs = d.attributes;
    const sid = str(attrs, 'Acct-Session-Id');
    const user = str(attrs, 'User-Name');
    const mac = str(attrs, 'Calling-Station-Id')?.toUpperCase();
    const host = this.active.find((h) => (sid ? h.acctSessionId === sid : (mac ? h.mac === mac : false) || (user !== null && h.user === user && h.ip === str(attrs, 'Framed-IP-Address'))));
    const disconnect = f.frame.code === Code.DisconnectRequest;
    const ackCode = disconnect ? (host ? Code.DisconnectAck : Code.DisconnectNak) : host ? Code.CoaAck : Code.CoaNak;
    const reply = encodePacket({
      code: ackCode,
      identifier: f.frame.identifier,
      authenticator: f.frame.authenticator,
      secret: this.o.secret,
      messageAuthenticator: true,
      attributes: host ? [] : [['Error-Cause', 503]],
    });
    if (disconnect) this.counts.disconnects++;
    else this.counts.coas++;
    if (host && !disconnect) {
      // RouterOS keeps counting from the login: the new limits are against its uptime and its bytes since login.
      this.advance(host, this.o.now());
      const timeout = int(attrs, 'Session-Timeout');
      if (timeout !== null) host.sessionTimeoutS = timeout;
      const octets = vendorAttr(attrs, 'Mikrotik-Total-Limit');
      if (typeof octets === 'number') {
        const gw = vendorAttr(attrs, 'Mikrotik-Total-Limit-Gigawords');
        host.totalLimit = (typeof gw === 'number' ? gw : 0) * 2 ** 32 + octets;
      }
    }
    this.coa.send(reply, port, address, () => {
      if (host && disconnect) {
        this.advance(host, this.o.now());
        void this.remove(host, 'Admin-Reset');
      }
    });
    this.emit(disconnect ? 'disconnect' : 'coa', attrs, host !== undefined);
  }
}
