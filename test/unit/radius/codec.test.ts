import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeAttributes,
  decryptUserPassword,
  encodePacket,
  enumName,
  int,
  parseFrame,
  str,
  vendorAttr,
  verifyRequestAuthenticator,
  verifyRequestMessageAuthenticator,
  verifyResponse,
  type Frame,
} from '../../../src/main/radius/codec';
import { Code } from '../../../src/main/radius/dictionary';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function frame(buf: Buffer): Frame {
  const r = parseFrame(buf);
  if (!r.ok) throw new Error(r.reason);
  return r.frame;
}

// RFC 2865 section 7.1: "nemo" logs in with PAP, secret "xyzzy5461".
const rfc71Request = hex(`01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb 98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d
  93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8 01 10 05 06 00 00 00 03`);
const rfc71Accept = hex(`02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf 9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00
  0e 06 c0 a8 01 03`);
// RFC 2865 section 7.2: "flopsy" logs in with CHAP (no CHAP-Challenge: the authenticator is the challenge).
const rfc72Request = hex(`01 01 00 47 2a ee 86 f0 8d 0d 55 96 9c a5 97 8e 0d 33 67 a2 01 08 66 6c 6f 70 73 79 03 13 16 e9
  75 57 c3 16 18 58 95 f2 93 ff 63 44 07 72 75 04 06 c0 a8 01 10 05 06 00 00 00 14 06 06 00 00 00 02 07 06 00 00 00 01`);
const rfc72Accept = hex(`02 01 00 38 15 ef bc 7d ab 26 cf a3 dc 34 d9 c0 3c 86 01 a4 06 06 00 00 00 02 07 06 00 00 00 01
  08 06 ff ff ff fe 0a 06 00 00 00 00 0d 06 00 00 00 01 0c 06 00 00 05 dc`);

describe('codec: RFC 2865 section 7 examples', () => {
  it('7.1 PAP: decodes the request and recovers the password', () => {
    const f = frame(rfc71Request);
    const d = decodeAttributes(f);
    expect(d.ok && d.attributes).toMatchObject({ 'User-Name': 'nemo', 'NAS-IP-Address': '192.168.1.16', 'NAS-Port': 3 });
    expect(decryptUserPassword(f, 'xyzzy5461')).toBe('arctangent');
    expect(decryptUserPassword(f, 'wrong-secret')).not.toBe('arctangent');
  });

  it('7.1 PAP: re-encodes the request and the accept byte for byte', () => {
    const f = frame(rfc71Request);
    const again = encodePacket({
      code: Code.AccessRequest,
      identifier: 0,
      authenticator: f.authenticator,
      secret: 'xyzzy5461',
      messageAuthenticator: false,
      attributes: [
        ['User-Name', 'nemo'],
        ['User-Password', 'arctangent'],
        ['NAS-IP-Address', '192.168.1.16'],
        ['NAS-Port', 3],
      ],
    });
    expect(again.toString('hex')).toBe(rfc71Request.toString('hex'));
    const accept = encodePacket({
      code: Code.AccessAccept,
      identifier: 0,
      authenticator: f.authenticator,
      secret: 'xyzzy5461',
      messageAuthenticator: false,
      attributes: [
        ['Service-Type', 'Login-User'],
        ['Login-Service', 'Telnet'],
        ['Login-IP-Host', '192.168.1.3'],
      ],
    });
    expect(accept.toString('hex')).toBe(rfc71Accept.toString('hex'));
    expect(verifyResponse(frame(rfc71Accept), f.authenticator, 'xyzzy5461')).toBe(true);
    expect(verifyResponse(frame(rfc71Accept), f.authenticator, 'xyzzy5462')).toBe(false);
  });

  it('7.2 CHAP: decodes, and re-encodes the request and the accept byte for byte', () => {
    const f = frame(rfc72Request);
    const d = decodeAttributes(f);
    if (!d.ok) throw new Error(d.reason);
    expect(d.attributes).toMatchObject({ 'User-Name': 'flopsy', 'NAS-Port': 20, 'Service-Type': 'Framed-User', 'Framed-Protocol': 'PPP' });
    const chap = d.attributes['CHAP-Password'] as Buffer;
    expect(chap.length).toBe(17);
    const again = encodePacket({
      code: Code.AccessRequest,
      identifier: 1,
      authenticator: f.authenticator,
      secret: 'xyzzy5461',
      messageAuthenticator: false,
      attributes: [
        ['User-Name', 'flopsy'],
        ['CHAP-Password', chap],
        ['NAS-IP-Address', '192.168.1.16'],
        ['NAS-Port', 20],
        ['Service-Type', 'Framed-User'],
        ['Framed-Protocol', 'PPP'],
      ],
    });
    expect(again.equals(rfc72Request)).toBe(true);
    const accept = encodePacket({
      code: Code.AccessAccept,
      identifier: 1,
      authenticator: f.authenticator,
      secret: 'xyzzy5461',
      messageAuthenticator: false,
      attributes: [
        ['Service-Type', 'Framed-User'],
        ['Framed-Protocol', 'PPP'],
        ['Framed-IP-Address', '255.255.255.254'],
        ['Framed-Routing', 'None'],
        ['Framed-Compression', 'Van-Jacobson-TCP-IP'],
        ['Framed-MTU', 1500],
      ],
    });
    // RFC 2865 states the shared secret for 7.1 only, so 7.2's Response Authenticator
    // cannot be recomputed; every other byte must match (7.1 checks the authenticator).
    expect(accept.subarray(0, 4).equals(rfc72Accept.subarray(0, 4))).toBe(true);
    expect(accept.subarray(20).equals(rfc72Accept.subarray(20))).toBe(true);
  });
});

