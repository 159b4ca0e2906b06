/**
 * A simulated game-PC manager: posts signed pc.login / pc.logout webhooks to the app,
 * as a café's PC management software would (Standard Webhooks signing).
 */
import { randomBytes } from 'node:crypto';
import { sign } from '../pcsync/signature';

export interface PcManagerOptions {
  /** e.g. http://127.0.0.1:8790/webhooks/pc */
  url: string;
  secret: () => string;
  now?: () => number;
}

export interface PcEventResult {
  status: number;
  body: unknown;
}

export class SimulatedPcManager {
  constructor(private readonly o: PcManagerOptions) {}

  login(pcUser: string, station?: string): Promise<PcEventResult> {
    return this.post('pc.login', pcUser, station);
  }

  logout(pcUser: string, station?: string): Promise<PcEventResult> {
    return this.post('pc.logout', pcUser, station);
  }

  private async post(type: string, pcUser: string, station: string | undefined): Promise<PcEventResult> {
    const now = (this.o.now ?? Date.now)();
    const id = `msg_${randomBytes(12).toString('hex')}`;
    const timestamp = Math.floor(now / 1000);
    const body = JSON.stringify({ type, timestamp: new Date(now).toISOString(), data: { pcUser, ...(station ? { station } : {}), occurredAt: now } });
    const res = await fetch(this.o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(this.o.secret(), id, timestamp, body) },
      body,
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }
}
