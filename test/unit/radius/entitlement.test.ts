import { describe, expect, it } from 'vitest';
import { entitlement, type Entitlement, type RejectReason } from '../../../src/shared/engine/authorize';
import { remaining } from '../../../src/shared/engine/remaining';
import { authSession } from '../../fixtures/auth-session';
import { decodeAttributes, encodePacket, int, parseFrame, vendorAttr } from '../../../src/main/radius/codec';
import { Code } from '../../../src/main/radius/dictionary';
import {
  acceptAttributes,
  coaAttributes,
  connectionUsage,
  mikrotikRateLimit,
  NEW_LOGIN,
  rejectAttributes,
  sessionClass,
  sessionIdFromClass,
} from '../../../src/main/radius/entitlement';

const GiB4 = 2 ** 32;
const T0 = 1_800_000_000_000;

const everything: Entitlement = { sessionId: 7, timeLeftS: 3600, bytesLeft: 5_000_000_000, rateUpKbps: 2000, rateDownKbps: 5000, idleTimeoutS: 300, deviceLimit: 2 };
const unbounded: Entitlement = { sessionId: 8, timeLeftS: null, bytesLeft: null, rateUpKbps: null, rateDownKbps: null, idleTimeoutS: null, deviceLimit: 1 };

describe('Access-Accept: a new login gets what is left from now', () => {
  it('maps every limit, in the order the router has always received them', () => {
    expect(acceptAttributes(everything, 120)).toEqual([
      ['Session-Timeout', 3600],
      ['Idle-Timeout', 300],
      ['Acct-Interim-Interval', 120],
      ['Port-Limit', 2],
      ['Class', Buffer.from('iwas:7')],
      ['Vendor-Specific', 14988, [['Mikrotik-Rate-Limit', '2000k/5000k'], ['Mikrotik-Total-Limit', 5_000_000_000 - GiB4], ['Mikrotik-Total-Limit-Gigawords', 1]]],
    ]);
  });

  it('leaves out what is unbounded (no Session-Timeout, Idle-Timeout or vendor attributes)', () => {
    expect(acceptAttributes(unbounded, 60)).toEqual([['Acct-Interim-Interval', 60], ['Port-Limit', 1], ['Class', Buffer.from('iwas:8')]]);
  });

  it('never sends Session-Timeout 0 (none, to a router)', () => {
    expect(acceptAttributes({ ...unbounded, timeLeftS: 0 }, 60)[0]).toEqual(['Session-Timeout', 1]);
  });

  it('a data limit under 4 GiB has gigawords 0; exactly 4 GiB is one gigaword', () => {
    const vsa = (bytesLeft: number) => acceptAttributes({ ...unbounded, bytesLeft }, 60).at(-1);
    expect(vsa(500_000_000)).toEqual(['Vendor-Specific', 14988, [['Mikrotik-Total-Limit', 500_000_000], ['Mikrotik-Total-Limit-Gigawords', 0]]]);
    expect(vsa(GiB4)).toEqual(['Vendor-Specific', 14988, [['Mikrotik-Total-Limit', 0], ['Mikrotik-Total-Limit-Gigawords', 1]]]);
  });

  it('encodes into an Access-Accept the router reads back', () => {
    const packet = encodePacket({ code: Code.AccessAccept, identifier: 1, authenticator: Buffer.alloc(16, 3), secret: 's3cret', messageAuthenticator: true, attributes: acceptAttributes(everything, 120) });
    const f = parseFrame(packet);
    if (!f.ok) throw new Error(f.reason);
    const d = decodeAttributes(f.frame);
    if (!d.ok) throw new Error(d.reason);
    expect(int(d.attributes, 'Session-Timeout')).toBe(3600);
    expect(int(d.attributes, 'Port-Limit')).toBe(2);
    expect(vendorAttr(d.attributes, 'Mikrotik-Rate-Limit')).toBe('2000k/5000k');
    expect((vendorAttr(d.attributes, 'Mikrotik-Total-Limit-Gigawords') as number) * GiB4 + (vendorAttr(d.attributes, 'Mikrotik-Total-Limit') as number)).toBe(5_000_000_000);
    expect(sessionIdFromClass(d.attributes['Class'] as Buffer)).toBe(7);
  });
});

