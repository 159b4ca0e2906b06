/**
 * Body-size limits over real HTTP on 127.0.0.1, for both servers: the PC-sync webhook
 * receiver (64 KiB, on the café LAN) and the serve-mode API (1 MiB). An over-size body
 * gets the documented 413 with a JSON message and `Connection: close` (not a reset
 * connection), whether its length is declared, chunked, or announced with
 * `Expect: 100-continue` (then the body is never sent).
 */
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { silentLogger } from '../../src/main/log';
import { sign } from '../../src/main/pcsync/signature';
import { startServe } from '../../src/main/serve/run';
import { startCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';
import { until } from '../helpers/udp';

const connectionsOf = (server: Server) => () => new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));

const TEN_MIB = 10 * 1024 * 1024;
const CHUNK = 64 * 1024;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The server sent `100 Continue`. */
  continued: boolean;
}

interface Send {
  headers?: Record<string, string>;
  /** The body, or how many bytes of filler to send. */
  body: Buffer | number;
  /** Sent without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  /** Sends `Expect: 100-continue` and the body only after a 100. */
  expectContinue?: boolean;
}

/**
 * POSTs with node:http on a fresh connection and resolves the answer. The body goes out in
 * 64 KiB writes until the server answers; a reset after the answer arrived is fine (the
 * client was still sending), one before it is the failure these tests look for.
 */
function send(port: number, path: string, o: Send): Promise<Answer> {
  const size = typeof o.body === 'number' ? o.body : o.body.length;
  const headers: Record<string, string> = { ...o.headers };
  if (!o.chunked) headers['Content-Length'] = String(size);
  if (o.expectContinue) headers.Expect = '100-continue';
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers, agent: false });
    onTestFinished(() => void req.destroy());
    let answered = false;
    let continued = false;
    req.on('error', (err) => {
      if (!answered) reject(new Error(`no answer, the connection failed: ${err.message}`, { cause: err }));
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          // not JSON: kept as text for the assertion to show
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, continued });
        req.destroy();
      });
    });
    const writeBody = () => {
      if (Buffer.isBuffer(o.body)) {
        req.end(o.body);
        return;
      }
      const filler = Buffer.alloc(CHUNK, 0x61);
      let sent = 0;
      const pump = () => {
        while (!answered && !req.destroyed && sent < size) {
          const n = Math.min(CHUNK, size - sent);
          sent += n;
          if (!req.write(n === CHUNK ? filler : filler.subarray(0, n))) {
            req.once('drain', pump);
            return;
          }
        }
        if (!answered && !req.destroyed) req.end();
      };
      pump();
    };
    if (o.expectContinue) {
      req.on('continue', () => {
        continued = true;
        writeBody();
      });
      req.flushHeaders();
    } else {
      writeBody();
    }
  });
}

interface Target {
  port: number;
  /** Connections the server holds open now. */
  connections: () => Promise<number>;
  path: string;
  /** Headers of any request to `path` (no signature: an over-size body is refused before that is checked). */
  headers: Record<string, string>;
  /** A request the server accepts (signed anew for the webhook). */
  good: () => { headers: Record<string, string>; body: Buffer };
  ok: (a: Answer) => void;
  /** A request the server refuses before it wants the body, and the status it answers. */
  refused: { path: string; headers: Record<string, string>; status: number };
}

