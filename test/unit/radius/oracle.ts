/**
 * The codec as it was before it was written by hand (attributes through the `radius` package,
 * digests through createHash/createHmac), kept as the oracle the hand-written one must equal
 * byte for byte; and the renderer of
 * src/main/radius/attribute-table.ts from the package's own loaded dictionaries.
 * Tests only: the app does not load the package.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import radius from 'radius';
import type { Attribute, Attributes, EncodeArgs, Frame, MikrotikAttribute } from '../../../src/main/radius/codec';
import { codeNames, INTEGER_ATTRIBUTES, MIKROTIK_DICTIONARY, MIKROTIK_INTEGER_ATTRIBUTES, signedRequestCodes } from '../../../src/main/radius/dictionary';

type Value = string | number | Buffer;

const HEADER = 20;
const MAX_PACKET = 4096;
const ZERO_VECTOR = Buffer.alloc(16);

let loaded = false;
function ensureDictionaries(): void {
  if (loaded) return;
  radius.load_dictionaries();
  radius._load_dictionary(MIKROTIK_DICTIONARY);
  loaded = true;
}

/** The old decodeAttributes: `radius.decode` without a secret. */
export function oracleDecode(frame: Frame): { ok: true; attributes: Attributes } | { ok: false; reason: string } {
  ensureDictionaries();
  try {
    return { ok: true, attributes: radius.decode({ packet: frame.data, no_secret: true }).attributes };
  } catch (err) {
    return { ok: false, reason: `radius: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function hmac(data: Buffer, secret: string): Buffer {
  return createHmac('md5', secret).update(data).digest();
}

function md5(...parts: (Buffer | string)[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

const scratch = Buffer.alloc(MAX_PACKET + 256);

function pooledIntegers(attributes: Attribute[]): Attribute[] {
  return attributes.map((a): Attribute => {
    if (a.length === 3) return [a[0], a[1], a[2].map(([name, value]): MikrotikAttribute => [name, pooledValue(name, value, MIKROTIK_INTEGER_ATTRIBUTES)])];
    const value = pooledValue(a[0], a[1], INTEGER_ATTRIBUTES);
    return value === a[1] ? a : [a[0], value];
  });
}

function pooledValue(name: string, value: Value, integers: ReadonlySet<string>): Value {
  if (typeof value !== 'number' || !integers.has(name)) return value;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) return value;
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value, 0);
  return b;
}

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

function encodeHiding(a: EncodeArgs, vector: Buffer, attributes: Attribute[]): Buffer {
  return radius.encode({ code: 'Access-Request', identifier: a.identifier, authenticator: vector, attributes, secret: a.secret, add_message_authenticator: false });
}

/** The old encodePacket: attributes through the package, signatures with createHash/createHmac. */
export function oracleEncode(a: EncodeArgs): Buffer {
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

function withVector(frame: Frame, vector: Buffer | null): Buffer {
  const copy = Buffer.from(frame.data);
  if (vector) vector.copy(copy, 4);
  if (frame.maOffset !== -1) copy.fill(0, frame.maOffset, frame.maOffset + 16);
  return copy;
}

/** The old verifyRequestMessageAuthenticator. */
export function oracleVerifyRequestMessageAuthenticator(frame: Frame, secret: string): boolean {
  if (frame.maOffset === -1) return false;
  const expected = hmac(withVector(frame, signedRequestCodes.has(frame.code) ? ZERO_VECTOR : null), secret);
  return timingSafeEqual(expected, frame.data.subarray(frame.maOffset, frame.maOffset + 16));
}

/** The old verifyRequestAuthenticator. */
export function oracleVerifyRequestAuthenticator(frame: Frame, secret: string): boolean {
  const copy = Buffer.from(frame.data);
  ZERO_VECTOR.copy(copy, 4);
  return timingSafeEqual(md5(copy, secret), frame.authenticator);
}

/** The old verifyResponse. */
export function oracleVerifyResponse(frame: Frame, requestAuthenticator: Buffer, secret: string): boolean {
  const copy = Buffer.from(frame.data);
  requestAuthenticator.copy(copy, 4);
  if (!timingSafeEqual(md5(copy, secret), frame.authenticator)) return false;
  if (frame.maOffset === -1) return true;
  const expected = hmac(withVector(frame, requestAuthenticator), secret);
  return timingSafeEqual(expected, frame.data.subarray(frame.maOffset, frame.maOffset + 16));
}

/** The old chapResponse (createHash). */
export function oracleChapResponse(ident: number, password: string, challenge: Buffer): Buffer {
  return Buffer.concat([Buffer.from([ident]), createHash('md5').update(Buffer.from([ident])).update(password).update(challenge).digest()]);
}

/** The old decryptUserPassword (createHash per block). */
export function oracleDecryptUserPassword(frame: Frame, secret: string): string | null {
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

/** The vendors the dictionaries name (VENDOR lines), by id. */
const VENDOR_NAMES: Record<number, string> = { 3561: 'ADSL-Forum', 14988: 'Mikrotik' };

const ATTR_ID = 0;
const ATTR_NAME = 1;
const ATTR_TYPE = 2;
const ATTR_ENUM = 3;
const ATTR_REVERSE_ENUM = 4;
const ATTR_MODIFIERS = 5;

/** One attribute as the package holds it after loading the dictionaries. */
export interface PackageAttribute {
  id: number;
  name: string;
  type: string;
  modifiers: Record<string, boolean>;
  /** Number → the name it decodes to. */
  enumeration: Record<string, string>;
  /** Name → the number it encodes to. */
  reverse: Record<string, string>;
}

/** Every attribute the package knows for `vendor` (-1: none), by type number. */
export function packageAttributes(vendor: number): PackageAttribute[] {
  ensureDictionaries();
  const out: PackageAttribute[] = [];
  for (let id = 1; id < 256; id++) {
    const name = radius._attr_to(id, vendor, ATTR_NAME) as string | undefined;
    if (name === undefined || name === null) continue;
    out.push({
      id: Number(radius._attr_to(id, vendor, ATTR_ID)),
      name,
      type: radius._attr_to(id, vendor, ATTR_TYPE) as string,
      modifiers: radius._attr_to(id, vendor, ATTR_MODIFIERS) as Record<string, boolean>,
      enumeration: radius._attr_to(id, vendor, ATTR_ENUM) as Record<string, string>,
      reverse: radius._attr_to(id, vendor, ATTR_REVERSE_ENUM) as Record<string, string>,
    });
  }
  return out;
}

/** The vendors whose attributes the package knows (besides the RFC ones). */
export const PACKAGE_VENDORS = Object.keys(VENDOR_NAMES).map(Number);

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function renderAttribute(a: PackageAttribute): string {
  const fields = [`name: ${q(a.name)}`, `type: ${q(a.type)}`];
  if (a.modifiers['has_tag']) fields.push('tagged: true');
  if (a.modifiers['encrypt=1']) fields.push('hidden: true');
  const values = Object.entries(a.enumeration).map(([n, name]) => `${q(name)}: ${Number(n)}`);
  const aliases = Object.entries(a.reverse)
    .filter(([name, n]) => a.enumeration[n] !== name)
    .map(([name, n]) => `${q(name)}: ${Number(n)}`);
  if (values.length) fields.push(`values: { ${values.join(', ')} }`);
  if (aliases.length) fields.push(`aliases: { ${aliases.join(', ')} }`);
  return `${a.id}: { ${fields.join(', ')} },`;
}

/** The text of src/main/radius/attribute-table.ts: what the package makes of its dictionaries and ours. */
export function renderAttributeTable(): string {
  const rfc = packageAttributes(-1).map((a) => `  ${renderAttribute(a)}`);
  const vendors = PACKAGE_VENDORS.flatMap((v) => [`  // ${VENDOR_NAMES[v]}`, `  ${v}: {`, ...packageAttributes(v).map((a) => `    ${renderAttribute(a)}`), '  },']);
  return `// Generated from the \`radius\` package's dictionaries and MIKROTIK_DICTIONARY (dictionary.ts), as the
// package loads them; do not edit. It is the file snapshot of test/unit/radius/attribute-table.test.ts:
// regenerate with \`npx vitest run test/unit/radius/attribute-table.test.ts -u\`.
import type { AttributeDefinition } from './dictionary';

/** The attributes outside any vendor, by type. */
export const RFC_ATTRIBUTES: Readonly<Record<number, AttributeDefinition>> = {
${rfc.join('\n')}
};

/** Vendor-Specific attributes by vendor id, then by vendor type. */
export const VENDOR_ATTRIBUTES: Readonly<Record<number, Readonly<Record<number, AttributeDefinition>>>> = {
${vendors.join('\n')}
};
`;
}
