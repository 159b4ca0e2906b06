/**
 * A datagram seen as RADIUS structure, for the attribute-aware mutators and for
 * re-signing: the header, the attributes that are well formed as far as the walk
 * gets, and whatever follows them. Independent of src/main's codec on purpose, so
 * the fuzzer does not share the decoder's assumptions.
 */

export const HEADER = 20;
export const ATTR_USER_PASSWORD = 2;
export const ATTR_MESSAGE_AUTHENTICATOR = 80;
export const ATTR_VENDOR_SPECIFIC = 26;
export const ATTR_PROXY_STATE = 33;

export interface Split {
  /** Up to 20 bytes. */
  header: Buffer;
  /** Whole attributes (type, length, value), in wire order. */
  attrs: Buffer[];
  /** Bytes after the last well-formed attribute (a broken one, padding). */
  tail: Buffer;
}

/** Splits `data` (the whole datagram, whatever its Length field says) into header, attributes and tail. */
export function split(data: Buffer): Split {
  const header = data.subarray(0, Math.min(HEADER, data.length));
  const attrs: Buffer[] = [];
  let at = HEADER;
  while (at + 2 <= data.length) {
    const len = data[at + 1]!;
    if (len < 2 || at + len > data.length) break;
    attrs.push(data.subarray(at, at + len));
    at += len;
  }
  return { header, attrs, tail: data.subarray(Math.min(at, data.length)) };
}

/** Joins a split back into one new buffer. */
export function join(s: Split): Buffer {
  return Buffer.concat([s.header, ...s.attrs, s.tail]);
}

/** An attribute from its type and value (the value is cut to 253 bytes). */
export function attribute(type: number, value: Buffer): Buffer {
  const v = value.subarray(0, 253);
  return Buffer.concat([Buffer.from([type, v.length + 2]), v]);
}

/** Offset of the first attribute of `type` (with a value of `size` bytes, if given) in a packet, or -1; the walk stops at the first broken attribute. */
export function findAttribute(packet: Buffer, type: number, size?: number): number {
  for (let at = HEADER; at + 2 <= packet.length; ) {
    const len = packet[at + 1]!;
    if (len < 2 || at + len > packet.length) return -1;
    if (packet[at] === type && (size === undefined || len - 2 === size)) return at;
    at += len;
  }
  return -1;
}

/** Offset of the first Message-Authenticator's value in a packet, or -1. */
export function messageAuthenticatorOffset(packet: Buffer): number {
  const at = findAttribute(packet, ATTR_MESSAGE_AUTHENTICATOR, 16);
  return at === -1 ? -1 : at + 2;
}
