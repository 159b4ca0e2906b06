/**
 * createCore: the composition root. Plain Node, no 'electron': the desktop app, the
 * headless serve mode and the tests all run exactly this.
 */
import { randomInt as cryptoRandomInt } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { networkInterfaces } from 'node:os';
import type { PcSyncStatus, RadiusStatus, Status } from '../shared/domain';
import { adminHandlers } from './api/admin';
import { createBackups, type Backups } from './backups';
import type { ApiDeps } from './api/deps';
import { createDispatcher, mergeHandlers, type Dispatcher } from './api/dispatcher';
import { operatorHandlers } from './api/operators';
import { packageHandlers } from './api/packages';
import { routerHandlers } from './api/routers';
import { sessionHandlers } from './api/sessions';
import { shiftHandlers } from './api/shifts';
import { systemClock, type Clock } from './clock';
import { openStore, type Store } from './db/store';
import type { RandomInt } from '../shared/engine/vouchers';
import { createEventBus, type EventBus } from './events';
import { silentLogger, type Logger } from './log';
import { createCoaClient, type CoaClient } from './coa/client';
import { createDisconnectWorker, defaultCoaTiming, type CoaTiming, type DisconnectWorker, type Kick } from './coa/worker';
import { startRadius, type RadiusOptions, type RadiusServer } from './radius/server';
import { startScheduler, type Scheduler } from './scheduler';
import type { SecretBox } from './security/secret-box';
import { createLoginService, routerActor } from './services/login';
import { createAccountingService, type AccountingService } from './services/accounting';
import { expireDue } from './services/expiry';
import { createLifecycle } from './services/lifecycle';
import { createPcSyncService, type PcSyncService } from './services/pcsync';
import { createRouterService } from './services/routers';
import { createOperatorService, type OperatorService } from './services/operators';
import { createSessionService, type SessionService } from './services/sessions';
import { createSettingsService, type SettingsService } from './services/settings';
import { createShiftService } from './services/shifts';
import { loadSessionViews } from './services/views';
import { VERSION } from './version';
import { startWebhookReceiver, WEBHOOK_PATH, type WebhookOptions, type WebhookReceiver } from './pcsync/receiver';

export interface CoreOptions {
  /** Where the database (and later backups and logs) live. */
  dataDir: string;
  clock?: Clock;
  log?: Logger;
  randomInt?: RandomInt;
  /** How long session changes are collected before one `sessions.updated` goes out. */
  eventBatchMs?: number;
  /** The RADIUS listeners, and with them the Disconnect/CoA sender; omitted = neither (the till alone). */
  radius?: RadiusOptions | undefined;
  /** Disconnect/CoA retry timing (tests shorten it). */
  coaTiming?: Partial<CoaTiming> | undefined;
  /** The RouterOS fallback for failed Disconnects (the routeros module). */
  kick?: Kick | undefined;
  /** The PC-sync webhook receiver (LAN-facing); omitted = none. */
  webhook?: WebhookOptions | undefined;
  /** How secrets are kept at rest (the desktop app: the OS keyring); default as they are. */
  secrets?: SecretBox | undefined;
  /** better-sqlite3's addon built for Electron (the desktop app). */
  nativeBinding?: string | undefined;
  /** Scheduled backups (default on, into `<dataDir>/backups` unless Settings name a folder); false: none. */
  backups?: boolean | undefined;
}

export interface Core {
  readonly dataDir: string;
  readonly dbFile: string;
  readonly startedAt: number;
  readonly store: Store;
  readonly events: EventBus;
  readonly settings: SettingsService;
  readonly sessions: SessionService;
  readonly operators: OperatorService;
  readonly accounting: AccountingService;
  /** The RADIUS server, or null when not asked for or it could not bind (see status().radius.error). */
  readonly radius: RadiusServer | null;
  /** Delivers the disconnect outbox; null without RADIUS. */
  readonly disconnects: DisconnectWorker | null;
  readonly pcsync: PcSyncService;
  readonly webhook: WebhookReceiver | null;
  readonly scheduler: Scheduler;
  /** Backups into the folder Settings name now (null: backups are off). */
  backups(): Backups | null;
  /** Every contract method, for any transport. */
  readonly api: Dispatcher;
  status(): Status;
  radiusStatus(): RadiusStatus;
  pcSyncStatus(): PcSyncStatus;
  /** Stops everything and closes the database; safe to call twice. */
  close(): Promise<void>;
}

