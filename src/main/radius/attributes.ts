/**
 * Attribute values on the wire, read and written by the dictionaries (attribute-table.ts)
 * exactly as the `radius` package did, which the tests keep as the oracle: strings as
 * UTF-8, integers (enumerated ones by value name), ipaddr as dotted text, date as a Date,
 * everything else as bytes; repeated attributes become arrays, vendor attributes go under
 * "Vendor-Specific" by name, attributes the dictionaries do not name are left out.
 * Decoding reads straight from the packet; encoding writes straight into a buffer.
 */
import { RFC_ATTRIBUTES, VENDOR_ATTRIBUTES } from './attribute-table';
import type { AttributeDefinition } from './dictionary';
import { maskPasswordBlock } from './digest';

/** How a value is read and written. */
const enum Kind {
  Octets,
  Text,
  Address,
  Date,
  Integer,
  VendorSpecific,
}

interface Definition {
  id: number;
  name: string;
  kind: Kind;
  tagged: boolean;
  hidden: boolean;
  /** Enumerated value names by number, or null. */
  names: ReadonlyMap<number, string> | null;
  /** Numbers by enumerated value name (aliases too), or null. */
  numbers: ReadonlyMap<string, number> | null;
}

interface Dictionary {
  byType: readonly (Definition | undefined)[];
  byName: ReadonlyMap<string, Definition>;
}

function kindOf(d: AttributeDefinition): Kind {
  if (d.name === 'Vendor-Specific') return Kind.VendorSpecific;
  switch (d.type) {
    case 'string':
    case 'text':
      return Kind.Text;
    case 'ipaddr':
      return Kind.Address;
    case 'date':
      return Kind.Date;
    case 'integer':
    case 'time':
      return Kind.Integer;
    default:
      return Kind.Octets;
  }
}

function compile(table: Readonly<Record<number, AttributeDefinition>>): Dictionary {
  const byType: (Definition | undefined)[] = new Array<Definition | undefined>(256).fill(undefined);
  const byName = new Map<string, Definition>();
  for (const [id, d] of Object.entries(table)) {
    const values = Object.entries(d.values ?? {});
    const definition: Definition = {
      id: Number(id),
      name: d.name,
      kind: kindOf(d),
      tagged: d.tagged === true,
      hidden: d.hidden === true,
      names: values.length ? new Map(values.map(([name, n]) => [n, name])) : null,
      numbers: values.length ? new Map([...values, ...Object.entries(d.aliases ?? {})]) : null,
    };
    byType[definition.id] = definition;
    byName.set(d.name, definition);
  }
  return { byType, byName };
}

const RFC = compile(RFC_ATTRIBUTES);
const VENDORS = new Map(Object.entries(VENDOR_ATTRIBUTES).map(([vendor, table]) => [Number(vendor), compile(table)]));

/** Attributes by dictionary name; repeated attributes become arrays; vendor attributes under "Vendor-Specific". */
export type Attributes = Record<string, unknown>;

/** Adds a value under `name`: a second one makes an array (a tagged value is already an array, as in the package). */
function add(out: Attributes, name: string, value: unknown): void {
  const previous = out[name];
  if (previous === undefined) out[name] = value;
  else if (Array.isArray(previous)) previous.push(value);
  else out[name] = [previous, value];
}

function dotted(data: Buffer, start: number, end: number): string {
  if (end - start === 4) return `${data[start]}.${data[start + 1]}.${data[start + 2]}.${data[start + 3]}`;
  let s = '';
  for (let i = start; i < end; i++) s += i === start ? `${data[i]}` : `.${data[i]}`;
  return s;
}

/** Decodes the attributes in `data` from `start` to `end` into `out`; see `decodePacketAttributes`. */
function decodeList(data: Buffer, start: number, end: number, dictionary: Dictionary | undefined, out: Attributes): string | null {
  for (let at = start; at < end; ) {
    const type = data[at]!;
    const length = data[at + 1]!;
    if (at + 2 > end || length < 2) return `attribute ${type} has length ${length}`;
    let from = at + 2;
    const to = Math.min(at + length, end);
    at += length;
    const d = dictionary?.byType[type];
    if (!d) continue;
    let tag = -1;
    if (d.tagged) {
      if (from === to) return `${d.name} has no value`;
      if (data[from]! <= 0x1f) tag = data[from++]!;
    }
    let value: unknown;
    if (d.hidden) value = null;
    else {
      switch (d.kind) {
        case Kind.Text:
          value = data.toString('utf8', from, to);
          break;
        case Kind.Address:
          value = dotted(data, from, to);
          break;
        case Kind.Date:
          if (to - from < 4) return `${d.name} has ${to - from} bytes`;
          value = new Date(data.readUInt32BE(from) * 1000);
          break;
        case Kind.Integer: {
          let n: number;
          // The package reads a tagged integer as the 3 bytes after the tag (zero-filled when fewer).
          if (d.tagged) n = ((from < to ? data[from]! : 0) << 16) | ((from + 1 < to ? data[from + 1]! : 0) << 8) | (from + 2 < to ? data[from + 2]! : 0);
          else if (to - from < 4) return `${d.name} has ${to - from} bytes`;
          else n = data.readUInt32BE(from);
          value = d.names?.get(n) ?? n;
          break;
        }
        case Kind.VendorSpecific: {
          if (to - from < 4 || data[from] !== 0) return 'Vendor-Specific with a bad vendor id';
          let vsa = out['Vendor-Specific'] as Attributes | undefined;
          if (!vsa) out['Vendor-Specific'] = vsa = {};
          const bad = decodeList(data, from + 4, to, VENDORS.get(data.readUInt32BE(from)), vsa);
          if (bad) return bad;
          continue;
        }
        default:
          value = data.subarray(from, to);
      }
    }
    add(out, d.name, tag === -1 ? value : [tag, value]);
  }
  return null;
}

