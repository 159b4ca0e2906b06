/**
 * Duplicate detection for RADIUS requests (RFC 5080 section 2.2.2): the same source
 * (router and port), identifier and Request Authenticator within the window is the same
 * request. While the first is being decided, copies are dropped; once answered, copies get
 * the very same reply bytes and the decision is not run again.
 *
 * Requests sit in a ring in arrival order, so expiry and the bound drop the oldest in O(1),
 * and are found through an open-addressing index (linear probing) over the ring. Both are
 * typed arrays: a request makes no object and no string key. Its key is its arrival number,
 * which also tells whether its ring slot still holds it. Replies are copied into the ring
 * too (up to REPLY_BYTES each; an Access-Accept is ~100 bytes, an Accounting-Response 20):
 * kept as Buffers, the replies of the last five seconds were promoted out of V8's young
 * generation, and every scavenge copied them.
 */
import { randomInt } from 'node:crypto';

export type CacheHit = { state: 'pending' } | { state: 'answered'; reply: Buffer };

/** A request in the cache, to hand back to `answer` or `abandon`. */
export type RequestKey = number;

const EMPTY = 0;
const PENDING = 1;
const ANSWERED = 2;

const PENDING_HIT: CacheHit = { state: 'pending' };
/** Reply bytes kept in the ring per request; a longer reply is kept as a Buffer (a copy). */
const REPLY_BYTES = 128;
/** Ring slots to start with; the ring doubles as the load needs, up to the bound. */
const INITIAL_CAPACITY = 1024;

function mix(h: number, word: number): number {
  const m = Math.imul(h ^ word, 0x9e3779b1);
  return m ^ (m >>> 15);
}

export class ReplyCache {
  private capacity: number;
  private at: Float64Array;
  private routers: Int32Array;
  /** Source port and identifier: port << 8 | identifier. */
  private portIds: Int32Array;
  /** Request Authenticators, four 32-bit words per slot. */
  private authenticators: Int32Array;
  private hashes: Int32Array;
  private states: Uint8Array;
  /** Each slot's reply: its length, and its bytes at slot * REPLY_BYTES (or in `longReplies`). */
  private replyLengths: Uint16Array;
  private replyBytes: Uint8Array;
  private longReplies: (Buffer | null)[];
  /** Ring slot + 1 by hash, 0 when free; a power of two at least twice the ring. */
  private index: Int32Array;
  private mask: number;
  /** Arrival numbers: the oldest still in the ring, and the next. */
  private head = 0;
  private tail = 0;
  private live = 0;
  /** Hashes are seeded per cache, so no one can aim requests at one chain. */
  private readonly seed = randomInt(2 ** 31);

  /**
   * @param windowMs how long a request is remembered: longer than a router's retries take
   *   (RouterOS: 300–1100 ms timeout, a few retries); FreeRADIUS's cleanup_delay is the same 5 s.
   * @param maxEntries a hard bound on memory whatever the load (requests abandoned while
   *   older ones wait count until the oldest leave).
   */
  constructor(
    private readonly windowMs = 5_000,
    private readonly maxEntries = 200_000,
  ) {
    this.capacity = Math.max(1, Math.min(INITIAL_CAPACITY, maxEntries));
    [this.at, this.routers, this.portIds, this.authenticators, this.hashes, this.states, this.replyLengths, this.replyBytes, this.longReplies] = this.ring(this.capacity);
    this.index = new Int32Array(ReplyCache.indexSize(this.capacity));
    this.mask = this.index.length - 1;
  }

  /**
   * A new request (now pending): its key. A copy of one within the window: whether it is
   * still pending or the reply it got. `authenticator` is the 16-byte Request Authenticator.
   */
  begin(routerId: number, port: number, identifier: number, authenticator: Buffer, now: number): RequestKey | CacheHit {
    this.prune(now);
    const router = routerId | 0;
    const portId = (port << 8) | identifier;
    const w0 = authenticator.readInt32LE(0);
    const w1 = authenticator.readInt32LE(4);
    const w2 = authenticator.readInt32LE(8);
    const w3 = authenticator.readInt32LE(12);
    const h = mix(mix(mix(mix(mix(mix(this.seed, router), portId), w0), w1), w2), w3);
    for (let i = h & this.mask; this.index[i] !== 0; i = (i + 1) & this.mask) {
      const s = this.index[i]! - 1;
      const a = s * 4;
      if (this.hashes[s] === h && this.routers[s] === router && this.portIds[s] === portId && this.authenticators[a] === w0 && this.authenticators[a + 1] === w1 && this.authenticators[a + 2] === w2 && this.authenticators[a + 3] === w3) {
        return this.states[s] === ANSWERED ? { state: 'answered', reply: this.replyOf(s) } : PENDING_HIT;
      }
    }
    if (this.tail - this.head === this.capacity) this.grow();
    const s = this.tail % this.capacity;
    this.at[s] = now;
    this.routers[s] = router;
    this.portIds[s] = portId;
    this.authenticators[s * 4] = w0;
    this.authenticators[s * 4 + 1] = w1;
    this.authenticators[s * 4 + 2] = w2;
    this.authenticators[s * 4 + 3] = w3;
    this.hashes[s] = h;
    this.states[s] = PENDING;
    let i = h & this.mask;
    while (this.index[i] !== 0) i = (i + 1) & this.mask;
    this.index[i] = s + 1;
    this.live++;
    return this.tail++;
  }

