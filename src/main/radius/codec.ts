/**
 * RADIUS packet coding, by hand: the structure walk, authenticators and
 * Message-Authenticator, and attributes read straight from the packet and written straight
 * into it (attributes.ts), with MD5 and HMAC-MD5 from digest.ts (no crypto object per packet).
 *
 * Every datagram is first walked here (lengths, fixed-size values, vendor attributes) before
 * anything trusts a byte, as FreeRADIUS does. Attribute values decode and encode exactly as
 * the `radius` package did, which the tests keep as the oracle (test/unit/radius/oracle.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AttributeName, MikrotikAttributeName } from './attribute-names';
import { ATTRIBUTE_ROOM, decodePacketAttributes, encodeAttributes, type Attributes } from './attributes';
import { Attr, Code, codeNames, fixedValueLength, MIKROTIK_VENDOR_ID, mikrotikFixedValueLength, signedRequestCodes } from './dictionary';
import { hmacMd5, maskPasswordBlock, md5 } from './digest';

export type { AttributeName, MikrotikAttributeName } from './attribute-names';
export type { Attributes } from './attributes';

type Value = string | number | Buffer;

/** A MikroTik vendor attribute to encode, inside Vendor-Specific 14988. */
export type MikrotikAttribute = [name: MikrotikAttributeName, value: Value];

/** An attribute to encode, by dictionary name (a misspelt name does not compile); MikroTik's go inside Vendor-Specific. */
export type Attribute = [name: AttributeName, value: Value] | [name: 'Vendor-Specific', vendor: typeof MIKROTIK_VENDOR_ID, attributes: MikrotikAttribute[]];

const HEADER = 20;
export const MAX_PACKET = 4096;

/** Kept for callers from when the package loaded dictionary files: the tables are compiled in now, so it does nothing and cannot fail. */
export function ensureDictionaries(): void {}

/** A datagram whose header and attribute structure are sound. */
export interface Frame {
  code: number;
  identifier: number;
  authenticator: Buffer;
  /** Exactly `length` bytes (padding after the Length field dropped). */
  data: Buffer;
  /** Offset in `data` of the Message-Authenticator value, or -1. */
  maOffset: number;
  /** Offset in `data` of the User-Password value, or -1. */
  passwordOffset: number;
}

export type FrameResult = { ok: true; frame: Frame } | { ok: false; reason: string };

/**
 * Checks a datagram's structure before anything trusts it: header, Length field,
 * no attribute of type 0, every attribute length (≥ 2, inside the packet), fixed value sizes, MikroTik
 * vendor attributes, at most one Message-Authenticator. Never throws.
 */
export function parseFrame(datagram: Buffer): FrameResult {
  if (datagram.length < HEADER) return { ok: false, reason: `shorter than a RADIUS header (${datagram.length} bytes)` };
  const code = datagram[0]!;
  const length = datagram.readUInt16BE(2);
  if (!(code in codeNames)) return { ok: false, reason: `unknown code ${code}` };
  if (length < HEADER || length > MAX_PACKET) return { ok: false, reason: `Length field ${length} outside 20–4096` };
  if (length > datagram.length) return { ok: false, reason: `Length field ${length} beyond the ${datagram.length} bytes received` };
  const data = datagram.subarray(0, length);
  let maOffset = -1;
  let passwordOffset = -1;
  for (let at = HEADER; at < length; ) {
    if (at + 2 > length) return { ok: false, reason: `attribute header cut off at ${at}` };
    const type = data[at]!;
    const len = data[at + 1]!;
    // Type 0 is reserved (RFC 2865 section 5): FreeRADIUS drops such a packet as malformed, and so do we.
    if (type === 0) return { ok: false, reason: 'attribute type 0' };
    if (len < 2) return { ok: false, reason: `attribute ${type} has length ${len}` };
    if (at + len > length) return { ok: false, reason: `attribute ${type} overruns the packet` };
    const valueLen = len - 2;
    const fixed = fixedValueLength[type];
    if (fixed !== undefined && valueLen !== fixed) return { ok: false, reason: `attribute ${type} has a ${valueLen}-byte value, expected ${fixed}` };
    if (type === Attr.MessageAuthenticator) {
      if (maOffset !== -1) return { ok: false, reason: 'two Message-Authenticators' };
      maOffset = at + 2;
    }
    if (type === Attr.UserPassword) {
      if (valueLen < 16 || valueLen > 128 || valueLen % 16 !== 0) return { ok: false, reason: `User-Password of ${valueLen} bytes` };
      passwordOffset = at + 2;
    }
    if (type === Attr.VendorSpecific) {
      const bad = checkVendorSpecific(data.subarray(at + 2, at + len));
      if (bad) return { ok: false, reason: bad };
    }
    at += len;
  }
  return { ok: true, frame: { code, identifier: data[1]!, authenticator: data.subarray(4, HEADER), data, maOffset, passwordOffset } };
}

