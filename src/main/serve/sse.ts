/**
 * Server-Sent Events for the change feed. Each event is `id: <seq>`, `event: <type>`,
 * `data: <json>`. A client that falls too far behind is dropped (it reconnects and
 * reloads), so one stuck tab cannot make the core buffer without bound.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventBus } from '../events';

const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Turns the response into an event stream until the client goes away or the server closes. */
export function attachEventStream(req: IncomingMessage, res: ServerResponse, events: EventBus, streams: Set<ServerResponse>): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n: connected\n\n');
  streams.add(res);

  // Ended by the server's close() a moment before the socket closes: nothing more may be written
  // (a write after end is an 'error' on the response, which nobody would catch).
  const open = () => !res.writableEnded && !res.destroyed;
  const unsubscribe = events.subscribe((e) => {
    if (!open()) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      return;
    }
    res.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  });
  const heartbeat = setInterval(() => open() && res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();

  const done = () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(res);
  };
  req.on('close', done);
  res.on('finish', done);
  res.on('close', done);
}
