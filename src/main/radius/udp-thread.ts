/**
 * A RADIUS listener whose socket lives on its own thread. The thread receives datagrams into
 * one shared-memory ring and sends the replies it finds in another; the main thread reads the
 * requests, answers them as before, and makes no socket calls. On loopback and on a busy
 * machine the socket calls are most of a request's cost (the kernel delivers a reply to its
 * receiver inside the sender's `sendmsg`); here they run beside the main thread instead of in
 * it. Node 20 has neither `sendmmsg` nor `SO_REUSEPORT` for UDP, so this is the way to use
 * a second core for them. The socket has one owner (the thread), bound with the public API.
 */
import type * as Dgram from 'node:dgram';
import type { RemoteInfo } from 'node:dgram';
import type * as WorkerThreads from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { datagramRing, ringMemory } from './datagram-ring';
import { bindUdp, guarded, RECEIVE_BUFFER_BYTES, udpType, type UdpListener } from './udp';

/** Bytes of requests waiting for the main thread (beyond the kernel's buffer) and of replies waiting for the thread. */
const RING_BYTES = 1 << 20;
/** Datagrams the main thread reads before letting the rest of its event loop run. */
const READ_BATCH = 256;
/** Within a batch, replies waiting this long are handed over without waiting for the batch's end (a batch of logins that each commit a sale). */
const HANDOVER_MS = 1;

interface ThreadData {
  host: string;
  port: number;
  type: 'udp4' | 'udp6';
  recvBufferSize: number;
  requests: SharedArrayBuffer;
  replies: SharedArrayBuffer;
  readBatch: number;
}

type FromThread = { kind: 'listening'; port: number } | { kind: 'bind-failed'; message: string } | { kind: 'socket-error'; message: string };

/**
 * The thread's program. It runs from its source text (`toString()`), so it uses only its
 * arguments and globals: `ring` is `datagramRing`, `require` the thread's own.
 */
function udpThread(d: ThreadData, ring: typeof datagramRing, require: NodeJS.Require) {
  const dgram = require('node:dgram') as typeof Dgram;
  const { parentPort } = require('node:worker_threads') as typeof WorkerThreads;
  const port = parentPort!;
  const requests = ring(d.requests);
  const replies = ring(d.replies);
  const socket = dgram.createSocket({ type: d.type, reuseAddr: false, recvBufferSize: d.recvBufferSize });
  let closing = false;
  // A reply the socket refuses (a request forged with source port 0, say) costs that reply, not the thread.
  const refused = (err: unknown) => port.postMessage({ kind: 'socket-error', message: err instanceof Error ? err.message : String(err) });
  const send = (data: Buffer, to: number, address: string) => {
    try {
      socket.send(data, to, address);
    } catch (err) {
      refused(err);
    }
  };
  const sendReplies = () => {
    if (closing) return;
    replies.read(send, d.readBatch);
    const more = replies.sleep();
    if (more) more.then(sendReplies, () => {});
    else setImmediate(sendReplies);
  };
  socket.once('error', (err) => {
    port.postMessage({ kind: 'bind-failed', message: err.message });
    socket.close();
  });
  socket.on('message', (msg, from) => {
    // A sleeping main thread is idle: wake it at once.
    if (requests.write(msg, from.port, from.address)) requests.wake();
    else requests.dropped();
  });
  socket.bind(d.port, d.host, () => {
    socket.removeAllListeners('error');
    socket.on('error', (err) => port.postMessage({ kind: 'socket-error', message: err.message }));
    port.postMessage({ kind: 'listening', port: socket.address().port });
    sendReplies();
  });
  port.on('message', () => {
    // Closing: send what is already answered, and close once the last of it has gone out
    // (a send resolves its address on the next tick: closing at once would drop it).
    closing = true;
    let outstanding = 1;
    const sent = () => {
      if (--outstanding === 0) socket.close();
    };
    replies.read((data, to, address) => {
      outstanding++;
      try {
        socket.send(data, to, address, sent);
      } catch (err) {
        refused(err);
        sent();
      }
    }, Infinity);
    sent();
  });
  // The thread lives as long as its socket: closing the socket ends it (after the listener above, which refs the port).
  port.unref();
}

/**
 * A transpiler may have wrapped the program's inner functions in a helper of its own: tsx
 * (esbuild's keepNames, used by the benchmarks and the fuzzer, which load the sources
 * directly) writes `__name(fn, "name")`. The thread has no such helper, so it gets one that
 * does nothing; without it the thread threw at start and the socket ran on the main thread.
 */
const threadSource = `var __name = (fn) => fn; (${udpThread.toString()})(require('node:worker_threads').workerData, ${datagramRing.toString()}, require);`;

const threads = new WeakMap<UdpListener, () => Worker | null>();

/** The thread a listener's socket runs on now, or null when it runs on the main thread (for tests and diagnostics). */
export function threadOf(listener: UdpListener): Worker | null {
  return threads.get(listener)?.() ?? null;
}

/** The UDP thread could not run (as opposed to the port not being free). */
class ThreadUnavailable extends Error {}

export interface ListenOptions {
  host: string;
  port: number;
  /** "authentication" or "accounting", for messages. */
  name: string;
  log: Logger;
  onMessage: (msg: Buffer, from: RemoteInfo) => void;
  /** Datagrams dropped because the main thread was this far behind (counted as overloaded). */
  onDropped: (count: number) => void;
  /** false: the socket on the main thread (the accounting socket, see server.ts). */
  thread?: boolean;
}

