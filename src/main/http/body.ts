/**
 * Request bodies with a size cap, for every HTTP server of the app (the serve-mode API,
 * the PC-sync webhook receiver). A body over the cap is refused without reading the
 * rest of it: `payload_too_large`, which `sendError` answers with 413 and
 * `Connection: close`, so the answer goes out first and Node closes the connection once
 * it is flushed (no draining megabytes; a client still sending then finds the connection
 * closed, after the answer).
 *
 * `Expect: 100-continue`: Node emits 'checkContinue' instead of 'request' for such a
 * request once anyone listens for it, and sends no 100 by itself. `handleExpectContinue`
 * routes those requests to the normal handler and `readBody` sends the 100 only when the
 * handler asks for a body within the cap, so a refusal (401, 404, 413) goes out before
 * the client sends a byte of it.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../../shared/errors';

/** Responses whose client waits for `100 Continue` before it sends the body. */
const awaitingContinue = new WeakSet<ServerResponse>();

/** Hands `Expect: 100-continue` requests to `listener` too (Node emits no 'request' for them); `readBody` then sends the 100. */
export function handleExpectContinue(server: Server, listener: RequestListener): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    awaitingContinue.add(res);
    listener(req, res);
  });
}

/**
 * Answers a request Node could not parse, or one that timed out, with 400 and closes its
 * connection once the answer is written, even when the client keeps its half of it open
 * (Node leaves that to a 'clientError' listener; without the close a client could hold
 * sockets, and a half-read body, for as long as it likes).
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (_err: Error, socket: Duplex) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n', () => socket.destroy());
  });
}

/** The body's declared Content-Length; null when it is chunked (or the header is unreadable). */
export function declaredLength(req: IncomingMessage): number | null {
  const v = req.headers['content-length'];
  if (v === undefined || !/^\d+$/.test(v)) return null;
  return Number(v);
}

/** The error for a body over `maxBytes` (413). */
export function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `The body is larger than ${maxBytes} bytes`);
}

/**
 * Reads a request body of at most `maxBytes`, first sending `100 Continue` if the client
 * waits for it. Rejects `payload_too_large` without reading further when the declared or
 * received length is over the cap (the request is left paused: answer with `sendError`),
 * and with the stream's error when the client goes away mid-body.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Buffer> {
  const declared = declaredLength(req);
  if (declared !== null && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  // Gone already (while the handler awaited something): its 'close' will not come again.
  if (req.destroyed) return Promise.reject(new Error('http: the client closed the connection before the body was complete'));
  if (awaitingContinue.delete(res)) res.writeContinue();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop pulling bytes off the wire; the 413 then closes the connection.
        stop();
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    const onClose = () => {
      stop();
      reject(new Error('http: the client closed the connection before the body was complete'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
