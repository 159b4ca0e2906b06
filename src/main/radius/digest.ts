/**
 * MD5 and HMAC-MD5 (RFC 2104) for RADIUS without a crypto object per packet: a Hash or Hmac
 * object per packet leaves a weak handle for the garbage collector to clear. Each digest is
 * one `crypto.hash` call over a reused buffer, taken as a latin1 ("binary") string and
 * written straight where it goes (a Buffer from `crypto.hash` would carry a backing store
 * of its own, which costs more to free than a young string). The padded key blocks of each
 * shared secret are kept: one secret per router, so few.
 *
 * Strings (secrets, passwords) are hashed as their UTF-8 bytes, as `createHash().update(s)`
 * and `createHmac('md5', s)` take them.
 */
import { hash } from 'node:crypto';

const BLOCK = 64;
const DIGEST = 16;

let scratch = Buffer.allocUnsafe(BLOCK + 8192);

/** The scratch buffer, grown (keeping what it holds) to at least `bytes`. */
function room(bytes: number): Buffer {
  if (scratch.length < bytes) {
    const bigger = Buffer.allocUnsafe(bytes * 2);
    scratch.copy(bigger);
    scratch = bigger;
  }
  return scratch;
}

/** Writes MD5 of the first `length` bytes of `buf` into `out` at `at`. */
function digest(buf: Buffer, length: number, out: Buffer, at: number): void {
  out.write(hash('md5', buf.subarray(0, length), 'binary'), at, DIGEST, 'latin1');
}

/** Copies `part` (a string as UTF-8) into the scratch buffer at `at`; returns the end. */
function put(part: Uint8Array | string, at: number): number {
  if (typeof part === 'string') {
    // Room for the worst case, so the write is never cut short: 3 bytes per UTF-16 unit.
    return at + room(at + part.length * 3).write(part, at, 'utf8');
  }
  room(at + part.length).set(part, at);
  return at + part.length;
}

const EMPTY = new Uint8Array(0);

/** Writes MD5 of `first`, `second` and `third` in turn (strings as UTF-8) into `out` at `at`. Never throws. */
export function md5(out: Buffer, at: number, first: Uint8Array | string, second: Uint8Array | string = EMPTY, third: Uint8Array | string = EMPTY): void {
  const end = put(third, put(second, put(first, 0)));
  digest(scratch, end, out, at);
}

/** A secret's key blocks: K ^ ipad, and K ^ opad followed by room for the inner digest. */
interface KeyBlocks {
  inner: Buffer;
  outer: Buffer;
}

const keys = new Map<string, KeyBlocks>();
/** Secrets are one per router; a bound all the same (tests make many). */
const MAX_KEYS = 256;

function keyBlocks(secret: string): KeyBlocks {
  const cached = keys.get(secret);
  if (cached) return cached;
  let key = Buffer.from(secret, 'utf8');
  if (key.length > BLOCK) {
    // RFC 2104: a key longer than the block is hashed first.
    const short = Buffer.alloc(DIGEST);
    md5(short, 0, key);
    key = short;
  }
  const inner = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK + DIGEST, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i]! ^= key[i]!;
    outer[i]! ^= key[i]!;
  }
  if (keys.size >= MAX_KEYS) keys.clear();
  const blocks = { inner, outer };
  keys.set(secret, blocks);
  return blocks;
}

/** Writes HMAC-MD5 of `data` keyed with `secret` (UTF-8) into `out` at `at` (`out` may hold `data`). Never throws. */
export function hmacMd5(secret: string, data: Uint8Array, out: Buffer, at: number): void {
  const { inner, outer } = keyBlocks(secret);
  const buf = room(BLOCK + data.length);
  inner.copy(buf, 0);
  buf.set(data, BLOCK);
  digest(buf, BLOCK + data.length, outer, BLOCK);
  digest(outer, BLOCK + DIGEST, out, at);
}

const pad = Buffer.alloc(DIGEST);

/** XORs MD5(secret then `previous`) into the 16 bytes of `buf` at `at`: one block of hiding or recovering a User-Password (RFC 2865 section 5.2). */
export function maskPasswordBlock(secret: string, previous: Uint8Array, buf: Buffer, at: number): void {
  md5(pad, 0, secret, previous);
  for (let j = 0; j < DIGEST; j++) buf[at + j]! ^= pad[j]!;
}