function checkVendorSpecific(value: Buffer): string | null {
  if (value.length < 4) return 'Vendor-Specific without a vendor id';
  if (value[0] !== 0) return 'Vendor-Specific vendor id above 2^24';
  const vendor = value.readUInt32BE(0);
  // RFC 2865 recommends type/length sub-attributes; the radius package walks them for
  // every vendor, so every vendor's must be sound. MikroTik's sizes are checked too.
  for (let at = 4; at < value.length; ) {
    if (at + 2 > value.length) return `vendor ${vendor} attribute header cut off`;
    const type = value[at]!;
    const len = value[at + 1]!;
    if (len < 2 || at + len > value.length) return `vendor ${vendor} attribute ${type} has a bad length`;
    const fixed = vendor === MIKROTIK_VENDOR_ID ? mikrotikFixedValueLength[type] : undefined;
    if (fixed !== undefined && len - 2 !== fixed) return `Mikrotik attribute ${type} has a ${len - 2}-byte value`;
    at += len;
  }
  return null;
}

const ZERO_VECTOR = Buffer.alloc(16);
/** Where a packet is copied to be hashed with its vector replaced or its Message-Authenticator zeroed, and built before it is sent. */
const work = Buffer.allocUnsafe(MAX_PACKET + ATTRIBUTE_ROOM);
/** The digest a check computes, to compare with the packet's. */
const expected = Buffer.alloc(16);

/** The frame's bytes in `work`, with `vector` in the authenticator field and, when asked, Message-Authenticator zeroed. */
function copyOf(frame: Frame, vector: Uint8Array, zeroMessageAuthenticator: boolean): Buffer {
  const copy = work.subarray(0, frame.data.length);
  frame.data.copy(copy);
  copy.set(vector, 4);
  if (zeroMessageAuthenticator && frame.maOffset !== -1) copy.fill(0, frame.maOffset, frame.maOffset + 16);
  return copy;
}

/** True when the frame's Message-Authenticator is HMAC-MD5 of the frame with `vector` and the attribute zeroed. */
function messageAuthenticatorMatches(frame: Frame, vector: Uint8Array, secret: string): boolean {
  hmacMd5(secret, copyOf(frame, vector, true), expected, 0);
  return timingSafeEqual(expected, frame.data.subarray(frame.maOffset, frame.maOffset + 16));
}

/** True when the frame's authenticator is MD5 of the frame with `vector` in its place, then the secret. */
function authenticatorMatches(frame: Frame, vector: Uint8Array, secret: string): boolean {
  md5(expected, 0, copyOf(frame, vector, false), secret);
  return timingSafeEqual(expected, frame.authenticator);
}

/**
 * Verifies a request's Message-Authenticator (HMAC-MD5 over the packet with the MA
 * zeroed; Accounting/CoA/Disconnect requests also with a zero vector, as FreeRADIUS
 * signs them). False when absent or wrong.
 */
export function verifyRequestMessageAuthenticator(frame: Frame, secret: string): boolean {
  if (frame.maOffset === -1) return false;
  return messageAuthenticatorMatches(frame, signedRequestCodes.has(frame.code) ? ZERO_VECTOR : frame.authenticator, secret);
}

/** Verifies the Request Authenticator of an Accounting/CoA/Disconnect request: MD5(packet with zero vector + secret). */
export function verifyRequestAuthenticator(frame: Frame, secret: string): boolean {
  return authenticatorMatches(frame, ZERO_VECTOR, secret);
}

/** Verifies a response against the request it answers: Response Authenticator, and Message-Authenticator when present. */
export function verifyResponse(frame: Frame, requestAuthenticator: Buffer, secret: string): boolean {
  if (!authenticatorMatches(frame, requestAuthenticator, secret)) return false;
  return frame.maOffset === -1 || messageAuthenticatorMatches(frame, requestAuthenticator, secret);
}

export type DecodeResult = { ok: true; attributes: Attributes } | { ok: false; reason: string };

/** Decodes a sound frame's attributes with the dictionaries (no secret: encrypted values come back null). Never throws. */
export function decodeAttributes(frame: Frame): DecodeResult {
  const attributes: Attributes = {};
  const bad = decodePacketAttributes(frame.data, attributes);
  return bad === null ? { ok: true, attributes } : { ok: false, reason: `radius: ${bad}` };
}

const plain = Buffer.allocUnsafe(128);

