import { closeSync, fdatasync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPin, MAX_HASHING, verifyPin } from '../../src/main/security/pin';

describe('PIN hashing', () => {
  it('verifies the right PIN and refuses others', async () => {
    const h = await hashPin('4821');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(h).not.toContain('4821');
    expect(await verifyPin('4821', h)).toBe(true);
    expect(await verifyPin('4822', h)).toBe(false);
  });
  it('salts every hash', async () => {
    expect(await hashPin('1234')).not.toBe(await hashPin('1234'));
  });
  it('treats an unreadable hash as a wrong PIN', async () => {
    expect(await verifyPin('1234', 'plain')).toBe(false);
    expect(await verifyPin('1234', 'scrypt$1$2$3')).toBe(false);
  });

  it('a burst of sign-ins leaves libuv’s thread pool free for the database flush (at most MAX_HASHING hashes at once)', async () => {
    const h = await hashPin('4821');
    const fd = openSync(join(mkdtempSync(join(tmpdir(), 'iwas-pin-')), 'wal'), 'w');
    writeSync(fd, 'x');
    const order: string[] = [];
    // Eight wrong PINs at once (a paired device retrying, someone guessing), then a flush like wal-sync's.
    const guesses = Array.from({ length: 8 }, () => verifyPin('0000', h).then(() => order.push('pin')));
    await new Promise((r) => setImmediate(r)); // the hashes that may start have been handed to the pool
    const flushed = new Promise<void>((done, fail) => fdatasync(fd, (err) => (err ? fail(err) : done()))).then(() => order.push('flush'));
    await Promise.all([...guesses, flushed]);
    closeSync(fd);
    // Unlimited, the four pool threads hash and the flush waits behind the queued hashes: at least five answers before it.
    expect(MAX_HASHING).toBeLessThan(4);
    expect(order.indexOf('flush')).toBeLessThan(4);
  });
  it('a hash scrypt refuses outright (edited by hand) gives its turn back', async () => {
    const bad = 'scrypt$3$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    for (let i = 0; i < MAX_HASHING + 2; i++) await expect(verifyPin('1234', bad)).rejects.toThrow();
    expect(await verifyPin('1234', await hashPin('1234'))).toBe(true);
  });
  it('a hash whose turn is refused when it comes (a sign-in locked meanwhile) is not computed, and passes its turn on', async () => {
    const h = await hashPin('4821');
    let allowed = 2;
    const outcomes = Array.from({ length: 6 }, () =>
      verifyPin('0000', h, () => {
        if (allowed-- <= 0) throw new Error('locked');
      }).then(
        () => 'hashed',
        (e: Error) => e.message,
      ),
    );
    expect(await Promise.all(outcomes)).toEqual(['hashed', 'hashed', 'locked', 'locked', 'locked', 'locked']);
    expect(await verifyPin('4821', h)).toBe(true);
  });
});