describe('CoA-Request: a live login gets its limits counted from the login, as RouterOS counts them', () => {
  it('time: uptime so far plus time left; data: bytes since login plus bytes left', () => {
    // 1 h sold, online 60 s, 1 h topped up: 7,140 s left, so the router must cut at 7,200 s of uptime.
    const used = { timeS: 60, bytes: 30_000_000 };
    expect(coaAttributes({ ...everything, timeLeftS: 7140, bytesLeft: 970_000_000 }, used)).toEqual([
      ['Session-Timeout', 7200],
      ['Vendor-Specific', 14988, [['Mikrotik-Total-Limit', 1_000_000_000], ['Mikrotik-Total-Limit-Gigawords', 0]]],
    ]);
  });

  it('splits a total above 4 GiB into gigawords', () => {
    expect(coaAttributes({ ...unbounded, bytesLeft: 3_600_000_000 }, { timeS: 130, bytes: 2_400_000_000 })).toEqual([
      ['Vendor-Specific', 14988, [['Mikrotik-Total-Limit', 6_000_000_000 - GiB4], ['Mikrotik-Total-Limit-Gigawords', 1]]],
    ]);
  });

  it('changes only time and data (rate, idle, devices and Class stay as the login got them); nothing when unbounded', () => {
    expect(coaAttributes(everything, NEW_LOGIN).map((a) => a[0])).toEqual(['Session-Timeout', 'Vendor-Specific']);
    expect(coaAttributes(unbounded, { timeS: 600, bytes: 1 })).toEqual([]);
  });

  it('with nothing left, the limit is what the login used: the router cuts at once', () => {
    expect(coaAttributes({ ...unbounded, timeLeftS: 0, bytesLeft: 0 }, { timeS: 900, bytes: 42 })).toEqual([
      ['Session-Timeout', 900],
      ['Vendor-Specific', 14988, [['Mikrotik-Total-Limit', 42], ['Mikrotik-Total-Limit-Gigawords', 0]]],
    ]);
    expect(coaAttributes({ ...unbounded, timeLeftS: 0 }, NEW_LOGIN)).toEqual([['Session-Timeout', 1]]);
  });

  it("a connection's usage: its last reported session time plus whole seconds since the report, and its bytes both ways", () => {
    const c = { sessionTimeS: 120, inOctets: 1_000, outOctets: 9_000, lastUpdateAt: T0, endedAt: null };
    expect(connectionUsage(c, T0 + 30_999)).toEqual({ timeS: 150, bytes: 10_000 });
    expect(connectionUsage(c, T0 - 5_000)).toEqual({ timeS: 120, bytes: 10_000 }); // a report stamped after now adds nothing
  });

  it('a top-up CoA to a connection the stale sweep closed gives exactly the time paid for, however long it was silent', () => {
    // 1 h sold; the router reported 600 s at T0, then nothing: the sweep closed the connection at T0.
    // A top-up of 1 h ten minutes later: the session has 6,600 s left (the silence is not charged),
    // so the router, counting from the login, must cut at 600 + 6,600 = 7,200 s of uptime.
    const session = { ...authSession({ state: 'ACTIVE', timeLimitS: 7200, validityS: null, dataLimitBytes: null, firstLoginAt: T0 - 600_000 }), timeUsedS: 600 };
    const stale = { sessionTimeS: 600, inOctets: 0, outOctets: 0, lastUpdateAt: T0, endedAt: T0 };
    const now = T0 + 600_000;
    const left = remaining(session, [], now); // the closed connection is not open
    expect(coaAttributes(entitlement(session, left), connectionUsage(stale, now))).toEqual([['Session-Timeout', 7200]]);
  });
});

describe('the rest of what the router reads', () => {
  it('Mikrotik-Rate-Limit is "rx/tx" from the router\'s side: upload first, 0 for unlimited', () => {
    expect(mikrotikRateLimit(2000, 5000)).toBe('2000k/5000k');
    expect(mikrotikRateLimit(null, 5000)).toBe('0/5000k');
    expect(mikrotikRateLimit(2000, null)).toBe('2000k/0');
    expect(mikrotikRateLimit(null, null)).toBeNull();
  });

  it('Class is "iwas:<session id>"; only a Class we issued names a session', () => {
    expect(sessionClass(42)).toBe('iwas:42');
    expect(sessionIdFromClass('iwas:42')).toBe(42);
    expect(sessionIdFromClass(Buffer.from(sessionClass(123_456_789_012_345)))).toBe(123_456_789_012_345);
    for (const other of ['iwas:', 'iwas:x', 'iwas:1 ', 'iwas:1234567890123456', 'other:1', ''] as const) expect(sessionIdFromClass(other)).toBeNull();
    expect(sessionIdFromClass(null)).toBeNull();
  });

  it('each refusal reads on the login page exactly as before', () => {
    const texts: Record<RejectReason, string> = {
      not_found: 'Voucher not found',
      wrong_password: 'Wrong password',
      time: 'Time used up',
      data: 'Data used up',
      validity: 'Voucher expired',
      ended: 'Session ended',
      voided: 'This card was voided: ask at the counter',
      other_device: 'This voucher is for another device',
      in_use: 'Already in use on another device',
    };
    for (const [reason, text] of Object.entries(texts)) expect(rejectAttributes(reason as RejectReason)).toEqual([['Reply-Message', text]]);
  });
});