describe('codec: signing', () => {
  const secret = 'testing123';

  it('puts Message-Authenticator first in a response and signs it over the request authenticator', () => {
    const request = frame(encodePacket({ code: Code.AccessRequest, identifier: 9, secret, messageAuthenticator: true, attributes: [['User-Name', 'abc']] }));
    expect(verifyRequestMessageAuthenticator(request, secret)).toBe(true);
    const reply = encodePacket({ code: Code.AccessReject, identifier: 9, authenticator: request.authenticator, secret, messageAuthenticator: true, attributes: [['Reply-Message', 'Time used up']] });
    const f = frame(reply);
    expect(reply[20]).toBe(80); // first attribute
    expect(f.maOffset).toBe(22);
    expect(verifyResponse(f, request.authenticator, secret)).toBe(true);
    const tampered = Buffer.from(reply);
    tampered[reply.length - 1] = tampered[reply.length - 1]! ^ 1;
    expect(verifyResponse(frame(tampered), request.authenticator, secret)).toBe(false);
  });

  it('signs Accounting/CoA/Disconnect requests as FreeRADIUS does (MA over a zero vector, then the authenticator)', () => {
    for (const code of [Code.AccountingRequest, Code.DisconnectRequest, Code.CoaRequest]) {
      const f = frame(encodePacket({ code, identifier: 3, secret, messageAuthenticator: true, attributes: [['User-Name', 'abc'], ['Acct-Session-Id', '81a0']] }));
      expect(verifyRequestAuthenticator(f, secret)).toBe(true);
      expect(verifyRequestMessageAuthenticator(f, secret)).toBe(true);
      expect(verifyRequestAuthenticator(f, 'other')).toBe(false);
      expect(verifyRequestMessageAuthenticator(f, 'other')).toBe(false);
    }
  });

  it('refuses a forged or missing Message-Authenticator', () => {
    const good = encodePacket({ code: Code.AccessRequest, identifier: 1, secret, messageAuthenticator: true, attributes: [['User-Name', 'abc']] });
    const forged = Buffer.from(good);
    forged[30] = forged[30]! ^ 0xff;
    expect(verifyRequestMessageAuthenticator(frame(forged), secret)).toBe(false);
    const none = encodePacket({ code: Code.AccessRequest, identifier: 1, secret, messageAuthenticator: false, attributes: [['User-Name', 'abc']] });
    expect(verifyRequestMessageAuthenticator(frame(none), secret)).toBe(false);
  });

  it('encodes and decodes MikroTik vendor attributes and 64-bit counters', () => {
    const reply = encodePacket({
      code: Code.AccessAccept,
      identifier: 1,
      authenticator: Buffer.alloc(16, 7),
      secret,
      messageAuthenticator: true,
      attributes: [
        ['Session-Timeout', 3600],
        ['Vendor-Specific', 14988, [['Mikrotik-Rate-Limit', '2000k/5000k'], ['Mikrotik-Total-Limit', 705032704], ['Mikrotik-Total-Limit-Gigawords', 1]]],
      ],
    });
    const d = decodeAttributes(frame(reply));
    if (!d.ok) throw new Error(d.reason);
    expect(int(d.attributes, 'Session-Timeout')).toBe(3600);
    expect(vendorAttr(d.attributes, 'Mikrotik-Rate-Limit')).toBe('2000k/5000k');
    expect(vendorAttr(d.attributes, 'Mikrotik-Total-Limit')).toBe(705032704);
    expect(vendorAttr(d.attributes, 'Mikrotik-Total-Limit-Gigawords')).toBe(1);
  });

  it('reads enumerated values by name', () => {
    const f = frame(encodePacket({ code: Code.AccountingRequest, identifier: 1, secret, messageAuthenticator: false, attributes: [['Acct-Status-Type', 'Interim-Update'], ['Acct-Terminate-Cause', 'Session-Timeout'], ['User-Name', 'x']] }));
    const d = decodeAttributes(f);
    if (!d.ok) throw new Error(d.reason);
    expect(enumName(d.attributes, 'Acct-Status-Type')).toBe('Interim-Update');
    expect(enumName(d.attributes, 'Acct-Terminate-Cause')).toBe('Session-Timeout');
    expect(str(d.attributes, 'User-Name')).toBe('x');
  });

  it('ignores padding beyond the Length field (RFC 2865 section 3)', () => {
    const p = encodePacket({ code: Code.AccessRequest, identifier: 1, secret, messageAuthenticator: true, attributes: [['User-Name', 'abc']] });
    const padded = Buffer.concat([p, Buffer.from('garbage')]);
    const f = frame(padded);
    expect(f.data.length).toBe(p.length);
    expect(verifyRequestMessageAuthenticator(f, secret)).toBe(true);
  });
});

