/**
 * The RADIUS sockets on their own threads (src/main/radius/udp-thread.ts), over real UDP on
 * loopback: replies leave from the port the request came to, a port in use is refused as
 * before, and a thread that stops is replaced by a socket on the main thread, same port.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/log';
import type { UdpListener } from '../../src/main/radius/udp';
import { listenUdp, threadOf } from '../../src/main/radius/udp-thread';
import { udpPeer } from '../helpers/udp';

const lines: string[] = [];
const log = createLogger((l) => lines.push(`${l.level} ${l.message}`), 'info');
const open: UdpListener[] = [];

/**
 * An echo listener: every datagram is answered with "re:" and its bytes ("to port 0" is
 * answered to port 0, which the socket refuses; "close" is answered, then the listener closes).
 */
async function echo(o: { port?: number; thread?: boolean } = {}) {
  const got: string[] = [];
  const l: UdpListener = await listenUdp({
    host: '127.0.0.1',
    port: o.port ?? 0,
    name: 'authentication',
    log,
    thread: o.thread,
    onMessage: (msg, from) => {
      got.push(`${from.family} ${from.address} ${msg.toString()}`);
      l.send(Buffer.concat([Buffer.from('re:'), msg]), msg.toString() === 'to port 0' ? 0 : from.port, from.address);
      if (msg.toString() === 'close') void l.close();
    },
    onDropped: () => {},
  });
  open.push(l);
  return { l, got };
}

/** A peer for bursts: the default receive buffer (~208 KB) overflows under a few hundred replies sent back to back. */
const burstPeer = () => udpPeer('127.0.0.1', { recvBufferSize: 4 << 20 });

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
  lines.length = 0;
});

describe('RADIUS sockets on a UDP thread', () => {
  it('answers every datagram of a burst from the port it was sent to, in order, and closes cleanly', async () => {
    const { l, got } = await echo();
    expect(threadOf(l)).not.toBeNull();
    const peer = await burstPeer();
    for (let i = 0; i < 300; i++) await peer.send(l.port, Buffer.from(`n${i}`));
    await expect.poll(() => peer.replies.length, { timeout: 5000 }).toBe(300);
    expect(peer.replies.map((r) => r.toString())).toEqual(Array.from({ length: 300 }, (_, i) => `re:n${i}`));
    expect(got[0]).toBe('IPv4 127.0.0.1 n0');
    await peer.close();
    await l.close();
    // The port is free again once close resolves.
    const again = await echo({ port: l.port });
    expect(again.l.port).toBe(l.port);
  });

  it('says whether requests wait in its ring to be read (what accounting gives way to)', async () => {
    const { l, got } = await echo();
    expect(l.waiting()).toBe(false);
    // A connected socket sends at once, without a lookup: the datagram is on its way before this turn ends.
    const peer = createSocket('udp4');
    await new Promise<void>((r) => peer.connect(l.port, '127.0.0.1', () => r()));
    peer.send(Buffer.from('hello'));
    // The main thread reads nothing while this turn runs: the thread puts the datagram in the ring, and it waits there.
    const until = Date.now() + 5000;
    while (!l.waiting() && Date.now() < until);
    expect(l.waiting()).toBe(true);
    expect(got).toEqual([]);
    await expect.poll(() => got.length).toBe(1);
    expect(l.waiting()).toBe(false);
    await new Promise<void>((r) => peer.close(() => r()));
  });

  it('sends the replies already given when it closes', async () => {
    const { l } = await echo();
    const peer = await burstPeer();
    const burst = Array.from({ length: 199 }, (_, i) => peer.send(l.port, Buffer.from(`n${i}`)));
    await Promise.all([...burst, peer.send(l.port, Buffer.from('close'))]);
    await expect.poll(() => peer.replies.some((r) => r.toString() === 're:close'), { timeout: 5000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.replies.length).toBe(200);
    await l.close();
    await peer.close();
  });

  it('a reply the socket refuses (to port 0) is logged and costs only that reply, not the thread', async () => {
    const { l } = await echo();
    const thread = threadOf(l);
    const peer = await udpPeer();
    await peer.send(l.port, Buffer.from('to port 0'));
    await expect.poll(() => lines.some((m) => m.includes('authentication: socket error'))).toBe(true);
    await peer.send(l.port, Buffer.from('hello'));
    await expect.poll(() => peer.replies.length).toBe(1);
    expect(peer.replies[0]!.toString()).toBe('re:hello');
    expect(threadOf(l)).toBe(thread);
    await peer.close();
  });

  it('refuses a port already in use with the same message as before, leaving nothing behind', async () => {
    const taken = createSocket('udp4');
    await new Promise<void>((r) => taken.bind(0, '127.0.0.1', () => r()));
    const port = taken.address().port;
    await expect(echo({ port })).rejects.toThrow(`radius: cannot listen for authentication on 127.0.0.1:${port}: bind EADDRINUSE`);
    await new Promise<void>((r) => taken.close(() => r()));
  });

  it('when the thread stops, listens on the main thread on the same port and keeps answering', async () => {
    const { l } = await echo();
    const thread = threadOf(l)!;
    await thread.terminate();
    await expect.poll(() => lines.some((m) => m.includes('the UDP thread stopped; listening on the main thread instead'))).toBe(true);
    const peer = await udpPeer();
    let n = 0;
    await expect
      .poll(() => {
        void peer.send(l.port, Buffer.from(`x${n++}`));
        return peer.replies.length;
      }, { timeout: 5000 })
      .toBeGreaterThan(0);
    expect(threadOf(l)).toBeNull();
    expect(peer.replies[0]!.toString()).toMatch(/^re:x\d+$/);
    await peer.close();
  });

  it('runs on the main thread when asked to (thread: false), the same way', async () => {
    const { l } = await echo({ thread: false });
    expect(threadOf(l)).toBeNull();
    // Each datagram is handed over as it comes: nothing ever waits in a ring.
    expect(l.waiting()).toBe(false);
    const peer = await udpPeer();
    await peer.send(l.port, Buffer.from('hello'));
    await expect.poll(() => peer.replies.length).toBe(1);
    expect(peer.replies[0]!.toString()).toBe('re:hello');
    await peer.close();
  });

  it.each([
    ['through tsx, as the benchmarks, the fuzzer and the CLI tests load them', ['--import', 'tsx']],
    ['in a process whose -e code is an ES module', ['--import', 'tsx', '--input-type=module']],
  ])('runs its thread when the sources are loaded %s', async (_, flags) => {
    // tsx wraps inner functions in a `__name` helper of its own, which the thread's copy of the program does not have;
    // and a worker inherits its parent's flags, --input-type=module among them, which would read the program as ESM.
    const module = join(__dirname, '../../src/main/radius/udp-thread.ts');
    const script = `(async () => {
      const { listenUdp, threadOf } = await import(${JSON.stringify(module)});
      const warnings = [];
      const log = { debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
      log.child = () => log;
      const l = await listenUdp({ host: '127.0.0.1', port: 0, name: 'authentication', log, onMessage() {}, onDropped() {} });
      console.log(JSON.stringify({ thread: threadOf(l) !== null, warnings }));
      await l.close();
    })();`;
    const { stdout } = await promisify(execFile)(process.execPath, [...flags, '-e', script], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ thread: true, warnings: [] });
  });
});
