/**
 * The starting corpus: valid packets as a MikroTik Hotspot sends them (built with the
 * project's own encoder, so the bytes are what the server already accepts), the
 * hand-checked malformed vectors of test/fixtures, and a dictionary of values the
 * value mutators splice in (voucher codes, MACs, Class values, odd strings).
 */
import { readFileSync } from 'node:fs';
import { encodePacket, type Attribute } from '../../../src/main/radius/codec';
import { chapResponse } from '../../../src/main/radius/credentials';
import { Code, MIKROTIK_VENDOR_ID } from '../../../src/main/radius/dictionary';
import { SOURCES, type Input, type Port, type Source } from './input';
import type { Rng } from './prng';

export interface Voucher {
  code: string;
  password: string;
  id: number;
}

/** What the valid packets log in with and report on. */
export interface SeedSessions {
  /** A time + data package, logged in with CHAP (MikroTik's default) and PAP. */
  hour: Voucher;
  /** A data package allowing two devices, used through the second router. */
  data: Voucher;
  /** A session bound to a device: MAC login. */
  device: { mac: string; id: number };
}

/** Stand-ins for the decoder target, which has no database. */
export const DECODER_SESSIONS: SeedSessions = {
  hour: { code: 'k7m2p9', password: 'k7m2p9', id: 1 },
  data: { code: 'x4v8hq', password: 'x4v8hq', id: 2 },
  device: { mac: 'AA:BB:CC:00:00:0F', id: 3 },
};

export interface Seed extends Input {
  name: string;
}

/**
 * How many times as often a valid seed is drawn as a malformed vector: two thirds of
 * the seeds are malformed vectors, which seldom mutate into anything parseFrame lets
 * through, and the handlers behind it are where the state is.
 */
export const VALID_SEED_WEIGHT = 4;

const hotspot = (from: Source): Attribute[] => [
  ['NAS-IP-Address', SOURCES[from].address],
  ['NAS-Identifier', from === 0 ? 'cafe-hap' : 'cafe-hex'],
  ['Called-Station-Id', 'hotspot1'],
  ['NAS-Port-Type', 'Wireless-802.11'],
  ['NAS-Port', 2148532226],
  ['NAS-Port-Id', 'bridge-hotspot'],
];

const device = (mac: string, ip: string): Attribute[] => [
  ['Calling-Station-Id', mac],
  ['Framed-IP-Address', ip],
  ['Vendor-Specific', MIKROTIK_VENDOR_ID, [['Mikrotik-Host-IP', ip]]],
];