/** Recovers a User-Password (RFC 2865 5.2) from a request; null when there is none or it is not valid UTF-8. */
export function decryptUserPassword(frame: Frame, secret: string): string | null {
  if (frame.passwordOffset === -1) return null;
  const at = frame.passwordOffset;
  const len = frame.data[at - 1]! - 2;
  frame.data.copy(plain, 0, at, at + len);
  for (let i = 0; i < len; i += 16) maskPasswordBlock(secret, i === 0 ? frame.authenticator : frame.data.subarray(at + i - 16, at + i), plain, i);
  let end = 0;
  while (end < len && plain[end] !== 0) end++;
  const s = plain.toString('utf8', 0, end);
  return s.includes('\uFFFD') ? null : s;
}

export interface EncodeArgs {
  code: number;
  identifier: number;
  attributes: Attribute[];
  secret: string;
  /**
   * Responses: the request's authenticator (required). Access-Request: the Request
   * Authenticator to use (default: random). Other requests: ignored (computed).
   */
  authenticator?: Buffer;
  /** Put a Message-Authenticator first (every Access-Accept/Reject; requests where wanted). */
  messageAuthenticator: boolean;
}

/**
 * Encodes and signs a packet: Message-Authenticator first when asked, then the
 * authenticator for the code (random for Access-Request, MD5 for the rest); a User-Password
 * is hidden with the packet's vector. Throws `radius: …` on attributes it cannot encode
 * (a programming error, not input) or a packet over 4096 bytes.
 */
export function encodePacket(a: EncodeArgs): Buffer {
  const name = codeNames[a.code];
  if (!name) throw new Error(`radius: cannot encode code ${a.code}`);
  if (!Number.isInteger(a.identifier) || a.identifier < 0 || a.identifier > 255) throw new Error(`radius: cannot encode ${name} with identifier ${a.identifier}`);
  const random = a.code === Code.AccessRequest || a.code === Code.StatusServer;
  const isResponse = !random && !signedRequestCodes.has(a.code);
  if (isResponse && !a.authenticator) throw new Error(`radius: ${name} needs the request authenticator`);
  const vector = random ? (a.authenticator ?? randomBytes(16)) : isResponse ? a.authenticator! : ZERO_VECTOR;
  let at = HEADER;
  if (a.messageAuthenticator) {
    work[at] = Attr.MessageAuthenticator;
    work[at + 1] = 18;
    work.fill(0, at + 2, at + 18);
    at += 18;
  }
  try {
    at = encodeAttributes(work, at, MAX_PACKET, a.attributes, a.secret, vector);
  } catch (err) {
    throw new Error(`radius: cannot encode ${name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (at > MAX_PACKET) throw new Error(`radius: cannot encode ${name}: the packet would be more than ${MAX_PACKET} bytes`);
  const packet = Buffer.allocUnsafe(at);
  work.copy(packet, 0, 0, at);
  packet[0] = a.code;
  packet[1] = a.identifier;
  packet.writeUInt16BE(at, 2);
  packet.set(vector, 4);
  if (a.messageAuthenticator) hmacMd5(a.secret, packet, packet, HEADER + 2);
  if (!random) md5(packet, 4, packet, a.secret);
  return packet;
}

/** The first attribute of `type` as an unsigned 32-bit integer, read from the frame (enumerated names aside); null if absent. */
export function integerAttribute(frame: Frame, type: number): number | null {
  for (let at = HEADER; at < frame.data.length; at += frame.data[at + 1]!) {
    if (frame.data[at] === type && frame.data[at + 1] === 6) return frame.data.readUInt32BE(at + 2);
  }
  return null;
}

/** Proxy-State attributes of a request, to be echoed in its reply (RFC 2865 5.33). */
export function proxyStates(attrs: Attributes): Attribute[] {
  const v = attrs['Proxy-State'];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((b): b is Buffer => Buffer.isBuffer(b)).map((b) => ['Proxy-State', b]);
}

/** Helper for getters: the first value of a possibly repeated attribute. */
function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

/** A string attribute, or null. */
export function str(attrs: Attributes, name: AttributeName): string | null {
  const v = first(attrs[name]);
  return typeof v === 'string' ? v : null;
}

/** An integer attribute (enumerated values come back as their names, see `enumName`), or null. */
export function int(attrs: Attributes, name: AttributeName): number | null {
  const v = first(attrs[name]);
  return typeof v === 'number' ? v : null;
}

/** An enumerated attribute by its dictionary value name (e.g. "Interim-Update"), or its number as text. */
export function enumName(attrs: Attributes, name: AttributeName): string | null {
  const v = first(attrs[name]);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

/** An octets attribute, or null. */
export function bytes(attrs: Attributes, name: AttributeName): Buffer | null {
  const v = first(attrs[name]);
  return Buffer.isBuffer(v) ? v : null;
}

/** A MikroTik vendor attribute. */
export function vendorAttr(attrs: Attributes, name: MikrotikAttributeName): unknown {
  const vsa = attrs['Vendor-Specific'];
  return typeof vsa === 'object' && vsa !== null && !Buffer.isBuffer(vsa) ? first((vsa as Record<string, unknown>)[name]) : undefined;
}
