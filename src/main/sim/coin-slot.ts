/**
 * A simulated coin acceptor (piso WiFi) or e-wallet gateway: posts a signed payment event
 * for a customer's device to the app's `POST /payments/events`, as the vendor's box
 * would (Standard Webhooks signing with the source's secret), and can send the same
 * event again, as a box does when it never saw the answer.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { PaymentEventBody } from '../../shared/domain';
import { sign } from '../pcsync/signature';

export interface CoinSlotOptions {
  /** e.g. http://127.0.0.1:8790/payments/events */
  url: string;
  /** The payment source's key, as its events name it (e.g. "coin-door"). */
  source: string;
  secret: () => string;
  now?: () => number;
}

/** One event as it went out: resend() posts the same id and body again. */
export interface SentPaymentEvent {
  id: string;
  timestamp: number;
  body: string;
}

export interface PaymentEventResult {
  status: number;
  body: unknown;
  sent: SentPaymentEvent;
}

export class SimulatedCoinSlot {
  private count = 0;

  constructor(private readonly o: CoinSlotOptions) {}

  /**
   * A customer pays `amountMinor` for a device: posts the event (reference COIN-<n>,
   * id evt_<random hex> unless given) and resolves the app's answer; rejects only when
   * the app cannot be reached.
   */
  insert(device: { mac: string; ip?: string }, amountMinor: number, options: { packageId?: number; reference?: string; eventId?: string } = {}): Promise<PaymentEventResult> {
    const now = this.now();
    this.count++;
    const event: z.input<typeof PaymentEventBody> = {
      source: this.o.source,
      mac: device.mac,
      ...(device.ip !== undefined ? { ip: device.ip } : {}),
      amountMinor,
      ...(options.packageId !== undefined ? { packageId: options.packageId } : {}),
      occurredAt: now,
      reference: options.reference ?? `COIN-${this.count}`,
    };
    return this.post(options.eventId ?? `evt_${randomBytes(12).toString('hex')}`, JSON.stringify(event));
  }

  /** Sends an event again, as a box retrying a delivery does: the same id and body, signed at this moment. */
  resend(sent: SentPaymentEvent): Promise<PaymentEventResult> {
    return this.post(sent.id, sent.body);
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private async post(id: string, body: string): Promise<PaymentEventResult> {
    const timestamp = Math.floor(this.now() / 1000);
    const res = await fetch(this.o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(this.o.secret(), id, timestamp, body) },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      // Not JSON (a proxy's error page): the text as it came.
    }
    return { status: res.status, body: parsed, sent: { id, timestamp, body } };
  }
}