/** The valid packets, signed for their sender; Access-Request vectors and CHAP idents come from `rng`. */
export function validSeeds(s: SeedSessions, rng: Rng, nowMs: number): Seed[] {
  const seeds: Seed[] = [];
  const add = (name: string, port: Port, from: Source, code: number, attributes: Attribute[], messageAuthenticator = true, authenticator?: Buffer) =>
    seeds.push({
      name,
      port,
      from,
      data: encodePacket({ code, identifier: rng.int(256), secret: SOURCES[from].secret, messageAuthenticator, attributes, ...(authenticator ? { authenticator } : {}) }),
    });
  const access = (name: string, from: Source, credentials: Attribute[], user: string, mac: string, options: { ma?: boolean; authenticator?: Buffer; extra?: Attribute[] } = {}) =>
    add(
      name,
      'auth',
      from,
      Code.AccessRequest,
      [['User-Name', user], ...credentials, ['Service-Type', 'Login-User'], ...hotspot(from), ...device(mac, '10.5.50.11'), ['Acct-Session-Id', '81a00001'], ...(options.extra ?? [])],
      options.ma ?? true,
      options.authenticator ?? rng.bytes(16),
    );

  const challenge = rng.bytes(16);
  access('access-chap-challenge', 0, [['CHAP-Password', chapResponse(rng.int(256), s.hour.password, challenge)], ['CHAP-Challenge', challenge]], s.hour.code, 'AA:BB:CC:DD:EE:01');
  // Without CHAP-Challenge the Request Authenticator is the challenge (RFC 2865 section 2.2).
  const vector = rng.bytes(16);
  access('access-chap-vector', 0, [['CHAP-Password', chapResponse(rng.int(256), s.hour.password, vector)]], s.hour.code, 'AA:BB:CC:DD:EE:02', { authenticator: vector });
  access('access-pap', 0, [['User-Password', s.hour.password]], s.hour.code.toUpperCase(), 'AA:BB:CC:DD:EE:03');
  // RouterOS hides MAC login's empty password as one zero-padded block; the package would encode '' as no bytes at all.
  access('access-mac-login', 0, [['User-Password', '\0']], s.device.mac, s.device.mac);
  access('access-pap-no-ma', 1, [['User-Password', s.data.password]], s.data.code, 'AA:BB:CC:DD:EE:04', { ma: false });
  access('access-unknown-voucher', 0, [['User-Password', 'zzzzzz']], 'zzzzzz', 'AA:BB:CC:DD:EE:05');
  access('access-proxied', 1, [['User-Password', s.data.password]], s.data.code, 'AA:BB:CC:DD:EE:06', {
    extra: [['Proxy-State', Buffer.from('proxy-1')], ['Proxy-State', rng.bytes(40)]],
  });
  add('status-server', 'auth', 0, Code.StatusServer, [['NAS-Identifier', 'cafe-hap']], true, rng.bytes(16));

  const t = Math.floor(nowMs / 1000);
  const report = (from: Source, status: string, sessionId: string, user: string, mac: string, classOf: number, extra: Attribute[]): Attribute[] => [
    ['Acct-Status-Type', status],
    ['Acct-Session-Id', sessionId],
    ['User-Name', user],
    ...device(mac, '10.5.50.12'),
    ['Acct-Authentic', 'RADIUS'],
    ['Class', Buffer.from(`iwas:${classOf}`)],
    ...hotspot(from),
    ['Event-Timestamp', t],
    ...extra,
  ];
  // Past 4 GiB each way, so the gigawords matter.
  const counters = (gigawords: number): Attribute[] => [
    ['Acct-Session-Time', 1800 * gigawords],
    ['Acct-Input-Octets', 123_456_789],
    ['Acct-Input-Gigawords', gigawords],
    ['Acct-Output-Octets', 3_000_000_000],
    ['Acct-Output-Gigawords', gigawords + 1],
    ['Acct-Input-Packets', 90_000],
    ['Acct-Output-Packets', 120_000],
  ];
  const acct = (name: string, from: Source, attributes: Attribute[], ma = true) => add(name, 'acct', from, Code.AccountingRequest, attributes, ma);
  acct('acct-start', 0, report(0, 'Start', '81a00101', s.hour.code, 'AA:BB:CC:DD:EE:01', s.hour.id, [['Acct-Delay-Time', 0]]));
  acct('acct-interim', 0, report(0, 'Interim-Update', '81a00101', s.hour.code, 'AA:BB:CC:DD:EE:01', s.hour.id, [...counters(1), ['Acct-Delay-Time', 3]]));
  acct('acct-stop', 0, report(0, 'Stop', '81a00101', s.hour.code, 'AA:BB:CC:DD:EE:01', s.hour.id, [...counters(2), ['Acct-Terminate-Cause', 'User-Request'], ['Acct-Delay-Time', 0]]));
  acct('acct-interim-mac', 0, report(0, 'Interim-Update', '81a00102', s.device.mac, s.device.mac, s.device.id, counters(0)), false);
  acct('acct-interim-no-start', 1, report(1, 'Interim-Update', '81a00201', s.data.code, 'AA:BB:CC:DD:EE:04', s.data.id, counters(0)), false);
  acct('acct-accounting-on', 0, [['Acct-Status-Type', 'Accounting-On'], ['Acct-Session-Id', '0'], ...hotspot(0), ['Acct-Delay-Time', 0]]);
  acct('acct-accounting-off', 1, [['Acct-Status-Type', 'Accounting-Off'], ['Acct-Session-Id', '0'], ...hotspot(1)], false);
  return seeds;
}

/** Every vector of test/fixtures/radius/malformed.txt, as an Access-Request from the first router. */
export function malformedSeeds(): Seed[] {
  const text = readFileSync(new URL('../../fixtures/radius/malformed.txt', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((line) => {
      const colon = line.indexOf(':');
      return { name: `malformed-${line.slice(0, colon).trim()}`, port: 'auth', from: 0, data: Buffer.from(line.slice(colon + 1).trim(), 'hex') };
    });
}

/** Values worth splicing into attributes: what the core looks sessions up by, and strings that trip parsers. */
export function dictionary(s: SeedSessions): Buffer[] {
  const text = [
    s.hour.code,
    s.hour.code.toUpperCase(),
    ` ${s.data.code} `,
    s.data.password,
    s.device.mac,
    s.device.mac.toLowerCase().replaceAll(':', '-'),
    s.device.mac.replaceAll(':', ''),
    'aabb.cc00.000f',
    `iwas:${s.hour.id}`,
    `iwas:${s.data.id}`,
    `iwas:${s.device.id}`,
    'iwas:999999999999999',
    'iwas:0',
    'iwas:',
    '81a00101',
    '0',
    '',
    '10.5.50.11',
    '%s%n%x',
    '__proto__',
    'constructor',
  ].map((t) => Buffer.from(t));
  return [...text, Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from([0xc3, 0x28]), Buffer.alloc(16), Buffer.from('a\u0000b'), Buffer.alloc(253, 0x41)];
}
