/** Binding a UDP socket for a RADIUS listener. */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Logger } from '../log';

/** FreeRADIUS's benchmark setting: bursts of 256 requests must not overflow the kernel buffer. */
export const RECEIVE_BUFFER_BYTES = 1024 * 1024;

/** A bound RADIUS socket: where it listens, how to answer, how to stop. */
export interface UdpListener {
  port: number;
  send(reply: Buffer, port: number, address: string): void;
  /** Requests received and not yet handled (a UDP thread's ring; a socket on this thread hands each over as it comes: false). */
  waiting(): boolean;
  close(): Promise<void>;
}

/** The socket type for a listening address. */
export const udpType = (host: string): 'udp4' | 'udp6' => (host.includes(':') ? 'udp6' : 'udp4');

/** `onMessage` guarded: the pipelines never throw by design; this is the last guard of a read loop. */
export function guarded(name: string, log: Logger, onMessage: (msg: Buffer, from: RemoteInfo) => void) {
  return (msg: Buffer, from: RemoteInfo) => {
    try {
      onMessage(msg, from);
    } catch (err) {
      log.error(`${name}: unexpected failure on a datagram`, { err, from: from.address });
    }
  };
}

/** Binds `host:port` (port 0 = any free one) on this thread; rejects `radius: …` when it cannot. */
export function bindUdp(host: string, port: number, name: string, onMessage: (msg: Buffer, from: RemoteInfo) => void, log: Logger): Promise<UdpListener> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: udpType(host), reuseAddr: false, recvBufferSize: RECEIVE_BUFFER_BYTES });
    const failed = (err: Error) => {
      socket.close();
      reject(new Error(`radius: cannot listen for ${name} on ${host}:${port}: ${err.message}`));
    };
    socket.once('error', failed);
    socket.on('message', guarded(name, log, onMessage));
    // A send resolves its address on the next tick: closing before it would drop the reply. Replies
    // on their way are counted, and the socket closes once the last has gone out (or after a second).
    let sending = 0;
    let closed: (() => void) | null = null;
    const sent = () => {
      if (--sending === 0) closed?.();
    };
    socket.bind(port, host, () => {
      socket.off('error', failed);
      socket.on('error', (err) => log.error(`${name}: socket error`, { err }));
      resolve({
        port: socket.address().port,
        send(reply, to, address) {
          socket.send(reply, to, address, sent);
          sending++;
        },
        waiting: () => false,
        close: async () => {
          if (sending > 0) await doneWithin((done) => (closed = done), 1_000);
          await closeSocket(socket);
        },
      });
    });
  });
}

/** Resolves once the `done` handed to `start` is called, or after `ms` (a stop that must not hang on what it waits for). */
export async function doneWithin(start: (done: () => void) => void, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((done) => {
    start(done);
    timer = setTimeout(done, ms);
  });
  clearTimeout(timer);
}

/** Closes a socket, ignoring one already closed. */
function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
