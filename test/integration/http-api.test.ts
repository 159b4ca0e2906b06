import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onTestFinished } from 'vitest';
import { methodNames } from '../../src/shared/contract';
import { silentLogger } from '../../src/main/log';
import { startServe, type Serving } from '../../src/main/serve/run';
import { hourPackage } from '../helpers/core';
import { tempDir } from '../helpers/temp';

const TOKEN = 'test-token-0123456789';

async function serve(withUi = false): Promise<Serving & { post: Post; admin: string }> {
  let staticDir: string | null = null;
  if (withUi) {
    staticDir = tempDir('iwas-ui-');
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>IWAS</title>');
    writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'console.log(1)');
  }
  const s = await startServe({ dataDir: tempDir(), port: 0, token: TOKEN, staticDir, log: silentLogger, firstAdmin: { name: 'Ana', pin: '1234' } });
  onTestFinished(() => s.stop());
  const post = postTo(s.url);
  const { body } = await post('operators.signIn', { operatorId: 1, pin: '1234' });
  return { ...s, post, admin: (body as { token: string }).token };
}

type Post = (method: string, body: unknown, opts?: { token?: string | null; operator?: string; raw?: string; type?: string }) => Promise<{ status: number; body: unknown }>;

function postTo(base: string): Post {
  return async (method, body, opts = {}) => {
    const headers: Record<string, string> = { 'Content-Type': opts.type ?? 'application/json' };
    const token = opts.token === undefined ? TOKEN : opts.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (opts.operator) headers['X-Operator-Token'] = opts.operator;
    const res = await fetch(`${base}api/${method}`, { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}

describe('HTTP API', () => {
  it('health needs no token; everything else needs the bearer token', async () => {
    const s = await serve();
    expect(await (await fetch(`${s.url}api/health`)).json()).toMatchObject({ ok: true });
    const none = await s.post('operators.roster', {}, { token: null });
    expect(none).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'Missing or wrong API token (Authorization: Bearer <token>)' } } });
    expect((await s.post('operators.roster', {}, { token: 'wrong' })).status).toBe(401);
    expect((await s.post('operators.roster', {}, { token: `${TOKEN}x` })).status).toBe(401);
    expect((await s.post('operators.roster', {})).status).toBe(200);
  });

  it('methods needing an operator answer 401 without one', async () => {
    const s = await serve();
    expect((await s.post('packages.list', {})).body).toMatchObject({ error: { code: 'unauthorized', message: 'Sign in as an operator first' } });
    expect((await s.post('packages.list', {}, { operator: s.admin })).status).toBe(200);
  });

  it('invalid input → 400 with a message per field', async () => {
    const s = await serve();
    const r = await s.post('packages.create', { name: '', pricing: 'fixed', priceMinor: 12.5, deviceLimit: 0 }, { operator: s.admin });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: {
        code: 'invalid_input',
        message: 'Invalid input — name: Required',
        fields: { name: 'Required', priceMinor: 'A whole number', deviceLimit: 'At least 1 device' },
      },
    });
  });

  it('selling a retired package → 422 with a clear message; paying too little names the field', async () => {
    const s = await serve();
    const pkg = (await s.post('packages.create', hourPackage, { operator: s.admin })).body as { id: number };
    const short = await s.post('sales.sell', { packageId: pkg.id, paidMinor: 100 }, { operator: s.admin });
    expect(short).toMatchObject({ status: 422, body: { error: { code: 'rule', fields: { paidMinor: 'Paid ₱1.00 is less than the price ₱20.00' } } } });
    await s.post('packages.setActive', { id: pkg.id, active: false }, { operator: s.admin });
    const r = await s.post('sales.sell', { packageId: pkg.id, paidMinor: 2000 }, { operator: s.admin });
    // Beside the English, the same sentences as catalog messages (for a till in Filipino or Bahasa Indonesia).
    expect(r).toEqual({
      status: 422,
      body: {
        error: {
          code: 'rule',
          message: '"1 hour" is retired and can no longer be sold',
          fields: { packageId: 'Retired package' },
          said: { message: { id: 'errors.package.retired', values: { package: '1 hour' } }, fields: { packageId: { id: 'errors.package.retiredField' } } },
        },
      },
    });
    const missing = await s.post('sales.sell', { packageId: 999, paidMinor: 2000 }, { operator: s.admin });
    expect(missing.status).toBe(404);
  });

  it('a PIN locked after five wrong ones → the fifth and each try while locked (429) say when to try again: retryAfterS in the details, and Retry-After', async () => {
    const s = await serve();
    for (let i = 0; i < 4; i++) expect((await s.post('operators.signIn', { operatorId: 1, pin: '0000' })).status).toBe(401);
    // The fifth wrong PIN is refused as wrong, and already says how long the lock it starts lasts.
    expect(await s.post('operators.signIn', { operatorId: 1, pin: '0000' })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', details: { retryAfterS: 30 } } } });
    const res = await fetch(`${s.url}api/operators.signIn`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ operatorId: 1, pin: '1234' }) });
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(29);
    expect(wait).toBeLessThanOrEqual(30);
    expect(await res.json()).toMatchObject({ error: { code: 'too_many_requests', message: `Too many wrong PINs; try again in ${wait} s`, details: { retryAfterS: wait } } });
  });

  it('transport errors: bad JSON 400, wrong content type 415, oversize 413, unknown method 404, GET 405', async () => {
    const s = await serve();
    expect(await s.post('packages.list', null, { operator: s.admin, raw: '{"a":' })).toMatchObject({ status: 400, body: { error: { message: 'The request body is not valid JSON' } } });
    expect((await s.post('packages.list', null, { operator: s.admin, raw: 'a=1', type: 'application/x-www-form-urlencoded' })).status).toBe(415);
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    expect((await s.post('packages.create', null, { operator: s.admin, raw: big })).status).toBe(413);
    expect((await s.post('no.such', {})).body).toMatchObject({ error: { code: 'not_found', message: 'Unknown method "no.such"' } });
    expect((await s.post('__proto__', {})).status).toBe(404);
    const get = await fetch(`${s.url}api/packages.list`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(get.status).toBe(405);
    // The server still answers normally afterwards.
    expect((await s.post('packages.list', {}, { operator: s.admin })).status).toBe(200);
  });

  it('never answers 500 to bad input on any method (fuzzed bodies)', async () => {
    const s = await serve();
    await s.post('packages.create', hourPackage, { operator: s.admin });
    const cashier = (await s.post('operators.create', { name: 'Ben', role: 'cashier', pin: '5678' }, { operator: s.admin })).body as { id: number };
    const ben = ((await s.post('operators.signIn', { operatorId: cashier.id, pin: '5678' })).body as { token: string }).token;
    const junk = fc.oneof(
      fc.jsonValue(),
      fc.record({ id: fc.jsonValue(), packageId: fc.jsonValue(), paidMinor: fc.jsonValue(), reason: fc.jsonValue(), sessionId: fc.jsonValue() }, { requiredKeys: [] }),
      fc.dictionary(fc.string(), fc.jsonValue()),
    );
    const seen = new Set<number>();
    // Sign-out last: it ends the tokens the other calls need.
    const order = [...methodNames.filter((m) => m !== 'operators.signOut'), 'operators.signOut' as const];
    for (const method of order) {
      const samples = fc.sample(junk, { numRuns: 25, seed: 7 });
      for (const body of samples) {
        for (const operator of [s.admin, ben]) {
          const r = await s.post(method, body, { operator });
          seen.add(r.status);
          expect(r.status, `${method} ${JSON.stringify(body)}`).toBeLessThan(500);
          expect(r.status === 200 || (r.body as { error?: { message?: unknown } }).error?.message !== undefined, `${method} ${r.status} ${JSON.stringify(r.body)}`).toBe(true);
        }
      }
    }
    expect(seen.has(400)).toBe(true);
    expect(seen.has(403)).toBe(true);
  }, 120_000);

  it('pushes events over SSE: a sale and the new session', async () => {
    const s = await serve();
    const pkg = (await s.post('packages.create', hourPackage, { operator: s.admin })).body as { id: number };
    expect((await fetch(`${s.url}api/events`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${s.url}api/events`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const received: { event: string; data: { type: string; seq: number } }[] = [];
    const reading = (async () => {
      let buffer = '';
      const decoder = new TextDecoder();
      while (received.length < 2) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) received.push({ event, data: JSON.parse(data) as { type: string; seq: number } });
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const sold = (await s.post('sales.sell', { packageId: pkg.id, paidMinor: 2000 }, { operator: s.admin })).body as { session: { id: number } };
    await reading;
    controller.abort();
    expect(received.map((r) => r.event)).toEqual(['sale.recorded', 'sessions.updated']);
    expect(received[1]!.data).toMatchObject({ type: 'sessions.updated', sessions: [{ id: sold.session.id, state: 'PENDING' }] });
    expect(received[1]!.data.seq).toBeGreaterThan(received[0]!.data.seq);
  });

  it('stops promptly: a request arriving on a kept-alive connection while it stops is refused (503), not a new event stream', async () => {
    const s = await serve();
    const socket = connect(s.port, '127.0.0.1');
    onTestFinished(() => void socket.destroy());
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // A request in flight (its body not all sent yet) when the app is told to stop…
    socket.write(`POST /api/setup.status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{`);
    await new Promise((r) => setTimeout(r, 50));
    let closed = false;
    const closing = s.http.close().then(() => (closed = true));
    socket.write('}');
    await expect.poll(() => received).toMatch(/^HTTP\/1\.1 200[\s\S]*"needsAdmin":false/);
    // …then the browser reuses the connection to reconnect its event stream.
    socket.write(`GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
    await expect.poll(() => received).toMatch(/HTTP\/1\.1 503[\s\S]*Connection: close[\s\S]*The app is stopping.*"said":\{"message":\{"id":"errors.http.stopping"\}\}/i);
    await expect.poll(() => closed, { timeout: 1000 }).toBe(true);
    await closing;
  });

  it('an event right as the server closes its event streams is not written after their end (no uncaught error)', async () => {
    const s = await serve();
    const res = await fetch(`${s.url}api/events`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    const closing = s.http.close();
    s.core.events.emit('packages.changed', {});
    await closing;
    await reader.cancel().catch(() => undefined);
  });

  it('serves the built UI with a CSP, falls back to index.html for app routes, and stays inside its directory', async () => {
    const s = await serve(true);
    const index = await fetch(s.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await index.text()).toContain('<title>IWAS</title>');
    expect((await fetch(`${s.url}sessions`)).status).toBe(200);
    const asset = await fetch(`${s.url}assets/app-1234.js`);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${s.url}assets/missing.js`)).status).toBe(404);
    for (const evil of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e/%2e%2e/etc/passwd', '..\\..\\package.json']) {
      const r = await fetch(`${s.url}${evil}`);
      expect(await r.text()).not.toMatch(/root:|"name"/);
    }
    expect((await fetch(s.url, { method: 'DELETE' })).status).toBe(405);
  });
});
