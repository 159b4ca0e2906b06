/**
 * The simulated coin slot posts what a vendor's box would: the payment event as JSON,
 * signed Standard-Webhooks style with the source's secret (checked here with the app's own
 * verify), and the very same event again on resend, as a box retrying a delivery does.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PaymentEventBody } from '../../../src/shared/domain';
import { newWebhookSecret, verify } from '../../../src/main/pcsync/signature';
import { SimulatedCoinSlot } from '../../../src/main/sim/coin-slot';

const NOW = Date.UTC(2026, 10, 21, 8, 0, 0);

/** A stand-in for POST /payments/events: checks the signature, answers duplicate for an id seen before. */
async function receiver(secret: string, answer?: string) {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ headers: req.headers, body: body.toString() });
      if (answer) return res.writeHead(502, { 'content-type': 'text/html' }).end(answer);
      const v = verify(req.headers, body, secret, NOW);
      if (!v.ok) return res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: v.message }));
      const duplicate = seen.has(v.id);
      seen.add(v.id);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, duplicate }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/payments/events`, received };
}

describe('SimulatedCoinSlot', () => {
  it('posts the payment event, signed with the source’s secret; references count up; the event is what the app parses', async () => {
    const secret = newWebhookSecret();
    const app = await receiver(secret);
    const slot = new SimulatedCoinSlot({ url: app.url, source: 'coin-door', secret: () => secret, now: () => NOW });

    const first = await slot.insert({ mac: 'AA:BB:CC:00:00:01', ip: '10.5.50.11' }, 500);
    expect(first).toMatchObject({ status: 200, body: { ok: true, duplicate: false } });
    expect(first.sent.id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(first.sent.timestamp).toBe(NOW / 1000);
    expect(JSON.parse(first.sent.body)).toEqual({ source: 'coin-door', mac: 'AA:BB:CC:00:00:01', ip: '10.5.50.11', amountMinor: 500, occurredAt: NOW, reference: 'COIN-1' });
    expect(PaymentEventBody.safeParse(JSON.parse(first.sent.body)).success).toBe(true);
    expect(app.received[0]!.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': first.sent.id, 'webhook-timestamp': String(NOW / 1000) });
    expect(app.received[0]!.body).toBe(first.sent.body);

    const second = await slot.insert({ mac: 'AA:BB:CC:00:00:02' }, 1000, { packageId: 7, reference: 'GCASH-88', eventId: 'evt_given' });
    expect(second.sent.id).toBe('evt_given');
    expect(JSON.parse(second.sent.body)).toEqual({ source: 'coin-door', mac: 'AA:BB:CC:00:00:02', amountMinor: 1000, packageId: 7, occurredAt: NOW, reference: 'GCASH-88' });
    expect(JSON.parse((await slot.insert({ mac: 'AA:BB:CC:00:00:03' }, 5)).sent.body)).toMatchObject({ reference: 'COIN-3' });
  });

  it('resend: the same id and body again, validly signed (the app answers a duplicate)', async () => {
    const secret = newWebhookSecret();
    const app = await receiver(secret);
    const slot = new SimulatedCoinSlot({ url: app.url, source: 'gcash', secret: () => secret, now: () => NOW });
    const first = await slot.insert({ mac: 'AA:BB:CC:00:00:01', ip: '10.5.50.11' }, 500);
    const again = await slot.resend(first.sent);
    expect(again).toMatchObject({ status: 200, body: { ok: true, duplicate: true }, sent: { id: first.sent.id, body: first.sent.body } });
    expect(app.received.map((r) => [r.headers['webhook-id'], r.body])).toEqual([
      [first.sent.id, first.sent.body],
      [first.sent.id, first.sent.body],
    ]);
  });

  it('a wrong secret is refused by the app’s verify; an answer that is not JSON comes back as text', async () => {
    const app = await receiver(newWebhookSecret());
    const wrong = new SimulatedCoinSlot({ url: app.url, source: 'coin-door', secret: newWebhookSecret, now: () => NOW });
    expect(await wrong.insert({ mac: 'AA:BB:CC:00:00:01' }, 500)).toMatchObject({ status: 401, body: { error: 'No valid signature: check the shared secret' } });
    const proxy = await receiver('', '<h1>Bad gateway</h1>');
    const slot = new SimulatedCoinSlot({ url: proxy.url, source: 'coin-door', secret: newWebhookSecret, now: () => NOW });
    expect(await slot.insert({ mac: 'AA:BB:CC:00:00:01' }, 500)).toMatchObject({ status: 502, body: '<h1>Bad gateway</h1>' });
  });
});
