import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chapResponse } from '../../../src/main/radius/credentials';
import { hmacMd5, maskPasswordBlock, md5 } from '../../../src/main/radius/digest';
import { oracleChapResponse } from './oracle';
import { casesFrom, type Random } from './random';

/** Secrets as routers are given them: short, long (past the 64-byte HMAC block), non-ASCII, empty. */
function secret(r: Random): string {
  switch (r.int(6)) {
    case 0:
      return '';
    case 1:
      return r.ascii(r.int(64) + 65);
    case 2:
      return 'x'.repeat(63 + r.int(3)); // around the block size
    case 3:
      return r.text(r.int(40)); // non-ASCII, in UTF-8 past 64 bytes at times
    case 4:
      return 'ñ'.repeat(32 + r.int(2)); // 64 or 66 bytes in UTF-8
    default:
      return r.ascii(r.int(20) + 1);
  }
}

describe('digest: MD5 and HMAC-MD5 without a crypto object per call', () => {
  it('md5 equals createHash over one, two and three parts (bytes or UTF-8 strings)', () => {
    casesFrom(3000, (r) => {
      const part = () => (r.int(2) === 0 ? r.bytes(r.int(r.int(10) === 0 ? 9000 : 300)) : secret(r));
      const [a, b, c] = [part(), part(), part()];
      const out = Buffer.alloc(20, 0xee);
      md5(out, 2, a, b, c);
      expect(out.subarray(2, 18)).toEqual(createHash('md5').update(a).update(b).update(c).digest());
      expect([out[0], out[1], out[18], out[19]]).toEqual([0xee, 0xee, 0xee, 0xee]);
      md5(out, 0, a);
      expect(out.subarray(0, 16)).toEqual(createHash('md5').update(a).digest());
    });
  });

  it('hmacMd5 equals createHmac, for secrets shorter and longer than the block and non-ASCII ones', () => {
    casesFrom(3000, (r) => {
      const s = secret(r);
      const data = r.bytes(r.int(r.int(10) === 0 ? 9000 : 4096));
      const out = Buffer.alloc(16);
      hmacMd5(s, data, out, 0);
      expect(out).toEqual(createHmac('md5', s).update(data).digest());
    });
  });

  it('hmacMd5 may write into the buffer it reads (a packet signing itself)', () => {
    const packet = Buffer.alloc(60, 3);
    const want = createHmac('md5', 'k').update(packet).digest();
    hmacMd5('k', packet, packet, 22);
    expect(packet.subarray(22, 38)).toEqual(want);
  });

  it('maskPasswordBlock XORs MD5(secret, previous) in place', () => {
    casesFrom(500, (r) => {
      const s = secret(r);
      const previous = r.bytes(16);
      const block = r.bytes(40);
      const want = Buffer.from(block);
      const pad = createHash('md5').update(s).update(previous).digest();
      for (let j = 0; j < 16; j++) want[8 + j]! ^= pad[j]!;
      maskPasswordBlock(s, previous, block, 8);
      expect(block).toEqual(want);
    });
  });

  it('chapResponse equals the createHash one', () => {
    casesFrom(500, (r) => {
      const ident = r.int(256);
      const password = secret(r);
      const challenge = r.bytes(r.int(40) + 1);
      expect(chapResponse(ident, password, challenge)).toEqual(oracleChapResponse(ident, password, challenge));
    });
  });
});