describe('codec: decoded values', () => {
  it('reads each kind as the app reads it: names, numbers, enumerated names, dotted addresses, Dates, bytes, repeats as arrays, hidden as null', () => {
    const p = encodePacket({
      code: Code.AccountingRequest,
      identifier: 1,
      secret: 's',
      messageAuthenticator: false,
      attributes: [
        ['Acct-Status-Type', 'Interim-Update'],
        ['User-Name', 'ñandú'],
        ['Framed-IP-Address', '10.0.0.7'],
        ['Event-Timestamp', 1767225600],
        ['Acct-Input-Octets', 0],
        ['Acct-Output-Octets', 2 ** 32 - 1],
        ['Class', Buffer.from('iwas:1')],
        ['Class', Buffer.from('x')],
        ['User-Password', 'hidden'],
        ['Vendor-Specific', 14988, [['Mikrotik-Host-IP', '1.2.3.4'], ['Mikrotik-Group', 'g'], ['Mikrotik-Group', 'h']]],
      ],
    });
    const d = decodeAttributes(frame(p));
    expect(d).toStrictEqual({
      ok: true,
      attributes: {
        'Acct-Status-Type': 'Interim-Update',
        'User-Name': 'ñandú',
        'Framed-IP-Address': '10.0.0.7',
        'Event-Timestamp': new Date(1767225600_000),
        'Acct-Input-Octets': 0,
        'Acct-Output-Octets': 2 ** 32 - 1,
        Class: [Buffer.from('iwas:1'), Buffer.from('x')],
        'User-Password': null,
        'Vendor-Specific': { 'Mikrotik-Host-IP': '1.2.3.4', 'Mikrotik-Group': ['g', 'h'] },
      },
    });
  });
});

describe('codec: malformed vectors', () => {
  const lines = readFileSync(join(__dirname, '../../fixtures/radius/malformed.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  for (const line of lines) {
    const [name, h] = line.split(':').map((s) => s.trim()) as [string, string];
    it(`refuses ${name}`, () => {
      const r = parseFrame(Buffer.from(h, 'hex'));
      expect(r.ok).toBe(false);
    });
  }

  it('never throws on random bytes', () => {
    for (let i = 0; i < 5000; i++) {
      const len = Math.floor(Math.random() * 200);
      const buf = Buffer.alloc(len);
      for (let j = 0; j < len; j++) buf[j] = Math.floor(Math.random() * 256);
      if (len >= 4) buf.writeUInt16BE(len, 2);
      if (len >= 1) buf[0] = [1, 4, 40, 43][i % 4]!;
      const r = parseFrame(buf);
      if (r.ok) {
        decodeAttributes(r.frame);
        decryptUserPassword(r.frame, 'x');
        verifyRequestMessageAuthenticator(r.frame, 'x');
      }
    }
  });
});

describe('codec: the radius package stays out of the app', () => {
  // The package uses the deprecated `new Buffer`; the app codes packets itself and the package is the tests' oracle only.
  it('loads and runs the codec without loading the package or any deprecation warning', () => {
    const script = `
      import { createRequire } from 'node:module';
      import { encodePacket, parseFrame, decodeAttributes } from './src/main/radius/codec.ts';
      const p = encodePacket({ code: 1, identifier: 1, secret: 's', messageAuthenticator: true, attributes: [['User-Name', 'a'], ['User-Password', 'b']] });
      const r = parseFrame(p); if (!r.ok || !decodeAttributes(r.frame).ok) process.exit(3);
      const require = createRequire(import.meta.url);
      console.log(require.resolve('radius') in require.cache ? 'radius loaded' : 'ok');`;
    const r = spawnSync(process.execPath, ['--throw-deprecation', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(__dirname, '../../..'),
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/DeprecationWarning|DEP0005/);
    expect(r.stdout.trim()).toBe('ok');
    expect(r.status).toBe(0);
  });

  it('no source file of the app imports it', () => {
    const root = join(__dirname, '../../../src');
    const importers = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) => /from 'radius'|require\('radius'\)/.test(readFileSync(join(root, f), 'utf8')));
    expect(importers).toEqual([]);
  });
});
