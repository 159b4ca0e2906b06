import { describe, expect, it } from 'vitest';
import { ReplyCache, type CacheHit, type RequestKey } from '../../../src/main/radius/reply-cache';
import { casesFrom } from './random';

const auth = (n: number) => {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(n >>> 0, 0);
  b.writeUInt32BE(Math.floor(n / 2 ** 32), 12);
  return b;
};
/** Reply n: its lengths go across the size kept in the ring (128 bytes) up to a RADIUS packet's largest. */
const reply = (n: number) => {
  const b = Buffer.alloc([20, 95, 127, 128, 129, 300, 4096][n % 7]!);
  for (let i = 0; i < b.length; i++) b[i] = (n * 31 + i) & 0xff;
  b.writeUInt32BE(n >>> 0, 0);
  return b;
};

/** A new request's key; fails the test when the cache took it for a copy. */
function key(hit: RequestKey | CacheHit): RequestKey {
  if (typeof hit !== 'number') throw new Error(`expected a new request, got ${hit.state}`);
  return hit;
}

describe('ReplyCache (RFC 5080 section 2.2.2)', () => {
  it('drops a copy while the request is pending, and answers copies with the very same bytes once answered', () => {
    const c = new ReplyCache();
    const k = key(c.begin(1, 40000, 7, auth(1), 0));
    expect(c.begin(1, 40000, 7, auth(1), 100)).toEqual({ state: 'pending' });
    const bytes = reply(1);
    c.answer(k, bytes);
    const hit = c.begin(1, 40000, 7, auth(1), 200);
    expect(hit).toEqual({ state: 'answered', reply: bytes });
    expect(c.size).toBe(1);
  });

  it('keeps each reply as it was answered, short and long, while the ring grows under it', () => {
    const c = new ReplyCache();
    const request = (n: number, now: number) => c.begin(1, 40000 + (n >> 8), n & 255, auth(n), now);
    // Each answered as it comes, so the ring's growth (1,024 → 4,096 slots) copies replies already kept.
    for (let n = 0; n < 3000; n++) {
      const bytes = reply(n);
      c.answer(key(request(n, 0)), bytes);
      bytes.fill(0); // what the caller does with its buffer afterwards changes nothing
    }
    for (let n = 0; n < 3000; n++) {
      const hit = request(n, 1);
      if (typeof hit === 'number' || hit.state !== 'answered') throw new Error(`request ${n}: not answered`);
      expect(hit.reply.equals(reply(n)), `request ${n}`).toBe(true);
    }
  });

  it('decides a retransmission afresh after abandon, and abandon of a stale key touches nothing', () => {
    const c = new ReplyCache();
    const k = key(c.begin(1, 40000, 7, auth(1), 0));
    c.abandon(k);
    expect(c.size).toBe(0);
    const again = key(c.begin(1, 40000, 7, auth(1), 10));
    expect(again).not.toBe(k);
    c.abandon(k); // the first attempt's key: the slot now holds the retransmission
    expect(c.begin(1, 40000, 7, auth(1), 20)).toEqual({ state: 'pending' });
    c.answer(k, reply(0)); // likewise
    expect(c.begin(1, 40000, 7, auth(1), 30)).toEqual({ state: 'pending' });
    c.answer(again, reply(2));
    expect(c.begin(1, 40000, 7, auth(1), 40)).toEqual({ state: 'answered', reply: reply(2) });
  });

  it('forgets a request after the window', () => {
    const c = new ReplyCache(5_000);
    const k = key(c.begin(1, 40000, 7, auth(1), 0));
    c.answer(k, reply(1));
    expect(c.begin(1, 40000, 7, auth(1), 4_999)).toEqual({ state: 'answered', reply: reply(1) });
    expect(typeof c.begin(1, 40000, 7, auth(1), 5_000)).toBe('number');
    expect(c.size).toBe(1);
  });

  it('tells requests apart by router, port, identifier and authenticator', () => {
    const c = new ReplyCache();
    key(c.begin(1, 40000, 7, auth(1), 0));
    for (const [router, port, identifier, a] of [
      [2, 40000, 7, auth(1)],
      [1, 40001, 7, auth(1)],
      [1, 40000, 8, auth(1)],
      [1, 40000, 7, auth(2)],
      [1, 40000, 7, auth(2 ** 32)],
    ] as const) {
      expect(typeof c.begin(router, port, identifier, a, 1)).toBe('number');
    }
    expect(c.size).toBe(6);
  });

  it('holds at most maxEntries: the oldest go first, and their keys no longer answer anything', () => {
    const c = new ReplyCache(60_000, 3);
    const keys = [1, 2, 3, 4].map((n) => key(c.begin(1, 40000, n, auth(n), n)));
    expect(c.size).toBe(3);
    expect(typeof c.begin(1, 40000, 1, auth(1), 10)).toBe('number'); // the first was evicted: new again (and evicts the second)
    c.answer(keys[1]!, reply(2)); // evicted: nothing happens
    expect(typeof c.begin(1, 40000, 2, auth(2), 11)).toBe('number'); // evicts the third
    // Full, it makes room before it looks (as the Map-and-queue did): the fourth goes, the newest stay.
    expect(c.begin(1, 40000, 2, auth(2), 12)).toEqual({ state: 'pending' });
    expect(typeof c.begin(1, 40000, 4, auth(4), 13)).toBe('number');
    expect(c.size).toBe(3);
  });

  it('wraps around its ring under many requests (growing up to the bound), agreeing with the Map-and-queue it replaced', () => {
    casesFrom(20, (r) => {
      const windowMs = 50 + r.int(500);
      const maxEntries = r.chance(0.5) ? 5 + r.int(50) : 3000;
      const c = new ReplyCache(windowMs, maxEntries);
      // The model: the old cache, except that the bound counts arrivals still queued (abandoned ones
      // too, until the queue passes them) and abandon forgets only the request its key names.
      const model = new Map<string, { at: number; reply: Buffer | null; key: RequestKey }>();
      const queue: { id: string; key: RequestKey }[] = [];
      const keys: { id: string; key: RequestKey }[] = [];
      let now = 0;
      for (let step = 0; step < 6000; step++) {
        now += r.int(3);
        const op = r.int(10);
        if (op < 6 || keys.length === 0) {
          const n = r.int(r.chance(0.5) ? 40 : 5000);
          const id = `${n % 3}|${n % 7}|${n}`;
          while (queue.length) {
            const e = model.get(queue[0]!.id);
            const live = e?.key === queue[0]!.key;
            if (live && now - e.at < windowMs && queue.length < maxEntries) break;
            if (live) model.delete(queue[0]!.id);
            queue.shift();
          }
          const hit = c.begin(n % 3, 1000 + (n % 7), n % 256, auth(n), now);
          const want = model.get(id);
          if (want) expect(hit).toEqual(want.reply ? { state: 'answered', reply: want.reply } : { state: 'pending' });
          else {
            const k = key(hit);
            model.set(id, { at: now, reply: null, key: k });
            queue.push({ id, key: k });
            keys.push({ id, key: k });
          }
        } else {
          const { id, key: k } = r.pick(keys);
          const e = model.get(id);
          const mine = e?.key === k;
          if (op < 8) {
            const b = reply(step);
            c.answer(k, b);
            if (mine) e.reply = b;
          } else {
            c.abandon(k);
            if (mine) model.delete(id);
          }
        }
        expect(c.size).toBe(model.size);
      }
    });
  });
});
