/**
 * Re-signing a mutated datagram with the sender's secret, as a router would have
 * signed it: the Length field covers the datagram, an Access-Request gets a fresh
 * Request Authenticator (with its User-Password hidden again under it), the
 * Message-Authenticator is recomputed, and so is the Request Authenticator of
 * Accounting/CoA/Disconnect requests. Without it nearly every mutant dies at the
 * authenticity check, and Access-Requests keeping their parent's identifier and
 * vector would be answered from the duplicate cache; either way the handlers behind
 * would never see them. Computed here from RFC 2865/2866/3579/5176, not with the
 * codec under test.
 */
import { createHash, createHmac } from 'node:crypto';
import { ATTR_USER_PASSWORD, findAttribute, HEADER, messageAuthenticatorOffset } from './packet';

/** Requests whose authenticator is MD5 over the packet (RFC 2866, 5176): signed over a zero vector. */
const SIGNED_CODES = new Set([4, 40, 43]);
/** Requests whose authenticator is random (RFC 2865, 5997): only a Message-Authenticator to compute. */
const RANDOM_VECTOR_CODES = new Set([1, 12]);

const md5 = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('md5')).digest();

/**
 * Signs `data` in place for `secret`; `vector` is the new Request Authenticator of an
 * Access-Request or Status-Server. With `keepLength` the Length field stays as the
 * mutators set it (and only the bytes it covers are signed, as a server reads them).
 */
export function resign(data: Buffer, secret: string, vector: Buffer, keepLength: boolean): void {
  if (data.length < HEADER) return;
  if (!keepLength) data.writeUInt16BE(Math.min(data.length, 0xffff), 2);
  const length = Math.min(data.readUInt16BE(2), data.length);
  if (length < HEADER) return;
  const packet = data.subarray(0, length);
  const code = packet[0]!;
  const signed = SIGNED_CODES.has(code);
  if (!signed && !RANDOM_VECTOR_CODES.has(code)) return;
  if (signed) packet.fill(0, 4, HEADER);
  else rehidePassword(packet, Buffer.from(secret), vector);
  const ma = messageAuthenticatorOffset(packet);
  if (ma !== -1) {
    packet.fill(0, ma, ma + 16);
    createHmac('md5', secret).update(packet).digest().copy(packet, ma);
  }
  if (signed) md5(packet, Buffer.from(secret)).copy(packet, 4);
}

/** Gives an Access-Request the Request Authenticator `vector`, hiding its User-Password (RFC 2865 section 5.2) under the new one. */
function rehidePassword(packet: Buffer, secret: Buffer, vector: Buffer): void {
  const at = findAttribute(packet, ATTR_USER_PASSWORD);
  const len = at === -1 ? 0 : packet[at + 1]! - 2;
  if (len > 0 && len % 16 === 0) {
    const value = packet.subarray(at + 2, at + 2 + len);
    const plain = Buffer.alloc(len);
    for (let i = 0, previous = packet.subarray(4, HEADER); i < len; previous = value.subarray(i, i + 16), i += 16) {
      const b = md5(secret, previous);
      for (let j = 0; j < 16; j++) plain[i + j] = value[i + j]! ^ b[j]!;
    }
    for (let i = 0, previous = vector; i < len; previous = value.subarray(i, i + 16), i += 16) {
      const b = md5(secret, previous);
      for (let j = 0; j < 16; j++) value[i + j] = plain[i + j]! ^ b[j]!;
    }
  }
  vector.copy(packet, 4);
}
