/**
 * RADIUS packet coding: the only module that imports the `radius` package.
 *
 * The package parses attributes through its dictionaries and encodes them; it throws
 * on bad input, trusts attribute lengths that overrun the packet, and checks
 * Message-Authenticator by re-encoding the whole packet. So every datagram is first
 * walked here (lengths, fixed-size values, vendor attributes) and the authenticators
 * and Message-Authenticator are computed here, as FreeRADIUS does; the package is
 * called inside try/catch only on bytes already known to be well formed.
 *
 * The package also uses the deprecated `new Buffer`; it must stay a runtime
 * dependency loaded from node_modules (never bundled), where Node does not warn.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import radius from 'radius';
import type { AttributeName, MikrotikAttributeName } from './attribute-names';
import { Attr, codeNames, fixedValueLength, INTEGER_ATTRIBUTES, MIKROTIK_INTEGER_ATTRIBUTES, MIKROTIK_DICTIONARY, MIKROTIK_VENDOR_ID, mikrotikFixedValueLength, signedRequestCodes } from './dictionary';

export type { AttributeName, MikrotikAttributeName } from './attribute-names';

type Value = string | number | Buffer;

/** A MikroTik vendor attribute to encode, inside Vendor-Specific 14988. */
export type MikrotikAttribute = [name: MikrotikAttributeName, value: Value];

/** An attribute to encode, by dictionary name (a misspelt name does not compile); MikroTik's go inside Vendor-Specific. */
export type Attribute = [name: AttributeName, value: Value] | [name: 'Vendor-Specific', vendor: typeof MIKROTIK_VENDOR_ID, attributes: MikrotikAttribute[]];

const HEADER = 20;
export const MAX_PACKET = 4096;

