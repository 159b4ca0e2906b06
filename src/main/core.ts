/**
 * createCore: the composition root. Plain Node, no 'electron': the desktop app, the
 * headless serve mode and the tests all run exactly this. Wiring only: the services own
 * every transaction, audit row and post-commit effect (through one unit of work), and
 * each owner brings its own periodic tasks.
 */
import { randomInt as cryptoRandomInt } from 'node:crypto';
import type { PcSyncStatus, RadiusStatus, Status } from '../shared/domain';
import type { RandomInt } from '../shared/engine/vouchers';
import { createDispatcher, type Dispatcher } from './api/dispatcher';
import { apiHandlers } from './api/handlers';
import type { Backups } from './backups';
import { systemClock, type Clock } from './clock';
import { createCoaClient, type CoaClient } from './coa/client';
import { createDisconnectWorker, defaultCoaTiming, type CoaTiming, type DisconnectWorker, type Kick } from './coa/worker';
import { openStore, type Store } from './db/store';
import type { FlushWal } from './db/wal-sync';
import { createEventBus, type EventBus } from './events';
import { silentLogger, type Logger } from './log';
import { startWebhookReceiver, type WebhookOptions, type WebhookReceiver } from './lan/server';
import type { SwitchDevices } from './radius/auth-server';
import { startRadius, type RadiusOptions, type RadiusServer } from './radius/server';
import { startScheduler, type Scheduler } from './scheduler';
import type { SecretBox } from './security/secret-box';
import { createAccountingService, type AccountingService } from './services/accounting';
import { createBackupService } from './services/backups';
import { createBatchService } from './services/batches';
import { createExpiryService } from './services/expiry';
import { createLifecycle } from './services/lifecycle';
import { createLoginService, routerActor } from './services/login';
import { createOperatorService, type OperatorService } from './services/operators';
import { createOutboxService } from './services/outbox';
import { createPackageService, type PackageService } from './services/packages';
import { createPaymentSourceService, type PaymentSourceService } from './services/payment-sources';
import { createPcSyncService, type PcSyncService } from './services/pcsync';
import { createReportService } from './services/reports';
import { createRouterService } from './services/routers';
import { createSelfService, type SelfService } from './services/self-service';
import { createSelling } from './services/selling';
import { createSessionService, type SessionService } from './services/sessions';
import { createSettingsService, type SettingsService } from './services/settings';
import { createDeviceService, type DeviceService } from './services/devices';
import { AppError } from '../shared/errors';
import { createShiftService } from './services/shifts';
import { createStatusService, secretProblems } from './services/status';
import { createSummaryService } from './services/summary';
import { createUnitOfWork } from './services/unit-of-work';
import { loadSessionViews } from './services/views';
import { VERSION } from './version';

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
  /** How the WAL is flushed before accounting is answered (default: fdatasync off the event loop; tests hold it). */
  flushWal?: FlushWal | undefined;
  /** better-sqlite3's addon built for Electron (the desktop app). */
  nativeBinding?: string | undefined;
  /** Scheduled backups (default on, into `<dataDir>/backups` unless Settings name a folder); false: only when an admin asks (Back up now). */
  backups?: boolean | undefined;
  /** The Telegram Bot API's base URL for the daily summary (default https://api.telegram.org; tests: a stand-in on 127.0.0.1). */
  telegramApiBase?: string | undefined;
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
  readonly devices: DeviceService;
  readonly packages: PackageService;
  readonly accounting: AccountingService;
  /** The RADIUS server, or null when not asked for or it could not bind (see status().radius.error). */
  readonly radius: RadiusServer | null;
  /** Delivers the disconnect outbox; null without RADIUS. */
  readonly disconnects: DisconnectWorker | null;
  readonly pcsync: PcSyncService;
  readonly paymentSources: PaymentSourceService;
  readonly selfService: SelfService;
  readonly webhook: WebhookReceiver | null;
  readonly scheduler: Scheduler;
  /** Backups into the folder Settings name now (null: backups are off). */
  backups(): Backups;
  /** Every contract method, for any transport. */
  readonly api: Dispatcher;
  status(): Status;
  radiusStatus(): RadiusStatus;
  pcSyncStatus(): PcSyncStatus;
  /** Stops everything and closes the database; safe to call twice. */
  close(): Promise<void>;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Opens the store (migrating it; throws on drift) and wires the services. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const log = options.log ?? silentLogger;
  const secrets = secretProblems(log);
  const { store, file, applied } = openStore(options.dataDir, now, { secrets: options.secrets, nativeBinding: options.nativeBinding, unreadableSecret: secrets.unreadable, flushWal: options.flushWal });
  if (applied.length) log.info(`database migrated: ${applied.join(', ')}`, { file });

  const startedAt = now();
  const events = createEventBus({ loadSessions: (ids) => loadSessionViews(store, ids, now()), now, log: log.child('events'), batchMs: options.eventBatchMs });
  // Late-bound: the Disconnect/CoA sender, once started, delivers what a commit queued.
  let worker: DisconnectWorker | null = null;
  let radius: RadiusServer | null = null;
  const uow = createUnitOfWork({ store, events, outboxChanged: () => void worker?.wake(), log: log.child('services') });
  const settings = createSettingsService(store, uow, now, log.child('settings'));
  const shifts = createShiftService({ store, uow, now });
  const operators = createOperatorService(store, uow, now, shifts);
  // Serve mode replaces this with its own (the token it checks); the desktop app's window needs no token.
  const devices = createDeviceService({
    store,
    uow,
    now,
    replaceStoredToken: () => {
      throw new AppError('rule', 'The desktop app has no API token (its window needs none; browsers pair with a code). Serve mode has one.');
    },
  });
  const lifecycle = createLifecycle(store, uow);
  const randomInt = options.randomInt ?? ((max) => cryptoRandomInt(max));
  const sessions = createSessionService({ store, uow, lifecycle, shifts, now, settings, randomInt });
  const batches = createBatchService({ store, uow, shifts, now, settings, randomInt });
  const packages = createPackageService({ store, uow, now });
  const login = createLoginService({ store, uow, now, settings, lifecycle });
  const accounting = createAccountingService({ store, uow, settings, lifecycle, now });
  const expiry = createExpiryService({ store, uow, lifecycle, now });
  const pcsync = createPcSyncService({ store, uow, lifecycle, now, unreadable: (err) => secrets.unreadable('the PC-sync webhook secret (PC logouts are refused until an admin makes a new one in Settings → PC sync)', err) });
  // The login page offers "paid at the coin slot? Connect" while some payment source is enabled.
  const loginPage = () => ({ ...settings.get(), selfService: store.paymentSources.list().some((s) => s.enabled) });
  const routers = createRouterService({ store, uow, now, radius: () => radius, loginPage, lan: () => ({ port: webhook?.port ?? null, error: webhookError }) });
  const paymentSources = createPaymentSourceService({ store, uow, now });
  const selfService = createSelfService({
    store,
    uow,
    now,
    settings,
    selling: createSelling({ store, uow, lifecycle, settings, randomInt }),
    canOpenByApi: routers.canOpenGate,
    openGate: routers.openGate,
    log: log.child('self-service'),
  });
  const resealed = routers.resealSecrets();
  if (resealed) log.info(`sealed the secrets of ${resealed} router(s) with the ${store.secrets.protection} protection`);
  const resealedSources = store.tx(() => store.paymentSources.resealAll());
  if (resealedSources) log.info(`sealed the secrets of ${resealedSources} payment source(s) with the ${store.secrets.protection} protection`);
  const backups = createBackupService({ store, uow, settings, dataDir: options.dataDir, scheduled: options.backups !== false, now, log: log.child('backup') });
  // What starting wrote (a new PC-sync secret, secrets sealed again) is on disk before anything is answered.
  await store.durable();

  let radiusError: string | null = null;
  let coa: CoaClient | null = null;
  if (options.radius) {
    try {
      coa = await createCoaClient(log.child('coa'), options.radius.host.includes(':') ? '::' : '0.0.0.0');
      const timing = { ...defaultCoaTiming, ...options.coaTiming };
      const outbox = createOutboxService({ store, uow, now, retry: timing });
      const disconnects = (worker = createDisconnectWorker({ outbox, coa, now, log: log.child('coa'), timing, kick: options.kick ?? routers.kick, durable: store.durable }));
      const switchDevices: SwitchDevices = (s, devices, router) => disconnects.switchDevices(s.id, devices, 'Device switch: a new device logged in', routerActor(router));
      radius = await startRadius({ store, login, accounting, now, log: log.child('radius'), switchDevices }, options.radius);
      void worker.wake(); // what an earlier run left pending
    } catch (err) {
      radiusError = message(err);
      log.error(radiusError);
    }
  }

  let webhook: WebhookReceiver | null = null;
  let webhookError: string | null = null;
  if (options.webhook) {
    try {
      webhook = await startWebhookReceiver({ pcsync, disk: store, selfService, paymentSources, now, log: log.child('lan'), loginPage }, options.webhook);
    } catch (err) {
      webhookError = message(err);
      log.error(webhookError);
    }
  }
  const resumed = selfService.resumeGates();
  if (resumed) log.info(`opening the gates of ${resumed} paid device(s) the last run did not get to`);
  events.subscribe(() => radius?.reloadRouters(), ['routers.changed']);

  const radiusListener = { host: options.radius?.host ?? null, running: radius, error: radiusError };
  const webhookListener = { host: options.webhook?.host ?? null, running: webhook, error: webhookError };
  const status = createStatusService({ store, dbFile: file, startedAt, now, events, pcsync, backups, secretProblems: secrets.list, radius: radiusListener, webhook: webhookListener });
  const reports = createReportService({ store, settings });
  const summary = createSummaryService({
    store,
    uow,
    settings,
    reports,
    liveSessions: () => store.sessions.countLive(),
    dataDir: options.dataDir,
    now,
    log: log.child('summary'),
    telegramApiBase: options.telegramApiBase,
    unreadable: (err) => secrets.unreadable('the Telegram bot token of the daily summary (enter it again in Settings → Backups & this PC → Daily summary)', err),
  });
  const outbox = { name: 'outbox', everyMs: 2_000, run: () => worker?.wake() };
  const tasks = [...accounting.tasks, ...expiry.tasks, outbox, ...pcsync.tasks, ...backups.tasks, ...status.tasks, ...routers.tasks, ...summary.tasks];
  const scheduler = startScheduler(tasks, log.child('scheduler'));

  const retryDisconnect = (id: number) => worker?.retrySession(id) ?? Promise.resolve();
  const deps = { settings, sessions, batches, packages, operators, devices, shifts, routers, pcsync, paymentSources, selfService, reports, status, backups, summary, retryDisconnect, version: VERSION };
  const api = createDispatcher(apiHandlers(deps), operators.resolve, store, log.child('api'));

  let closed = false;
  return {
    dataDir: options.dataDir, dbFile: file, startedAt, store, events, api, scheduler,
    settings, sessions, operators, devices, packages, accounting, pcsync, paymentSources, selfService,
    radius, disconnects: worker, webhook, backups: backups.current,
    status: status.status, radiusStatus: status.radiusStatus, pcSyncStatus: status.pcSyncStatus,
    async close() {
      if (closed) return;
      closed = true;
      backups.stop();
      summary.stop();
      scheduler.stop();
      await webhook?.close();
      await selfService.settled();
      await radius?.close();
      const delivering = worker?.close();
      await coa?.close();
      await delivering;
      events.close();
      await backups.settled();
      await summary.settled();
      store.db.close();
      log.info('core stopped');
    },
  };
}
