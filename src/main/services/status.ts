/**
 * The till's health as the status bar and the admin screens show it: the database,
 * the RADIUS listeners, the PC-sync webhook, the disconnect outbox, secrets, backups,
 * self-service payments refused and still to settle.
 * Checked every second and pushed (`status.changed`) only when something a cashier
 * would see changes.
 */
import { statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { PcSyncStatus, RadiusStatus, Status } from '../../shared/domain';
import type { Store } from '../db/store';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import { WEBHOOK_PATH, type WebhookReceiver } from '../lan/server';
import type { RadiusServer } from '../radius/server';
import type { Task } from '../scheduler';
import { VERSION } from '../version';
import type { BackupService } from './backups';
import type { PcSyncService } from './pcsync';

/** A router heard from within this long counts as seen on the status bar. */
const SEEN_WITHIN_MS = 5 * 60_000;

/** A listener the core was asked to start: where, the running one (null if not), and why it is not running. */
export interface Listener<T> {
  /** The address asked for; null when not asked for in this mode. */
  host: string | null;
  running: T | null;
  error: string | null;
}

export interface StatusDeps {
  store: Store;
  dbFile: string;
  startedAt: number;
  now: () => number;
  events: Pick<EventBus, 'emit'>;
  radius: Listener<RadiusServer>;
  webhook: Listener<WebhookReceiver>;
  pcsync: PcSyncService;
  backups: Pick<BackupService, 'last'>;
  /** Stored secrets that could not be read on this PC, in the café's words. */
  secretProblems: readonly string[];
}

export type StatusService = ReturnType<typeof createStatusService>;

/** Collects the stored secrets this PC cannot read (logged once each), for the status bar's warning. */
export function secretProblems(log: Pick<Logger, 'error'>) {
  const list: string[] = [];
  return {
    list: list as readonly string[],
    /** `what` (in the café's words) could not be unsealed. */
    unreadable(what: string, err: Error): void {
      if (!list.includes(what)) list.push(what);
      log.error(`${err.message} (${what})`);
    },
  };
}

/** The URLs a PC manager on the LAN can post to: every IPv4 address of this PC when bound to all of them. */
export function webhookUrls(host: string, port: number): string[] {
  const hosts =
    host === '0.0.0.0'
      ? Object.values(networkInterfaces())
          .flat()
          .filter((i) => i !== undefined && i.family === 'IPv4')
          .map((i) => i!.address)
      : [host];
  return hosts.map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}${WEBHOOK_PATH}`);
}

export function createStatusService(d: StatusDeps) {
  const { store } = d;
  const radius = d.radius.running;
  const webhook = d.webhook.running;

  const radiusStatus = (): RadiusStatus =>
    radius?.status() ?? {
      listening: false,
      host: d.radius.host ?? '',
      authPort: null,
      acctPort: null,
      error: d.radius.error ?? (d.radius.host !== null ? null : 'RADIUS is not enabled in this mode'),
      lastWriteError: null,
      drops: {},
      routers: [],
    };

  const status = (): Status => {
    let ok = true;
    let error: string | null = null;
    let sizeBytes = 0;
    try {
      store.db.prepare('SELECT 1').get();
      for (const f of [d.dbFile, `${d.dbFile}-wal`]) sizeBytes += statSync(f, { throwIfNoEntry: false })?.size ?? 0;
    } catch (err) {
      ok = false;
      error = err instanceof Error ? err.message : String(err);
    }
    const backups = d.backups.last();
    return {
      version: VERSION,
      startedAt: d.startedAt,
      database: { ok, path: d.dbFile, sizeBytes, error },
      liveSessions: ok ? store.sessions.countLive() : 0,
      radius: (({ listening, host, authPort, acctPort, error, lastWriteError }) => ({ listening, host, authPort, acctPort, error, lastWriteError }))(radiusStatus()),
      webhook: { listening: webhook !== null, port: webhook?.port ?? null, lastEventAt: ok ? d.pcsync.lastEventAt() : null },
      disconnects: ok ? store.outbox.counts() : { pending: 0, failing: 0 },
      secrets: {
        protection: store.secrets.protection,
        warning: d.secretProblems.length ? `Secrets saved on another PC or by another user cannot be read here: ${d.secretProblems.join('; ')}.` : store.secrets.warning,
      },
      backups: { dir: backups?.dir ?? null, lastAt: backups?.list()[0]?.createdAt ?? null, error: backups?.lastError() ?? null },
      refusedPayments: ok ? store.paymentSources.events.openRefusals() : { count: 0, totalMinor: 0 },
    };
  };

  let lastAnnounced = '';
  /** Sends status.changed when something a cashier would see changed since the last one. */
  const announce = () => {
    const s = status();
    const at = d.now();
    const heardFrom = (routerId: number) => {
      const seen = radius?.stats.router(routerId).lastSeenAt ?? null;
      return seen !== null && at - seen < SEEN_WITHIN_MS;
    };
    const routersSeen = store.routers.list().filter((r) => heardFrom(r.id)).length;
    // Not the database size or the clock: only what a cashier would see change.
    const signature = JSON.stringify([s.database.ok, s.database.error, s.liveSessions, s.radius, s.webhook, s.disconnects, s.secrets, s.backups.error, s.refusedPayments, routersSeen]);
    if (signature === lastAnnounced) return;
    lastAnnounced = signature;
    d.events.emit('status.changed', { status: s });
  };

  const pcSyncStatus = (): PcSyncStatus => ({
    listening: webhook !== null,
    host: d.webhook.host ?? '',
    port: webhook?.port ?? null,
    path: WEBHOOK_PATH,
    urls: webhook && d.webhook.host !== null ? webhookUrls(d.webhook.host, webhook.port) : [],
    error:
      d.webhook.error ??
      (d.pcsync.secret() === null ? 'The signing secret cannot be read on this PC: make a new one (New secret…) and give it to the PC manager' : null) ??
      (d.webhook.host !== null ? null : 'The webhook receiver is not enabled in this mode'),
    secret: d.pcsync.secret() ?? '',
    events: d.pcsync.recent(20),
  });

  return {
    status,
    radiusStatus,
    pcSyncStatus,
    /** Every second: the status bar's facts, pushed only on change. */
    tasks: [{ name: 'status', everyMs: 1_000, run: announce }] satisfies Task[],
  };
}