let dictionariesLoaded = false;
/** Loads the RFC dictionaries and ours; throws `radius: …` when the package's files are missing (a broken install). */
export function ensureDictionaries(): void {
  if (dictionariesLoaded) return;
  try {
    radius.load_dictionaries();
    radius._load_dictionary(MIKROTIK_DICTIONARY);
  } catch (err) {
    throw new Error(`radius: cannot load the RADIUS dictionaries: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  dictionariesLoaded = true;
}

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

function hmac(data: Buffer, secret: string): Buffer {
  return createHmac('md5', secret).update(data).digest();
}

function md5(...parts: (Buffer | string)[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The bytes Message-Authenticator and the authenticators are computed over: a copy with MA zeroed and the vector replaced. */
function withVector(frame: Frame, vector: Buffer | null): Buffer {
  const copy = Buffer.from(frame.data);
  if (vector) vector.copy(copy, 4);
  if (frame.maOffset !== -1) copy.fill(0, frame.maOffset, frame.maOffset + 16);
  return copy;
}

const ZERO_VECTOR = Buffer.alloc(16);

/**
 * Verifies a request's Message-Authenticator (HMAC-MD5 over the packet with the MA
 * zeroed; Accounting/CoA/Disconnect requests also with a zero vector, as FreeRADIUS
 * signs them). False when absent or wrong.
 */
export function verifyRequestMessageAuthenticator(frame: Frame, secret: string): boolean {
  if (frame.maOffset === -1) return false;
  const expected = hmac(withVector(frame, signedRequestCodes.has(frame.code) ? ZERO_VECTOR : null), secret);
  return timingSafeEqual(expected, frame.data.subarray(frame.maOffset, frame.maOffset + 16));
}

/** Verifies the Request Authenticator of an Accounting/CoA/Disconnect request: MD5(packet with zero vector + secret). */
export function verifyRequestAuthenticator(frame: Frame, secret: string): boolean {
  const copy = Buffer.from(frame.data);
  ZERO_VECTOR.copy(copy, 4);
  return timingSafeEqual(md5(copy, secret), frame.authenticator);
}

/** Verifies a response against the request it answers: Response Authenticator, and Message-Authenticator when present. */
export function verifyResponse(frame: Frame, requestAuthenticator: Buffer, secret: string): boolean {
  const copy = Buffer.from(frame.data);
  requestAuthenticator.copy(copy, 4);
  if (!timingSafeEqual(md5(copy, secret), frame.authenticator)) return false;
  if (frame.maOffset === -1) return true;
  const expected = hmac(withVector(frame, requestAuthenticator), secret);
  return timingSafeEqual(expected, frame.data.subarray(frame.maOffset, frame.maOffset + 16));
}

/** Attributes by dictionary name; repeated attributes become arrays; vendor attributes under "Vendor-Specific". */
export type Attributes = Record<string, unknown>;

export type DecodeResult = { ok: true; attributes: Attributes } | { ok: false; reason: string };

/** Decodes a sound frame's attributes with the dictionaries (no secret: encrypted values come back null). Never throws. */
export function decodeAttributes(frame: Frame): DecodeResult {
  ensureDictionaries();
  try {
    return { ok: true, attributes: radius.decode({ packet: frame.data, no_secret: true }).attributes };
  } catch (err) {
    return { ok: false, reason: `radius: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Recovers a User-Password (RFC 2865 5.2) from a request; null when there is none or it is not valid UTF-8. */
export function decryptUserPassword(frame: Frame, secret: string): string | null {
  if (frame.passwordOffset === -1) return null;
  const len = frame.data[frame.passwordOffset - 1]! - 2;
  const cipher = frame.data.subarray(frame.passwordOffset, frame.passwordOffset + len);
  const plain = Buffer.allocUnsafe(len);
  let previous: Buffer = frame.authenticator;
  for (let i = 0; i < len; i += 16) {
    const b = md5(secret, previous);
    for (let j = 0; j < 16; j++) plain[i + j] = cipher[i + j]! ^ b[j]!;
    previous = cipher.subarray(i, i + 16);
  }
  let end = plain.indexOf(0);
  if (end === -1) end = len;
  const s = plain.toString('utf8', 0, end);
  return s.includes('\uFFFD') ? null : s;
}

const scratch = Buffer.alloc(MAX_PACKET + 256);

/**
 * Numbers of integer attributes as 4-byte values from Node's buffer pool. The package
 * would give each its own zero-filled ArrayBuffer, and freeing those backing stores
 * costs more CPU than the rest of a reply. (Enumerated values stay names for the package.)
 */
function pooledIntegers(attributes: Attribute[]): Attribute[] {
  return attributes.map((a): Attribute => {
    if (a.length === 3) return [a[0], a[1], a[2].map(([name, value]): MikrotikAttribute => [name, pooledValue(name, value, MIKROTIK_INTEGER_ATTRIBUTES)])];
    const value = pooledValue(a[0], a[1], INTEGER_ATTRIBUTES);
    return value === a[1] ? a : [a[0], value];
  });
}

function pooledValue(name: string, value: Value, integers: ReadonlySet<string>): Value {
  if (typeof value !== 'number' || !integers.has(name)) return value;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) return value; // the package reports it
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value, 0);
  return b;
}

/** Attributes through the package's encoder into a reused buffer; header (code set later) and vector ours. */
function encodeAttributes(identifier: number, vector: Buffer, attributes: Attribute[]): Buffer {
  const length = HEADER + radius.encode_attributes(scratch.subarray(HEADER), attributes, -1);
  if (length > MAX_PACKET) throw new Error(`the packet would be ${length} bytes`);
  const packet = Buffer.allocUnsafe(length);
  scratch.copy(packet, HEADER, HEADER, length);
  packet[1] = identifier;
  packet.writeUInt16BE(length, 2);
  vector.copy(packet, 4);
  return packet;
}

/** An Access-Request through the package's full encoder, which hides User-Password with `vector`. */
function encodeHiding(a: EncodeArgs, vector: Buffer, attributes: Attribute[]): Buffer {
  // Asked for as an Access-Request so the package computes no authenticator of its own.
  return radius.encode({ code: 'Access-Request', identifier: a.identifier, authenticator: vector, attributes, secret: a.secret, add_message_authenticator: false });
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
 * authenticator for the code (random for Access-Request, MD5 for the rest). Throws
 * `radius: …` on attributes it cannot encode (a programming error, not input).
 */
export function encodePacket(a: EncodeArgs): Buffer {
  ensureDictionaries();
  const name = codeNames[a.code];
  if (!name) throw new Error(`radius: cannot encode code ${a.code}`);
  const isResponse = !(a.code === 1 || a.code === 12 || signedRequestCodes.has(a.code));
  if (isResponse && !a.authenticator) throw new Error(`radius: ${name} needs the request authenticator`);
  const random = a.code === 1 || a.code === 12;
  const vector = random ? (a.authenticator ?? randomBytes(16)) : isResponse ? a.authenticator! : ZERO_VECTOR;
  const attributes: Attribute[] = pooledIntegers(a.messageAuthenticator ? [['Message-Authenticator', ZERO_VECTOR], ...a.attributes] : a.attributes);
  let packet: Buffer;
  try {
    packet = random ? encodeHiding(a, vector, attributes) : encodeAttributes(a.identifier, vector, attributes);
  } catch (err) {
    throw new Error(`radius: cannot encode ${name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (packet.length > MAX_PACKET) throw new Error(`radius: ${name} would be ${packet.length} bytes`);
  packet[0] = a.code;
  if (a.messageAuthenticator) hmac(packet, a.secret).copy(packet, HEADER + 2);
  if (!random) md5(packet, a.secret).copy(packet, 4);
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
