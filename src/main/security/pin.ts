/**
 * Operator PINs, stored as scrypt hashes (`scrypt$N$r$p$salt$hash`, base64url). Runs
 * on libuv's thread pool so a sign-in never stalls the RADIUS servers — two at a time at
 * most: the pool (four threads) also flushes the database (db/wal-sync.ts), and a burst of
 * sign-ins (a paired device retrying, someone guessing PINs) must not queue every sale's and
 * usage report's flush behind tens of milliseconds of scrypt each.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** At most this many scrypt calls on the thread pool at once; the rest wait their turn, in order. */
export const MAX_HASHING = 2;
let hashing = 0;
const turns: (() => void)[] = [];

/** `whenTurn` runs once the hash's turn has come, before it starts; if it throws, nothing is hashed and the turn passes on. */
function derive(pin: string, salt: Buffer, opts: ScryptOptions, keylen: number, whenTurn?: () => void): Promise<Buffer> {
  return new Promise<void>((go) => {
    if (hashing < MAX_HASHING) {
      hashing++;
      go();
    } else turns.push(go);
  }).then(() =>
    new Promise<Buffer>((resolve, reject) => {
      whenTurn?.();
      // scrypt throws at once on parameters it refuses (a hash edited by hand), else calls back.
      scrypt(pin, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
    }).finally(release),
  );
}

/** The slot passes to the next in line (still counted), or is freed. */
function release(): void {
  const next = turns.shift();
  if (next) next();
  else hashing--;
}

/** Hashes a PIN with a fresh random salt. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, { N, r: R, p: P }, KEYLEN);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * True when `pin` matches `stored`; false for a wrong PIN or an unreadable hash. Constant-time
 * compare. `whenTurn`: see derive (a sign-in refuses there a guess that waited while the operator
 * got locked, without hashing it).
 */
export async function verifyPin(pin: string, stored: string, whenTurn?: () => void): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(pin, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length, whenTurn);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
