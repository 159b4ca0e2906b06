/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): the sender signs
 * `<webhook-id>.<webhook-timestamp>.<raw body>` with HMAC-SHA256 under the shared
 * secret (`whsec_` + base64 key) and sends `webhook-signature: v1,<base64>` (several
 * space-separated signatures are allowed during a secret rotation). Timestamps more
 * than five minutes from our clock are refused, so a captured request cannot be
 * replayed later.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOLERANCE_S = 5 * 60;

/** A new secret in the Standard Webhooks form. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function key(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** The `v1,<base64>` signature of a message (what a sender puts in webhook-signature). */
export function sign(secret: string, id: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', key(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

export type Verified = { ok: true; id: string; timestamp: number } | { ok: false; message: string };

/** Checks the three headers and the signature over the raw body; constant-time compare. */
export function verify(headers: Record<string, string | string[] | undefined>, body: Buffer, secret: string, nowMs: number): Verified {
  const one = (name: string) => {
    const v = headers[name];
    return typeof v === 'string' && v.length > 0 ? v : null;
  };
  const id = one('webhook-id');
  const ts = one('webhook-timestamp');
  const signatures = one('webhook-signature');
  if (!id) return { ok: false, message: 'Missing webhook-id header' };
  if (!ts) return { ok: false, message: 'Missing webhook-timestamp header' };
  if (!signatures) return { ok: false, message: 'Missing webhook-signature header' };
  if (id.length > 200) return { ok: false, message: 'webhook-id is longer than 200 characters' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, message: 'webhook-timestamp must be whole seconds since 1970' };
  const timestamp = Number(ts);
  const skew = Math.abs(nowMs / 1000 - timestamp);
  if (skew > TOLERANCE_S) {
    return { ok: false, message: `webhook-timestamp is ${Math.round(skew)} s from this PC's clock (at most ${TOLERANCE_S} s): check both clocks` };
  }
  const expected = Buffer.from(sign(secret, id, timestamp, body).slice(3), 'base64');
  for (const candidate of signatures.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, id, timestamp };
  }
  return { ok: false, message: 'No valid signature: check the shared secret' };
}
