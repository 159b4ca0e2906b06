/**
 * The contract over HTTP on 127.0.0.1, for the browser UI, tests, a second screen or
 * a PC manager:
 *
 *   POST /api/<method>     JSON body in, JSON out; `Authorization: Bearer <token>`,
 *                          and `X-Operator-Token` for methods that need an operator
 *   POST /api/devices.pair a pairing code → a device token (no bearer token needed)
 *   GET  /api/events       Server-Sent Events: the core's change feed
 *   GET  /api/health       liveness, no token
 *   GET  /…                the built cashier UI
 *
 * The bearer token is the API token (printed at start, for scripts and the first till)
 * or a paired device's own token. A server on the café LAN (scope 'lan': --ui-host, or
 * the desktop app's switch) takes paired devices' tokens only: anything else is 401
 * there. A revoked device is refused at once and its event streams are closed.
 *
 * Every failure is a JSON `{ error: { code, message, fields? } }` with a 4xx status;
 * 500 only for a real fault inside the app (a failed disk write). Bodies over
 * MAX_BODY_BYTES get 413 and a closed connection (src/main/http/).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AppError } from '../../shared/errors';
import { refusal } from '../../shared/i18n/refusal';
import { internalError, type Dispatcher } from '../api/dispatcher';
import type { EventBus } from '../events';
import { answerClientErrors, handleExpectContinue } from '../http/body';
import { readJson, sendError, sendJson } from '../http/json';
import type { Logger } from '../log';
import { attachEventStream } from './sse';
import { serveStatic } from './static';

export const MAX_BODY_BYTES = 1024 * 1024;
const PAIR = 'devices.pair';

/** What the HTTP API asks of the paired devices (services/devices). */
export interface DeviceTokens {
  /** The device a token belongs to, or null (unknown or revoked). */
  resolve(token: string, address: string | null): number | null;
  onRevoked(fn: (deviceId: number) => void): () => void;
}

export interface HttpApiOptions {
  api: Dispatcher;
  events: EventBus;
  /** The API token; null: none (a LAN server takes device tokens only). */
  token: string | null;
  devices: DeviceTokens;
  /** Whether an operator token is signed in (a paired device's event stream needs one). */
  signedIn: (operatorToken: string) => boolean;
  /** 'local': 127.0.0.1, the API token or a device's; 'lan': the café LAN, paired devices only. */
  scope: 'local' | 'lan';
  /** Directory of the built renderer; null to serve no UI. */
  staticDir: string | null;
  version: string;
  log: Logger;
}

export interface HttpApi {
  server: Server;
  /** Listens on the host (default 127.0.0.1; port 0 = any free port) and resolves the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /** Uses a new API token from now on (the old one is refused). */
  setToken(token: string): void;
  /** Ends event streams and closes the server. */
  close(): Promise<void>;
}

/** How long close() lets requests in flight finish before it closes their connections. */
const CLOSE_GRACE_MS = 2000;

/** Creates the HTTP server; nothing is bound until `listen`. */
export function createHttpApi(o: HttpApiOptions): HttpApi {
  let tokenDigest = o.token === null || o.scope === 'lan' ? null : digest(o.token);
  const streams = new Set<ServerResponse>();
  /** Event streams by who opened them (a paired device, or the API token), closed when that is revoked or replaced. */
  const callerStreams = new Map<ServerResponse, number | 'api'>();
  const endStreams = (of: number | 'api') => {
    for (const [res, who] of callerStreams) if (who === of) res.end();
  };
  const stopRevoked = o.devices.onRevoked((id) => endStreams(id));

  /** Who is calling: the API token ('api'), a paired device (its id), or nobody (null). */
  const caller = (req: IncomingMessage): 'api' | number | null => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m) return null;
    if (tokenDigest && timingSafeEqual(digest(m[1]!), tokenDigest)) return 'api';
    return o.devices.resolve(m[1]!, req.socket.remoteAddress ?? null);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (!path.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new AppError('method_not_allowed', 'Only GET here');
      return serveStatic(req, res, o.staticDir, path);
    }
    if (path === '/api/health') return sendJson(res, 200, { ok: true, version: o.version });
    const address = req.socket.remoteAddress ?? null;
    const method = decodePath(path.slice('/api/'.length));
    // Pairing is how a browser without a token gets one: the code is its credential.
    const who = method === PAIR ? null : caller(req);
    if (method !== PAIR && who === null) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="iwas"');
      throw o.scope === 'lan' ? refusal('unauthorized', { id: 'errors.http.pairFirst' }) : new AppError('unauthorized', 'Missing or wrong API token (Authorization: Bearer <token>)');
    }
    if (path === '/api/events') {
      if (req.method !== 'GET') throw new AppError('method_not_allowed', 'Use GET for the event stream');
      // A paired device (a phone that may be lost) hears the live feed (voucher codes as they are sold) only while someone is signed in on it.
      const operator = header(req, 'x-operator-token');
      if (typeof who === 'number' && !(operator && o.signedIn(operator))) throw refusal('unauthorized', { id: 'errors.auth.signIn' });
      attachEventStream(req, res, o.events, streams);
      callerStreams.set(res, who!);
      res.on('close', () => callerStreams.delete(res));
      return;
    }
    if (req.method !== 'POST') throw new AppError('method_not_allowed', 'Use POST with a JSON body');
    const input = await readJson(req, res, MAX_BODY_BYTES);
    // Revoked (or the API token replaced) while the body was arriving: refused all the same.
    if (method !== PAIR && caller(req) === null) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="iwas"');
      // A till's device is told to pair again (in its language); a script, that its API token was replaced.
      throw who === 'api' ? new AppError('unauthorized', 'This API token was replaced while the request arrived') : refusal('unauthorized', { id: 'errors.http.revoked' });
    }
    const operatorToken = method === PAIR ? null : header(req, 'x-operator-token');
    const result = await o.api.call(method, input, operatorToken, { address });
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
      sendJson(res, 503, refusal('unavailable', { id: 'errors.http.stopping' }).toBody());
      return;
    }
    handle(req, res).catch((err: unknown) => {
      const e = err instanceof AppError ? err : internalError(err);
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
    setToken(token) {
      if (o.scope !== 'local') return;
      tokenDigest = digest(token);
      endStreams('api');
    },
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        closing = true;
        stopRevoked();
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

/** The method name from the path; a malformed escape is no method (404), not a fault. */
function decodePath(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new AppError('not_found', 'No such method');
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : null;
}