/** The URLs a PC manager on the LAN can post to: every IPv4 address of this PC when bound to all of them. */
function webhookUrls(host: string, port: number): string[] {
  const hosts =
    host === '0.0.0.0'
      ? Object.values(networkInterfaces())
          .flat()
          .filter((i) => i !== undefined && i.family === 'IPv4')
          .map((i) => i!.address)
      : [host];
  return hosts.map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}${WEBHOOK_PATH}`);
}

/** Opens the store (migrating it; throws on drift) and wires the services. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const log = options.log ?? silentLogger;
  const secretProblems: string[] = [];
  const { store, file, applied } = openStore(options.dataDir, now, {
    secrets: options.secrets,
    nativeBinding: options.nativeBinding,
    unreadableSecret: (what, err) => {
      if (!secretProblems.includes(what)) secretProblems.push(what);
      log.error(`${err.message} (${what})`);
    },
  });
  if (applied.length) log.info(`database migrated: ${applied.join(', ')}`, { file });
  const resealed = store.tx(() => store.routers.resealAll());
  if (resealed) log.info(`sealed the secrets of ${resealed} router(s) with the ${store.secrets.protection} protection`);

  const startedAt = now();
  const events = createEventBus({ loadSessions: (ids) => loadSessionViews(store, ids, now()), now, log: log.child('events'), batchMs: options.eventBatchMs });
  // The Disconnect/CoA sender, once started, delivers what a commit queued.
  let worker: DisconnectWorker | null = null;
  const outboxChanged = () => void worker?.wake();
  const afterCommit = (sessionIds: number[], queued: boolean) => {
    if (sessionIds.length) events.sessionsChanged(sessionIds);
    if (queued) outboxChanged();
  };
  const settings = createSettingsService(store, log.child('settings'));
  const shifts = createShiftService({ store, now, events });
  const operators = createOperatorService(store, events, now, shifts);
  const lifecycle = createLifecycle(store);
  const sessions = createSessionService({
    store,
    lifecycle,
    shifts,
    now,
    events,
    settings,
    randomInt: options.randomInt ?? ((max) => cryptoRandomInt(max)),
    outboxChanged,
  });
  const login = createLoginService({ store, now, events, settings, lifecycle, outboxChanged });
  const accounting = createAccountingService({ store, settings, lifecycle, now });
  const pcsync = createPcSyncService({
    store,
    lifecycle,
    now,
    unreadable: (err) => {
      secretProblems.push('the PC-sync webhook secret (PC logouts are refused until an admin makes a new one in Settings → PC sync)');
      log.error(`${err.message} (webhook secret)`);
    },
  });
  let radius: RadiusServer | null = null;
  const routers = createRouterService({ store, now, events, radiusPorts: () => (radius ? { authPort: radius.authPort, acctPort: radius.acctPort } : null) });

  let radiusError: string | null = null;
  let coa: CoaClient | null = null;
  if (options.radius) {
    try {
      coa = await createCoaClient(log.child('coa'), options.radius.host.includes(':') ? '::' : '0.0.0.0');
      worker = createDisconnectWorker({ store, coa, now, log: log.child('coa'), events, timing: { ...defaultCoaTiming, ...options.coaTiming }, kick: options.kick ?? routers.kick });
      const disconnects = worker;
      radius = await startRadius(
        {
          store,
          login,
          accounting,
          now,
          log: log.child('radius'),
          committed: (ids, queued) => afterCommit(ids, queued),
          switchDevices: (s, devices, router) => disconnects.switchDevices(s.id, devices, 'Device switch: a new device logged in', routerActor(router)),
        },
        options.radius,
      );
      void worker.wake(); // what an earlier run left pending
    } catch (err) {
      radiusError = err instanceof Error ? err.message : String(err);
      log.error(radiusError);
    }
  }

  let webhook: WebhookReceiver | null = null;
  let webhookError: string | null = null;
  if (options.webhook) {
    try {
      webhook = await startWebhookReceiver({ pcsync, now, log: log.child('webhook'), applied: (o) => afterCommit(o.terminated, o.terminated.length > 0) }, options.webhook);
    } catch (err) {
      webhookError = err instanceof Error ? err.message : String(err);
      log.error(webhookError);
    }
  }
  events.subscribe(() => radius?.reloadRouters(), ['routers.changed']);

  const radiusStatus = (): RadiusStatus =>
    radius?.status() ?? {
      listening: false,
      host: options.radius?.host ?? '',
      authPort: null,
      acctPort: null,
      error: radiusError ?? (options.radius ? null : 'RADIUS is not enabled in this mode'),
      lastWriteError: null,
      drops: {},
      routers: [],
    };

  const backupDir = () => settings.get().backups.folder || join(options.dataDir, 'backups');
  let backups: Backups | null = null;
  const backupsAt = (dir: string) => (backups?.dir === dir ? backups : (backups = createBackups({ db: store.db, dir, now, keep: () => settings.get().backups.keep, log: log.child('backup') })));
  const backupDue = () => (options.backups === false ? Promise.resolve(null) : backupsAt(backupDir()).runIfDue(settings.get().backups.everyHours * 3600_000));
  // At start, when the last copy is old (after a moment: RADIUS first).
  const firstBackup = options.backups === false ? null : setTimeout(() => void backupDue().catch(() => undefined), 5_000);
  firstBackup?.unref();

  const scheduler = startScheduler(
    [
      {
        name: 'stale-sweep',
        everyMs: 30_000,
        run: () => afterCommit(store.tx(() => accounting.sweepStale(now())), false),
      },
      {
        name: 'expiry',
        everyMs: 3_000,
        run: () => {
          const r = expireDue(store, lifecycle, now());
          afterCommit(r.sessions, r.queued);
        },
      },
      { name: 'outbox', everyMs: 2_000, run: () => worker?.wake() },
      { name: 'webhook-retention', everyMs: 3600_000, run: () => void store.webhookEvents.prune(now() - 30 * 86400_000) },
      { name: 'backup', everyMs: 10 * 60_000, run: () => backupDue().then(() => undefined) },
      // The status bar's facts, pushed when one changes (checked every second, sent only on change).
      { name: 'status', everyMs: 1_000, run: () => announceStatus() },
      {
        name: 'router-last-seen',
        everyMs: 60_000,
        run: () => {
          if (!radius) return;
          for (const r of store.routers.list()) {
            const seen = radius.stats.router(r.id).lastSeenAt;
            if (seen !== null && seen !== r.lastSeenAt) store.routers.touch(r.id, seen);
          }
        },
      },
    ],
    log.child('scheduler'),
  );

  const status = (): Status => {
    let ok = true;
    let error: string | null = null;
    let sizeBytes = 0;
    try {
      store.db.prepare('SELECT 1').get();
      for (const f of [file, `${file}-wal`]) sizeBytes += statSync(f, { throwIfNoEntry: false })?.size ?? 0;
    } catch (err) {
      ok = false;
      error = err instanceof Error ? err.message : String(err);
    }
    return {
      version: VERSION,
      startedAt,
      database: { ok, path: file, sizeBytes, error },
      liveSessions: ok ? store.sessions.countLive() : 0,
      radius: (({ listening, host, authPort, acctPort, error, lastWriteError }) => ({ listening, host, authPort, acctPort, error, lastWriteError }))(radiusStatus()),
      webhook: { listening: webhook !== null, port: webhook?.port ?? null, lastEventAt: ok ? pcsync.lastEventAt() : null },
      disconnects: ok ? store.outbox.counts() : { pending: 0, failing: 0 },
      secrets: {
        protection: store.secrets.protection,
        warning: secretProblems.length ? `Secrets saved on another PC or by another user cannot be read here: ${secretProblems.join('; ')}.` : store.secrets.warning,
      },
      backups: { dir: backups?.dir ?? null, lastAt: backups?.list()[0]?.createdAt ?? null, error: backups?.lastError() ?? null },
    };
  };

  let lastAnnounced = '';
  const announceStatus = () => {
    const s = status();
    const at = now();
    const heardFrom = (routerId: number) => {
      const seen = radius?.stats.router(routerId).lastSeenAt ?? null;
      return seen !== null && at - seen < 5 * 60_000;
    };
    const routersSeen = store.routers.list().filter((r) => heardFrom(r.id)).length;
    // Not the database size or the clock: only what a cashier would see change.
    const signature = JSON.stringify([s.database.ok, s.database.error, s.liveSessions, s.radius, s.webhook, s.disconnects, s.secrets, s.backups.error, routersSeen]);
    if (signature === lastAnnounced) return;
    lastAnnounced = signature;
    events.emit('status.changed', { status: s });
  };

  const pcSyncStatus = (): PcSyncStatus => ({
    listening: webhook !== null,
    host: options.webhook?.host ?? '',
    port: webhook?.port ?? null,
    path: WEBHOOK_PATH,
    urls: webhook ? webhookUrls(options.webhook!.host, webhook.port) : [],
    error:
      webhookError ??
      (pcsync.secret() === null ? 'The signing secret cannot be read on this PC: make a new one (New secret…) and give it to the PC manager' : null) ??
      (options.webhook ? null : 'The webhook receiver is not enabled in this mode'),
    secret: pcsync.secret() ?? '',
    events: pcsync.recent(20),
  });

  const deps: ApiDeps = {
    store,
    now,
    events,
    settings,
    sessions,
    operators,
    shifts,
    status,
    radiusStatus,
    pcsync,
    pcSyncStatus,
    routers,
    retryDisconnect: (id) => worker?.retrySession(id) ?? Promise.resolve(),
    backups: () => (options.backups === false ? null : backupsAt(backupDir())),
    version: VERSION,
  };
  const handlers = mergeHandlers(operatorHandlers(deps), packageHandlers(deps), sessionHandlers(deps), shiftHandlers(deps), routerHandlers(deps), adminHandlers(deps));
  const api = createDispatcher(handlers, operators.resolve, log.child('api'));

  let closed = false;
  return {
    dataDir: options.dataDir,
    dbFile: file,
    startedAt,
    store,
    events,
    settings,
    sessions,
    operators,
    accounting,
    radius,
    disconnects: worker,
    pcsync,
    webhook,
    scheduler,
    backups: deps.backups,
    api,
    status,
    radiusStatus,
    pcSyncStatus,
    async close() {
      if (closed) return;
      closed = true;
      if (firstBackup) clearTimeout(firstBackup);
      scheduler.stop();
      await webhook?.close();
      await radius?.close();
      const delivering = worker?.close();
      await coa?.close();
      await delivering;
      events.close();
      await backups?.settled();
      store.db.close();
      log.info('core stopped');
    },
  };
}
