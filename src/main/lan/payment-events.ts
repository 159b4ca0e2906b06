/**
 * `POST /payments/events` on the LAN port: a coin slot's or an e-wallet gateway's
 * payment event, signed like the PC-sync webhook (Standard Webhooks) with its own
 * source's secret. Checked in this order, each refusal a 4xx with a sentence and
 * nothing changed: 413 over the size cap; 400 a body that is not JSON; 403 an unknown
 * source; 401 a missing or bad signature, or a timestamp over five minutes off; 400 bad
 * fields (a malformed MAC, say); then a retry of an event already taken answers its first
 * outcome (200, `duplicate`); 409 a payment refused before and refunded at the counter
 * since (refused for good: the customer has the money back); 403 a disabled source; 404 an unknown package; 422
 * a package it may not sell, an amount below the minimum, over its daily cap; 409 an
 * event id reused for another payment. 200 only once the sale is committed; 503 asks
 * the sender to retry when the store failed. Never 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PaymentEventBody } from '../../shared/domain';
import { AppError, invalidInput } from '../../shared/errors';
import { readBody } from '../http/body';
import type { Logger } from '../log';
import { verify } from '../pcsync/signature';
import type { PaymentSourceService } from '../services/payment-sources';
import type { PurchaseOutcome, SelfService } from '../services/self-service';

export const PAYMENT_EVENTS_PATH = '/payments/events';
export const MAX_PAYMENT_EVENT_BYTES = 16 * 1024;

export interface PaymentEventDeps {
  selfService: Pick<SelfService, 'prior' | 'purchase'>;
  paymentSources: Pick<PaymentSourceService, 'byKey' | 'secretOf' | 'refused'>;
  now: () => number;
  log: Logger;
}

/** Handles one request to PAYMENT_EVENTS_PATH; resolves the outcome to answer 200 with, rejects an AppError. */
export async function takePaymentEvent(d: PaymentEventDeps, req: IncomingMessage, res: ServerResponse): Promise<PurchaseOutcome> {
  if (req.method !== 'POST') throw new AppError('method_not_allowed', `Use POST ${PAYMENT_EVENTS_PATH}`);
  const body = await readBody(req, res, MAX_PAYMENT_EVENT_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('invalid_input', 'The body is not valid JSON');
  }
  const key = typeof json === 'object' && json !== null && typeof (json as { source?: unknown }).source === 'string' ? (json as { source: string }).source.trim().toLowerCase() : null;
  if (!key) throw new AppError('invalid_input', 'The body names no source (its "source" key, as Settings → Self-service shows it)', { source: 'Required' });
  const source = d.paymentSources.byKey(key);
  if (!source) throw new AppError('forbidden', `Unknown payment source "${key.slice(0, 40)}"; an admin adds it in Settings → Self-service`);

  const refuse = (err: AppError, paid?: { eventId: string; body: PaymentEventBody }): never => {
    d.paymentSources.refused(source.id, `${err.status}: ${err.message}`, paid);
    throw err;
  };
  const signed = verify(req.headers, body, d.paymentSources.secretOf(source), d.now());
  if (!signed.ok) refuse(new AppError('unauthorized', signed.message));
  const eventId = (signed as { id: string }).id;
  const parsed = PaymentEventBody.safeParse(json);
  if (!parsed.success) refuse(invalidInput(parsed.error));
  const payment = parsed.data!;
  try {
    // A retry of an event already taken gets its first answer, whatever the rules say now (disabled, capped).
    return d.selfService.prior(source, eventId, payment) ?? d.selfService.purchase(source, eventId, payment);
  } catch (err) {
    // Signed and readable: the device took the money; its refusal is kept for the reports.
    if (err instanceof AppError) refuse(err, { eventId, body: payment });
    d.log.error('a payment event could not be stored', { err, source: source.key });
    throw new AppError('internal', 'The payment could not be stored; send it again');
  }
}
