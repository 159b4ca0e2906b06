import { describe, expect, it } from 'vitest';
import { datagramRing, ringMemory } from '../../../src/main/radius/datagram-ring';
import { casesFrom } from './random';

type Datagram = { data: Buffer; port: number; address: string };

/** Writer and reader over one memory, as the two threads hold them. */
function pair(capacity: number) {
  const sab = ringMemory(capacity);
  return { writer: datagramRing(sab), reader: datagramRing(sab) };
}

function readAll(reader: ReturnType<typeof datagramRing>, max = Infinity): Datagram[] {
  const out: Datagram[] = [];
  reader.read((data, port, address) => out.push({ data, port, address }), max);
  return out;
}

describe('the datagram ring between the UDP thread and the main thread', () => {
  it('hands over bytes, port and address (IPv4 and IPv6 with a zone) in order, each a copy of its own', () => {
    const { writer, reader } = pair(1024);
    const a = Buffer.from([1, 2, 3, 4]);
    expect(writer.write(a, 1812, '192.168.88.1')).toBe(true);
    expect(writer.write(Buffer.alloc(0), 65535, 'fe80::1%eth0')).toBe(true);
    a[0] = 9;
    const got = readAll(reader);
    expect(got).toEqual([
      { data: Buffer.from([1, 2, 3, 4]), port: 1812, address: '192.168.88.1' },
      { data: Buffer.alloc(0), port: 65535, address: 'fe80::1%eth0' },
    ]);
    expect(readAll(reader)).toEqual([]);
  });

  it('refuses a datagram that does not fit while the reader is behind, and takes it once the reader catches up', () => {
    const { writer, reader } = pair(256);
    const big = Buffer.alloc(100, 7);
    expect(writer.write(big, 1, '10.0.0.1')).toBe(true); // 8 + 8 + 100 = 116 bytes
    expect(writer.write(big, 2, '10.0.0.1')).toBe(true); // 232
    expect(writer.write(big, 3, '10.0.0.1')).toBe(false); // would wrap over the first
    writer.dropped();
    writer.dropped();
    expect(reader.takeDropped()).toBe(2);
    expect(reader.takeDropped()).toBe(0);
    expect(readAll(reader, 1).map((d) => d.port)).toEqual([1]);
    expect(writer.write(big, 3, '10.0.0.1')).toBe(true); // skips the 24 bytes at the end, starts over
    expect(readAll(reader).map((d) => [d.port, d.data.equals(big)])).toEqual([
      [2, true],
      [3, true],
    ]);
  });

  it('never loses, reorders or corrupts a datagram across thousands of wrap-arounds (random sizes and read batches)', () => {
    casesFrom(20, (r) => {
      const { writer, reader } = pair(r.pick([256, 512, 4096]));
      const sent: Datagram[] = [];
      let received = 0;
      for (let step = 0; step < 2000; step++) {
        if (r.chance(0.55)) {
          const d = { data: r.bytes(r.int(120)), port: r.int(65536), address: r.chance(0.5) ? `10.0.${r.int(256)}.${r.int(256)}` : `fd00::${r.int(65536).toString(16)}` };
          if (writer.write(d.data, d.port, d.address)) sent.push(d);
        } else {
          for (const d of readAll(reader, 1 + r.int(4))) expect(d).toEqual(sent[received++]);
        }
      }
      for (const d of readAll(reader)) expect(d).toEqual(sent[received++]);
      expect(received).toBe(sent.length);
      expect(sent.length).toBeGreaterThan(500);
    });
  });

  it('wakes a sleeping reader when written to, and tells a reader about to sleep that there is more', async () => {
    const { writer, reader } = pair(1024);
    writer.write(Buffer.from('a'), 1, '127.0.0.1');
    expect(reader.sleep()).toBeNull(); // something is waiting: read instead of sleeping
    readAll(reader);
    const woken = reader.sleep();
    expect(woken).toBeInstanceOf(Promise);
    writer.write(Buffer.from('b'), 1, '127.0.0.1');
    writer.wake();
    await woken;
    expect(readAll(reader).map((d) => d.data.toString())).toEqual(['b']);
  });

  it('only takes a power-of-two capacity', () => {
    expect(() => ringMemory(1000)).toThrow('ring capacity must be a power of two, not 1000');
  });
});
