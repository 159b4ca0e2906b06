/**
 * A ring of datagrams in shared memory between two threads: one writes, the other reads,
 * neither waits on the other. Each record is [u16 length, u16 port, u8 address length, 3
 * spare][address, latin1][bytes]; a record never wraps (the writer skips the rest of the
 * buffer, marking it 0xffff when there is room for a mark). Positions are free-running int32
 * counters, so the byte capacity must be a power of two.
 *
 * Self-contained on purpose: the UDP thread gets this function's source (`datagramRing.toString()`),
 * so it may use only globals (Atomics, Buffer), nothing imported.
 */
export function datagramRing(sab: SharedArrayBuffer) {
  const HEAD = 0;
  const TAIL = 1;
  const SLEEPING = 2;
  const DROPPED = 3;
  const RECORD = 8;
  const hdr = new Int32Array(sab, 0, 16);
  const bytes = Buffer.from(sab, 64);
  const capacity = bytes.length;
  const mask = capacity - 1;
  let head = Atomics.load(hdr, HEAD); // the writer's
  let tail = Atomics.load(hdr, TAIL); // the reader's

  return {
    /** Writer: appends one datagram; false when it does not fit (the reader is that far behind). */
    write(data: Uint8Array, port: number, address: string): boolean {
      const length = data.length;
      const alen = address.length;
      const need = RECORD + alen + length;
      let at = head & mask;
      const rest = capacity - at;
      const skip = need > rest ? rest : 0;
      if (length >= 0xffff || alen > 255 || ((head - Atomics.load(hdr, TAIL)) | 0) + skip + need > capacity) return false;
      if (skip) {
        if (rest >= RECORD) bytes[at] = bytes[at + 1] = 0xff;
        at = 0;
      }
      bytes[at] = length & 0xff;
      bytes[at + 1] = length >>> 8;
      bytes[at + 2] = port & 0xff;
      bytes[at + 3] = port >>> 8;
      bytes[at + 4] = alen;
      bytes.write(address, at + RECORD, alen, 'latin1');
      bytes.set(data, at + RECORD + alen);
      head = (head + skip + need) | 0;
      Atomics.store(hdr, HEAD, head);
      return true;
    },
    /** Writer: wakes the reader if it sleeps (costs a cross-thread wake-up only then). */
    wake(): void {
      if (Atomics.load(hdr, SLEEPING) === 1) Atomics.notify(hdr, HEAD);
    },
    /** Writer: counts a datagram it could not write. */
    dropped(): void {
      Atomics.add(hdr, DROPPED, 1);
    },
    /** Reader: datagrams are waiting to be read. */
    pending(): boolean {
      return Atomics.load(hdr, HEAD) !== tail;
    },
    /** Reader: the datagrams dropped by the writer since the last call. */
    takeDropped(): number {
      return Atomics.load(hdr, DROPPED) === 0 ? 0 : Atomics.exchange(hdr, DROPPED, 0);
    },
    /** Reader: hands at most `max` datagrams (each a copy) to `each`; returns how many. */
    read(each: (data: Buffer, port: number, address: string) => void, max: number): number {
      const end = Atomics.load(hdr, HEAD);
      let n = 0;
      while (tail !== end && n < max) {
        const at = tail & mask;
        const rest = capacity - at;
        if (rest < RECORD || (bytes[at] === 0xff && bytes[at + 1] === 0xff)) {
          tail = (tail + rest) | 0;
          continue;
        }
        const length = bytes[at]! | (bytes[at + 1]! << 8);
        const port = bytes[at + 2]! | (bytes[at + 3]! << 8);
        const alen = bytes[at + 4]!;
        const address = bytes.toString('latin1', at + RECORD, at + RECORD + alen);
        const start = at + RECORD + alen;
        const data = Buffer.allocUnsafe(length);
        bytes.copy(data, 0, start, start + length);
        tail = (tail + RECORD + alen + length) | 0;
        Atomics.store(hdr, TAIL, tail);
        n++;
        each(data, port, address);
      }
      return n;
    },
    /**
     * Reader, with nothing left to read: resolves when the writer writes again, or returns
     * null when it already has (read again). Dekker-style: the reader marks itself sleeping,
     * then looks; the writer publishes, then looks at the mark; both sequentially consistent.
     */
    sleep(): Promise<unknown> | null {
      Atomics.store(hdr, SLEEPING, 1);
      const r = Atomics.load(hdr, HEAD) === tail ? Atomics.waitAsync(hdr, HEAD, tail) : null;
      if (!r || !r.async) {
        Atomics.store(hdr, SLEEPING, 0);
        return null;
      }
      return r.value.then(() => Atomics.store(hdr, SLEEPING, 0));
    },
  };
}

/** Shared memory for a ring holding `capacity` bytes of records (a power of two). */
export function ringMemory(capacity: number): SharedArrayBuffer {
  if (capacity & (capacity - 1)) throw new Error(`ring capacity must be a power of two, not ${capacity}`);
  return new SharedArrayBuffer(64 + capacity);
}
