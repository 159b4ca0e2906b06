/** Raw UDP exchanges on loopback, for packets radclient cannot make (malformed, forged, exact bytes). */
import { createSocket } from 'node:dgram';

/** Sends `packet` from `fromAddress` (a 127.0.0.0/8 address) and resolves the first reply, or null after `timeoutMs`. */
export function exchange(port: number, packet: Buffer, opts: { timeoutMs?: number; fromAddress?: string; fromPort?: number } = {}): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, opts.timeoutMs ?? 500);
    socket.on('error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.bind(opts.fromPort ?? 0, opts.fromAddress ?? '127.0.0.1', () => socket.send(packet, port, '127.0.0.1'));
  });
}

/** A socket kept open to send several packets from one source port and collect every reply. */
export async function udpPeer(fromAddress = '127.0.0.1', o: { recvBufferSize?: number } = {}) {
  const socket = createSocket({ type: 'udp4', ...o });
  const replies: Buffer[] = [];
  socket.on('message', (m) => replies.push(m));
  await new Promise<void>((r) => socket.bind(0, fromAddress, () => r()));
  return {
    replies,
    /** The port it listens on (a peer that never answers is a black hole). */
    port: socket.address().port,
    send: (port: number, packet: Buffer) => new Promise<void>((r) => socket.send(packet, port, '127.0.0.1', () => r())),
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `cond` holds (bounded). */
export async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}