/** The three over-size cases and the ones that must still work, for one server. */
function limits(name: string, start: () => Promise<Target>) {
  describe(name, () => {
    it('a 10 MiB body with its Content-Length declared → 413 with a JSON message and Connection: close', async () => {
      const s = await start();
      const a = await send(s.port, s.path, { headers: s.headers, body: TEN_MIB });
      expect(a.status).toBe(413);
      expect(a.headers.connection).toBe('close');
      expect(a.body).toMatchObject({ error: { code: 'payload_too_large', message: expect.stringMatching(/larger than \d+ bytes/) as unknown } });
      s.ok(await send(s.port, s.path, s.good()));
    });

    it('a 10 MiB chunked body → 413 with Connection: close', async () => {
      const s = await start();
      const a = await send(s.port, s.path, { headers: s.headers, body: TEN_MIB, chunked: true });
      expect(a.status).toBe(413);
      expect(a.headers.connection).toBe('close');
      expect(a.body).toMatchObject({ error: { code: 'payload_too_large' } });
      s.ok(await send(s.port, s.path, s.good()));
    });

    it('Expect: 100-continue with a huge Content-Length → 413 at once, no 100, the body never sent', async () => {
      const s = await start();
      const a = await send(s.port, s.path, { headers: s.headers, body: TEN_MIB, expectContinue: true });
      expect(a.continued).toBe(false);
      expect(a.status).toBe(413);
      expect(a.headers.connection).toBe('close');
      expect(a.body).toMatchObject({ error: { code: 'payload_too_large' } });
    });

    it('Expect: 100-continue with a body within the limit → 100, then the normal answer', async () => {
      const s = await start();
      const a = await send(s.port, s.path, { ...s.good(), expectContinue: true });
      expect(a.continued).toBe(true);
      s.ok(a);
    });

    it('Expect: 100-continue on a request refused before its body (path, token) → the refusal, no 100', async () => {
      const s = await start();
      const a = await send(s.port, s.refused.path, { ...s.good(), headers: s.refused.headers, expectContinue: true });
      expect(a.continued).toBe(false);
      expect(a.status).toBe(s.refused.status);
      expect(a.headers.connection).toBe('close');
    });

    it('a request it cannot parse → 400, and the connection is closed even when the client keeps its half open', async () => {
      const s = await start();
      const socket = connect({ host: '127.0.0.1', port: s.port, allowHalfOpen: true });
      onTestFinished(() => void socket.destroy());
      let answer = '';
      socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
      socket.on('error', () => undefined); // the server closing under a half-open client is the point
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write('NOT-HTTP \x00\r\n\r\n');
      await until(() => answer.startsWith('HTTP/1.1 400'));
      // The client never ends its side; the server must not keep the socket for it.
      const deadline = Date.now() + 3000;
      while ((await s.connections()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await s.connections()).toBe(0);
    });

    it('a normal request (chunked too) still works', async () => {
      const s = await start();
      s.ok(await send(s.port, s.path, s.good()));
      s.ok(await send(s.port, s.path, { ...s.good(), chunked: true }));
    });
  });
}

describe('HTTP body limits', () => {
  limits('PC-sync webhook receiver (64 KiB)', async () => {
    const t = await startCore({ webhook: { host: '127.0.0.1', port: 0 } });
    const secret = t.core.pcsync.secret()!;
    let n = 0;
    const headers = { 'Content-Type': 'application/json' };
    const good = () => {
      const id = `msg_limits_${++n}`;
      const ts = Math.floor(t.clock.now() / 1000);
      const body = JSON.stringify({ type: 'pc.login', data: { pcUser: 'kenji', station: 'PC-03', occurredAt: t.clock.now() } });
      return { headers: { ...headers, 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sign(secret, id, ts, body) }, body: Buffer.from(body) };
    };
    return {
      port: t.core.webhook!.port,
      connections: connectionsOf(t.core.webhook!.server),
      path: '/webhooks/pc',
      headers,
      good,
      ok: (a) => expect(a).toMatchObject({ status: 200, body: { ok: true, duplicate: false } }),
      refused: { path: '/webhooks/other', headers, status: 404 },
    };
  });

  limits('serve-mode HTTP API (1 MiB)', async () => {
    const token = 'test-token-0123456789';
    const s = await startServe({ dataDir: tempDir(), port: 0, token, staticDir: null, log: silentLogger, firstAdmin: { name: 'Ana', pin: '1234' } });
    onTestFinished(() => s.stop());
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    return {
      port: s.port,
      connections: connectionsOf(s.http.server),
      path: '/api/operators.roster',
      headers,
      good: () => ({ headers, body: Buffer.from('{}') }),
      ok: (a) => expect(a).toMatchObject({ status: 200, body: [{ name: 'Ana' }] }),
      refused: { path: '/api/operators.roster', headers: { 'Content-Type': 'application/json' }, status: 401 },
    };
  });
});