/**
 * Decodes a packet's attributes (after the 20-byte header) into `out`, without a secret (hidden
 * values are null). Returns null, or why the package would have refused them: an integer or
 * date shorter than 4 bytes, a tagged attribute with no value, a bad Vendor-Specific.
 */
export function decodePacketAttributes(packet: Buffer, out: Attributes): string | null {
  return decodeList(packet, 20, packet.length, RFC, out);
}

type Value = string | number | Buffer;
/** An attribute to encode by dictionary name; Vendor-Specific with a vendor id and that vendor's attributes. */
export type WireAttribute = readonly [name: string, value: Value] | readonly [name: 'Vendor-Specific', vendor: number, attributes: readonly (readonly [string, Value])[]];

const MAX_VALUE = 253;

/** The header of an attribute whose value (already at `at + 2`) is `length` bytes; returns the end. */
function header(buf: Buffer, at: number, d: Definition, length: number): number {
  if (length > MAX_VALUE) throw new Error(`${d.name} is ${length} bytes, more than ${MAX_VALUE}`);
  buf[at] = d.id;
  buf[at + 1] = 2 + length;
  return at + 2 + length;
}

/** Writes a number as the package's integer encoding does (enumerated names, numeric strings); throws if it is not 0–2^32-1. */
function writeInteger(buf: Buffer, at: number, d: Definition, value: Value): void {
  const n = Number(d.numbers?.get(String(value)) ?? value);
  if (Number.isNaN(n) || n < 0 || n > 0xffffffff) throw new Error(`${d.name}: ${String(value)} is not a 32-bit integer`);
  buf.writeUInt32BE(n >>> 0, at);
}

/** Hides a User-Password (RFC 2865 section 5.2) as the value at `at + 2`; returns its length. */
function hide(buf: Buffer, at: number, d: Definition, value: string, secret: string, vector: Uint8Array): number {
  const start = at + 2;
  const plain = buf.write(value, start, 'utf8');
  if (plain > MAX_VALUE) throw new Error(`${d.name} is longer than ${MAX_VALUE} bytes`);
  const length = Math.ceil(plain / 16) * 16;
  buf.fill(0, start + plain, start + length);
  for (let i = start; i < start + length; i += 16) maskPasswordBlock(secret, i === start ? vector : buf.subarray(i - 16, i), buf, i);
  return length;
}

/**
 * Writes one attribute at `at` of `buf`; returns the end. An empty string is left out, as
 * the package left it out. Throws on a value its type cannot hold (a programming error).
 */
function encodeOne(buf: Buffer, at: number, dictionary: Dictionary, a: WireAttribute, secret: string, vector: Uint8Array): number {
  const d = dictionary.byName.get(a[0]);
  if (!d) throw new Error(`unknown attribute ${a[0]}`);
  if (a.length === 3) {
    const vendor = VENDORS.get(a[1]);
    if (d.kind !== Kind.VendorSpecific || !vendor) throw new Error(`unknown vendor ${a[1]}`);
    let end = at + 6;
    for (const sub of a[2]) {
      // Checked before each, so the sub-attributes stay within the room the buffer has.
      if (end - at - 2 > MAX_VALUE) break;
      end = encodeOne(buf, end, vendor, sub, secret, vector);
    }
    buf.writeUInt32BE(a[1], at + 2);
    return header(buf, at, d, end - at - 2);
  }
  const value = a[1];
  if (Buffer.isBuffer(value)) {
    if (value.length > MAX_VALUE) throw new Error(`${d.name} is ${value.length} bytes, more than ${MAX_VALUE}`);
    value.copy(buf, at + 2);
    return header(buf, at, d, value.length);
  }
  if (d.hidden) {
    if (typeof value !== 'string') throw new Error(`${d.name} must be a string`);
    return header(buf, at, d, hide(buf, at, d, value, secret, vector));
  }
  switch (d.kind) {
    case Kind.Text:
      if (value === '') return at;
      return header(buf, at, d, buf.write(String(value), at + 2, 'utf8'));
    case Kind.Address: {
      const parts = typeof value === 'string' ? value.split('.') : null;
      if (!parts || parts.length !== 4) throw new Error(`${d.name}: invalid IP ${String(value)}`);
      // Each part as the package's Buffer.from(array) took it: a number, modulo 256.
      for (let i = 0; i < 4; i++) buf[at + 2 + i] = Number(parts[i]) & 0xff;
      return header(buf, at, d, 4);
    }
    case Kind.Date:
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`${d.name} must be whole seconds`);
      buf.writeUInt32BE(value, at + 2);
      return header(buf, at, d, 4);
    case Kind.Integer:
      writeInteger(buf, at + 2, d, value);
      return header(buf, at, d, 4);
    default:
      throw new Error(`${d.name} must be given as bytes`);
  }
}

/**
 * Room `buf` needs past `limit` for `encodeAttributes`: an attribute starting at `limit`, a
 * vendor attribute inside it, and a string cut short at the end of the buffer still longer
 * than an attribute can hold (so a string is never silently truncated).
 */
export const ATTRIBUTE_ROOM = 2 * 256 + 8;

/**
 * Writes `attributes` into `buf` from `at` while it stays within `limit`; returns the end (past
 * `limit`: the packet would be too long). User-Password is hidden with `secret` and `vector`
 * (the packet's authenticator field). Throws on a value its type cannot hold.
 */
export function encodeAttributes(buf: Buffer, at: number, limit: number, attributes: readonly WireAttribute[], secret: string, vector: Uint8Array): number {
  for (const a of attributes) {
    if (at > limit) return at;
    at = encodeOne(buf, at, RFC, a, secret, vector);
  }
  return at;
}
