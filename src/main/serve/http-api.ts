/**
 * The contract over HTTP on 127.0.0.1, for the browser UI, tests, a second screen or
 * a PC manager:
 *
 *   POST /api/<method>     JSON body in, JSON out; `Authorization: Bearer <token>`,
 *                          and `X-Operator-Token` for methods that need an operator
 *   GET  /api/events       Server-Sent Events: the core's change feed
 *   GET  /api/health       liveness, no token
 *   GET  /…                the built cashier UI
 *
 * Every failure is a JSON `{ error: { code, message, fields? } }` with a 4xx status;
 * 500 only for a real fault inside the app (a failed disk write). Bodies over
 * MAX_BODY_BYTES get 413 and a closed connection (src/main/http/).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AppError } from '../../shared/errors';
import type { Dispatcher } from '../api/dispatcher';
import type { EventBus } from '../events';
import { answerClientErrors, handleExpectContinue } from '../http/body';
import { readJson, sendError, sendJson } from '../http/json';
import type { Logger } from '../log';
import { attachEventStream } from './sse';
import { serveStatic } from './static';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpApiOptions {
  api: Dispatcher;
  events: EventBus;
  token: string;
  /** Directory of the built renderer; null to serve no UI. */
  staticDir: string | null;
  version: string;
  log: Logger;
}

export interface HttpApi {
  server: Server;
  /** Listens on 127.0.0.1 (port 0 = any free port) and resolves the bound port. */
  listen(port: number): Promise<number>;
  /** Ends event streams and closes the server. */
  close(): Promise<void>;
}

/** How long close() lets requests in flight finish before it closes their connections. */
const CLOSE_GRACE_MS = 2000;

/** Creates the HTTP server; nothing is bound until `listen`. */
export function createHttpApi(o: HttpApiOptions): HttpApi {
  const tokenDigest = digest(o.token);
  const streams = new Set<ServerResponse>();

  const authorized = (req: IncomingMessage): boolean => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return m !== null && timingSafeEqual(digest(m[1]!), tokenDigest);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (!path.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new AppError('method_not_allowed', 'Only GET here');
      return serveStatic(req, res, o.staticDir, path);
    }
    if (path === '/api/health') return sendJson(res, 200, { ok: true, version: o.version });
    if (!authorized(req)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="iwas"');
      throw new AppError('unauthorized', 'Missing or wrong API token (Authorization: Bearer <token>)');
    }
    if (path === '/api/events') {
      if (req.method !== 'GET') throw new AppError('method_not_allowed', 'Use GET for the event stream');
      return attachEventStream(req, res, o.events, streams);
    }
    if (req.method !== 'POST') throw new AppError('method_not_allowed', 'Use POST with a JSON body');
    const method = decodeURIComponent(path.slice('/api/'.length));
    const input = await readJson(req, res, MAX_BODY_BYTES);
    const operatorToken = header(req, 'x-operator-token');
    const result = await o.api.call(method, input, operatorToken);
    sendJson(res, 200, result);
  };

  // Set by close(): a request that still arrives on a kept-alive connection (a browser reusing it
  // to reconnect its event stream, say) is refused and its connection closed, so close() finishes.
  let closing = false;

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    if (closing) {
      res.setHeader('Connection', 'close');
      sendJson(res, 503, new AppError('unavailable', 'The app is stopping; try again when it is back').toBody());
      return;
    }
    handle(req, res).catch((err: unknown) => {
      const e = err instanceof AppError ? err : new AppError('internal', 'Something went wrong inside the app; it has been logged.');
      if (!(err instanceof AppError)) o.log.error('request failed', { url: req.url, err });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, e);
    });
  };
  const server = createServer(onRequest);
  handleExpectContinue(server, onRequest);
  answerClientErrors(server);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return {
    server,
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        closing = true;
        for (const s of streams) s.end();
        streams.clear();
        server.close(() => resolve());
        server.closeIdleConnections();
        // A request still running when the app stops gets its answer; a connection that then
        // lingers (keep-alive) does not hold the shutdown up for more than a moment.
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }),
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : null;
}
