/**
 * Duplicate detection for RADIUS requests (RFC 5080 section 2.2.2): the same source
 * address and port, identifier and Request Authenticator within the window is the
 * same request. While the first is being decided, copies are dropped; once answered,
 * copies get the very same reply bytes and the decision is not run again.
 *
 * Entries expire in arrival order from a FIFO queue (O(1) per request); walking a Map
 * from its front while deleting would cost O(deleted) per step in V8.
 */

export type CacheHit = { state: 'pending' } | { state: 'answered'; reply: Buffer };

interface Entry {
  at: number;
  reply: Buffer | null;
}

export class ReplyCache {
  private readonly entries = new Map<string, Entry>();
  private queue: { key: string; entry: Entry }[] = [];
  private head = 0;

  /**
   * @param windowMs how long a request is remembered: longer than a router's retries take
   *   (RouterOS: 300–1100 ms timeout, a few retries); FreeRADIUS's cleanup_delay is the same 5 s.
   * @param maxEntries a hard bound on memory whatever the load.
   */
  constructor(
    private readonly windowMs = 5_000,
    private readonly maxEntries = 200_000,
  ) {}

  static key(address: string, port: number, identifier: number, authenticator: Buffer): string {
    return `${address}|${port}|${identifier}|${authenticator.toString('latin1')}`;
  }

  /** The cached state for a request, or null when it is new (and now marked pending). */
  begin(key: string, now: number): CacheHit | null {
    this.prune(now);
    const e = this.entries.get(key);
    if (e) return e.reply ? { state: 'answered', reply: e.reply } : { state: 'pending' };
    const entry = { at: now, reply: null };
    this.entries.set(key, entry);
    this.queue.push({ key, entry });
    return null;
  }

  /** Records the reply sent for a request. */
  answer(key: string, reply: Buffer): void {
    const e = this.entries.get(key);
    if (e) e.reply = reply;
  }

  /** Forgets a request that got no reply (dropped), so a retransmission is decided afresh. */
  abandon(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    while (this.head < this.queue.length) {
      const { key, entry } = this.queue[this.head]!;
      if (now - entry.at < this.windowMs && this.entries.size < this.maxEntries) break;
      // Only delete the entry this queue slot made (an abandoned key may have been reused).
      if (this.entries.get(key) === entry) this.entries.delete(key);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