  /** Records (a copy of) the reply sent for a request (nothing when it has left the cache). */
  answer(key: RequestKey, reply: Buffer): void {
    const s = this.slotOf(key);
    if (s === -1) return;
    this.states[s] = ANSWERED;
    this.replyLengths[s] = reply.length;
    if (reply.length <= REPLY_BYTES) this.replyBytes.set(reply, s * REPLY_BYTES);
    else this.longReplies[s] = Buffer.from(reply); // a copy too, as the short ones are
  }

  /** Forgets a request that got no reply (dropped), so a retransmission is decided afresh; nothing when it has left the cache. */
  abandon(key: RequestKey): void {
    const s = this.slotOf(key);
    if (s !== -1) this.remove(s);
  }

  get size(): number {
    return this.live;
  }

  /** The reply recorded in slot `s` (a copy: a duplicate is rare). */
  private replyOf(s: number): Buffer {
    const n = this.replyLengths[s]!;
    if (n > REPLY_BYTES) return this.longReplies[s]!;
    const at = s * REPLY_BYTES;
    return Buffer.from(this.replyBytes.subarray(at, at + n));
  }

  /** The ring slot still holding request `key`, or -1. */
  private slotOf(key: RequestKey): number {
    if (key < this.head || key >= this.tail) return -1;
    const s = key % this.capacity;
    return this.states[s] === EMPTY ? -1 : s;
  }

  /** Drops the oldest requests while they are past the window or the ring is at the bound. */
  private prune(now: number): void {
    while (this.head < this.tail) {
      const s = this.head % this.capacity;
      if (this.states[s] !== EMPTY) {
        if (now - this.at[s]! < this.windowMs && this.tail - this.head < this.maxEntries) break;
        this.remove(s);
      }
      this.head++;
    }
  }

  /** Takes slot `s` out of the index (shifting back the entries probed past it) and empties it. */
  private remove(s: number): void {
    const { index, mask, hashes } = this;
    let i = hashes[s]! & mask;
    while (index[i] !== s + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; index[j] !== 0; j = (j + 1) & mask) {
      const home = hashes[index[j]! - 1]! & mask;
      // The entry at j may fill the gap at i unless its home lies after i (cyclically, up to j).
      if (((j - home) & mask) >= ((j - i) & mask)) {
        index[i] = index[j]!;
        i = j;
      }
    }
    index[i] = 0;
    this.states[s] = EMPTY;
    this.longReplies[s] = null;
    this.live--;
  }

  /** Doubles the ring (up to the bound), keeping each request's key. */
  private grow(): void {
    const old = { ...this };
    this.capacity = Math.min(this.capacity * 2, this.maxEntries);
    [this.at, this.routers, this.portIds, this.authenticators, this.hashes, this.states, this.replyLengths, this.replyBytes, this.longReplies] = this.ring(this.capacity);
    this.index = new Int32Array(ReplyCache.indexSize(this.capacity));
    this.mask = this.index.length - 1;
    for (let key = this.head; key < this.tail; key++) {
      const from = key % old.capacity;
      if (old.states[from] === EMPTY) continue;
      const to = key % this.capacity;
      this.at[to] = old.at[from]!;
      this.routers[to] = old.routers[from]!;
      this.portIds[to] = old.portIds[from]!;
      this.authenticators.set(old.authenticators.subarray(from * 4, from * 4 + 4), to * 4);
      this.hashes[to] = old.hashes[from]!;
      this.states[to] = old.states[from]!;
      this.replyLengths[to] = old.replyLengths[from]!;
      this.replyBytes.set(old.replyBytes.subarray(from * REPLY_BYTES, (from + 1) * REPLY_BYTES), to * REPLY_BYTES);
      this.longReplies[to] = old.longReplies[from]!;
      let i = this.hashes[to]! & this.mask;
      while (this.index[i] !== 0) i = (i + 1) & this.mask;
      this.index[i] = to + 1;
    }
  }

  private ring(capacity: number) {
    return [
      new Float64Array(capacity),
      new Int32Array(capacity),
      new Int32Array(capacity),
      new Int32Array(capacity * 4),
      new Int32Array(capacity),
      new Uint8Array(capacity),
      new Uint16Array(capacity),
      new Uint8Array(capacity * REPLY_BYTES),
      new Array<Buffer | null>(capacity).fill(null),
    ] as const;
  }

  private static indexSize(capacity: number): number {
    let n = 2;
    while (n < capacity * 2) n *= 2;
    return n;
  }
}
