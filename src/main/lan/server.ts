/**
 * The LAN port's server (the UI API stays on loopback). The PC-sync webhook receiver:
 * `POST /webhooks/pc`, facing the café LAN. Every refusal is a 4xx with a message, never a
 * 500: 413 over the size cap, 401 for a missing/bad signature or a stale timestamp,
 * 400 for bad JSON or fields, 422 for an event type it does not know. 200 once the
 * event is committed and on disk; the disconnects then go out from the outbox.
 *
 * The same LAN port takes self-service payment events at `POST /payments/events`
 * (lan/payment-events.ts) and serves the Hotspot login page's files read-only under
 * /hotspot/ (lan/hotspot-files.ts), for the routers to fetch when they are provisioned.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PcEventData, pcEventTypes, WebhookEnvelope } from '../../shared/domain';
import { AppError, invalidInput } from '../../shared/errors';
import { currentLoginPage, type LoginPageSettings } from '../hotspot-page/login-page';
import { answerClientErrors, handleExpectContinue, readBody } from '../http/body';
import { sendError, sendJson } from '../http/json';
import { answerHotspotFile, HOTSPOT_FILES_PATH, isHotspotFilePath } from './hotspot-files';
import { PAYMENT_EVENTS_PATH, takePaymentEvent, type PaymentEventDeps } from './payment-events';
import type { Logger } from '../log';
import { onDisk, type Durability } from '../db/on-disk';
import type { EventOutcome, PcSyncService } from '../services/pcsync';
import { verify } from '../pcsync/signature';

export const WEBHOOK_PATH = '/webhooks/pc';
export const MAX_WEBHOOK_BYTES = 64 * 1024;

export interface WebhookOptions {
  host: string;
  port: number;
}

export interface WebhookReceiver {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Starts the receiver (and the login page's files); rejects `webhook: …` when the port cannot be bound. */
export async function startWebhookReceiver(
  d: { pcsync: PcSyncService; disk: Pick<Durability, 'durable'>; now: () => number; log: Logger; loginPage: () => LoginPageSettings } & Omit<PaymentEventDeps, 'now' | 'log'>,
  o: WebhookOptions,
): Promise<WebhookReceiver> {
  const loginPage = () => currentLoginPage(d.loginPage());
  const payments: PaymentEventDeps = { selfService: d.selfService, paymentSources: d.paymentSources, now: d.now, log: d.log };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<EventOutcome> => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://x').pathname;
    } catch {
      throw new AppError('invalid_input', 'The request line has no valid path');
    }
    if (path !== WEBHOOK_PATH) throw new AppError('not_found', `Nothing here; PC events go to POST ${WEBHOOK_PATH}, payment events to POST ${PAYMENT_EVENTS_PATH}`);
    if (req.method !== 'POST') throw new AppError('method_not_allowed', `Use POST ${WEBHOOK_PATH}`);
    const body = await readBody(req, res, MAX_WEBHOOK_BYTES);
    const secret = d.pcsync.secret();
    if (secret === null) throw new AppError('unavailable', 'The signing secret cannot be read on this PC; an admin must make a new one in Settings → PC sync');
    const signed = verify(req.headers, body, secret, d.now());
    if (!signed.ok) throw new AppError('unauthorized', signed.message);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new AppError('invalid_input', 'The body is not valid JSON');
    }
    const envelope = WebhookEnvelope.safeParse(json);
    if (!envelope.success) throw invalidInput(envelope.error);
    const type = envelope.data.type;
    if (!(pcEventTypes as readonly string[]).includes(type)) {
      throw new AppError('rule', `Unknown event type "${type}"; this app handles ${pcEventTypes.join(' and ')}`);
    }
    const data = PcEventData.safeParse(envelope.data.data);
    if (!data.success) {
      const e = invalidInput(data.error);
      throw new AppError('invalid_input', e.message, Object.fromEntries(Object.entries(e.fields ?? {}).map(([k, v]) => [`data.${k}`, v])));
    }
    try {
      return d.pcsync.apply(signed.id, type as (typeof pcEventTypes)[number], data.data, body.toString('utf8'), signed.timestamp * 1000);
    } catch (err) {
      d.log.error('a webhook event could not be stored', { err });
      throw new AppError('internal', 'The event could not be stored; send it again');
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // Only a request for a login-page file is parsed here; everything else goes on to the webhook's handler (whose errors become 4xx).
    const path = (req.url ?? '/').split('?')[0]!;
    if (isHotspotFilePath(path)) {
      try {
        answerHotspotFile(req, res, path, loginPage);
      } catch (err) {
        d.log.error('a login page file could not be served', { err });
        sendError(res, new AppError('unavailable', 'The login page cannot be made right now; try again'));
      }
      return;
    }
    const failed = (err: unknown) => {
      const e = err instanceof AppError ? err : new AppError('internal', 'The event could not be handled; send it again');
      if (!(err instanceof AppError)) d.log.error('LAN request failed', { err });
      // A storage failure asks the sender to retry (503); bad input is the sender's to fix (4xx).
      sendError(res, e, e.code === 'internal' ? 503 : e.status);
    };
    // Answered 200 once the event is on disk (a sender that has its 200 does not send it again) — a
    // duplicate too: its first copy may be in the flush still running, or in one the disk failed.
    const stored = <T>(outcome: T) => onDisk(() => d.disk.durable(), 'a LAN event', d.log).then(() => outcome);
    if (path === PAYMENT_EVENTS_PATH) {
      // A refusal is answered once on disk too: a signed payment refused is kept for the reports.
      takePaymentEvent(payments, req, res)
        .then(stored, (err: unknown) => stored(null).then(() => Promise.reject(err)))
        .then((outcome) => sendJson(res, 200, { ok: true, ...outcome }), failed);
      return;
    }
    handle(req, res)
      .then(stored)
      .then((outcome) => {
        sendJson(res, 200, { ok: true, id: outcome.id, duplicate: outcome.duplicate, terminated: outcome.terminated });
      }, failed);
  };
  const server = createServer(onRequest);
  handleExpectContinue(server, onRequest);
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  answerClientErrors(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`webhook: cannot listen on ${o.host}:${o.port}: ${err.message}`, { cause: err })));
    server.listen(o.port, o.host, () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : o.port);
    });
  });
  d.log.info(`LAN port listening on http://${o.host}:${port}: PC-sync webhook ${WEBHOOK_PATH}, payment events ${PAYMENT_EVENTS_PATH}, Hotspot login page ${HOTSPOT_FILES_PATH}`);
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