/**
 * Binds `host:port` (0 = any free port) with its socket on a UDP thread; rejects `radius: …`
 * when the port cannot be bound. When the thread cannot run, or stops, the socket is bound
 * on the main thread instead (same port), so the routers are answered either way.
 */
export async function listenUdp(o: ListenOptions): Promise<UdpListener> {
  const onMainThread = (port: number) => bindUdp(o.host, port, o.name, o.onMessage, o.log);
  if (o.thread === false) return onMainThread(o.port);
  let current: UdpListener;
  let closed = false;
  let thread: Worker | null = null;
  let rebinding: Promise<void> | null = null;
  const failed = (err: Error, port: number) => {
    if (closed) return;
    o.log.error(`${o.name}: the UDP thread stopped; listening on the main thread instead`, { err });
    thread = null;
    current = { port, send() {}, waiting: () => false, close: async () => {} };
    rebinding = onMainThread(port).then(
      (l) => {
        current = l;
      },
      (e: unknown) => o.log.error(`${o.name}: could not listen again after the UDP thread stopped`, { err: e }),
    );
  };
  try {
    [current, thread] = await bindUdpThread(o, failed);
  } catch (err) {
    if (!(err instanceof ThreadUnavailable)) throw err;
    o.log.warn(`${o.name}: no UDP thread (${err.message}); the socket runs on the main thread`);
    current = await onMainThread(o.port);
  }
  const listener: UdpListener = {
    port: current.port,
    send: (reply, port, address) => current.send(reply, port, address),
    waiting: () => current.waiting(),
    async close() {
      closed = true;
      await rebinding;
      await current.close();
    },
  };
  threads.set(listener, () => thread);
  return listener;
}

function bindUdpThread(o: ListenOptions, failed: (err: Error, port: number) => void): Promise<[UdpListener, Worker]> {
  const { host, port, name, log } = o;
  const type = udpType(host);
  const family = type === 'udp6' ? 'IPv6' : 'IPv4';
  const data: ThreadData = { host, port, type, recvBufferSize: RECEIVE_BUFFER_BYTES, requests: ringMemory(RING_BYTES), replies: ringMemory(RING_BYTES), readBatch: READ_BATCH };
  const requests = datagramRing(data.requests);
  const replies = datagramRing(data.replies);
  let worker: Worker;
  try {
    // execArgv: none of the parent's flags. The program is plain CommonJS and needs none, and some
    // would break it (--input-type=module reads it as ESM) or slow its start (--import tsx).
    worker = new Worker(threadSource, { eval: true, execArgv: [], workerData: data, name: `radius-${name}` });
  } catch (err) {
    return Promise.reject(new ThreadUnavailable(err instanceof Error ? err.message : String(err)));
  }
  let state: 'starting' | 'open' | 'closing' | 'gone' = 'starting';
  let boundPort = 0;
  let lastError: Error | null = null;

  let reading = false;
  let flushPending = false;
  let handedOverAt = 0;
  const flush = () => {
    flushPending = false;
    handedOverAt = performance.now();
    replies.wake();
  };
  const handle = guarded(name, log, o.onMessage);
  const deliver = (msg: Buffer, fromPort: number, address: string) => handle(msg, { address, port: fromPort, family, size: msg.length });
  /** One batch of requests, their replies handed over, then sleep until more come (or yield to the rest of the event loop and read on). */
  const readRequests = () => {
    if (state !== 'open') return;
    handedOverAt = performance.now();
    reading = true;
    requests.read(deliver, READ_BATCH);
    reading = false;
    const dropped = requests.takeDropped();
    if (dropped) o.onDropped(dropped);
    flush();
    const more = requests.sleep();
    if (more) more.then(readRequests, () => {});
    else setImmediate(readRequests);
  };

  return new Promise((resolve, reject) => {
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    worker.on('error', (err) => {
      lastError = err;
    });
    worker.on('message', (m: FromThread) => {
      if (m.kind === 'bind-failed') reject(new Error(`radius: cannot listen for ${name} on ${host}:${port}: ${m.message}`));
      else if (m.kind === 'socket-error') log.error(`${name}: socket error`, { err: new Error(m.message) });
      else {
        state = 'open';
        boundPort = m.port;
        // Reading starts once the caller holds the listener (its handlers answer through it).
        setImmediate(readRequests);
        resolve([{
          port: m.port,
          send(reply, to, address) {
            if (state !== 'open') return;
            // Handed over at the end of the batch of requests being answered (one wake-up for
            // the lot) unless the batch is slow, or at the end of this loop turn for an answer given later.
            if (!replies.write(reply, to, address)) o.onDropped(1);
            else if (reading) {
              if (performance.now() - handedOverAt >= HANDOVER_MS) flush();
            } else if (!flushPending) {
              flushPending = true;
              setImmediate(flush);
            }
          },
          waiting: () => state === 'open' && requests.pending(),
          async close() {
            if (state === 'open') {
              state = 'closing';
              worker.postMessage('close');
              requests.wake(); // ends the main thread's wait on the ring, so nothing holds it
            }
            await exited;
          },
        }, worker]);
      }
    });
    worker.once('exit', (code) => {
      const was = state;
      state = 'gone';
      const err = lastError ?? new Error(`the UDP thread exited with code ${code}`);
      if (was === 'starting') reject(new ThreadUnavailable(err.message));
      else if (was === 'open') {
        requests.wake();
        // Deferred: a thread that dies just after listening delivers 'listening' and 'exit' together,
        // before the caller has taken the listener.
        setImmediate(() => failed(err, boundPort));
      }
    });
  });
}
