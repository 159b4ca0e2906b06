/**
 * createCore: the composition root. Plain Node, no 'electron': the desktop app, the
 * headless serve mode and the tests all run exactly this.
 */
import { randomInt as cryptoRandomInt } from 'node:crypto';
import { statSync } from 'node:fs';
import type { RadiusStatus, Status } from '../shared/domain';
import { adminHandlers } from './api/admin';
import type { ApiDeps } from './api/deps';
import { createDispatcher, mergeHandlers, type Dispatcher } from './api/dispatcher';
import { operatorHandlers } from './api/operators';
import { packageHandlers } from './api/packages';
import { routerHandlers } from './api/routers';
import { sessionHandlers } from './api/sessions';
import { systemClock, type Clock } from './clock';
import { openStore, type Store } from './db/store';
import type { RandomInt } from './engine/vouchers';
import { createEventBus, type EventBus } from './events';
import { silentLogger, type Logger } from './log';
import { startRadius, type RadiusOptions, type RadiusServer } from './radius/server';
import { startScheduler, type Scheduler } from './scheduler';
import { createAccessService } from './services/access';
import { createAccountingService, type AccountingService } from './services/accounting';
import { createLifecycle } from './services/lifecycle';
import { createOperatorService, type OperatorService } from './services/operators';
import { createSessionService, type SessionService } from './services/sessions';
import { createSettingsService, type SettingsService } from './services/settings';
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
  /** The RADIUS listeners; omitted = none (the till alone, e.g. in tests of the counter). */
  radius?: RadiusOptions | undefined;
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
  readonly scheduler: Scheduler;
  /** Every contract method, for any transport. */
  readonly api: Dispatcher;
  status(): Status;
  radiusStatus(): RadiusStatus;
  /** Stops everything and closes the database; safe to call twice. */
  close(): Promise<void>;
}

/** Opens the store (migrating it; throws on drift) and wires the services. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const log = options.log ?? silentLogger;
  const { store, file, applied } = openStore(options.dataDir, now);
  if (applied.length) log.info(`database migrated: ${applied.join(', ')}`, { file });

  const startedAt = now();
  const events = createEventBus({ loadSessions: (ids) => loadSessionViews(store, ids, now()), now, log: log.child('events'), batchMs: options.eventBatchMs });
  // The Disconnect/CoA sender subscribes here (enforcement); until then requests wait in the outbox.
  const outboxChanged = () => {};
  const afterCommit = (sessionIds: number[], queued: boolean) => {
    if (sessionIds.length) events.sessionsChanged(sessionIds);
    if (queued) outboxChanged();
  };
  const settings = createSettingsService(store, log.child('settings'));
  const operators = createOperatorService(store, events, now);
  const lifecycle = createLifecycle(store);
  const sessions = createSessionService({
    store,
    lifecycle,
    now,
    events,
    settings,
    randomInt: options.randomInt ?? ((max) => cryptoRandomInt(max)),
    outboxChanged,
  });
  const access = createAccessService({ store, now, events, settings, lifecycle, outboxChanged });
  const accounting = createAccountingService({ store, settings, lifecycle, now });

  let radius: RadiusServer | null = null;
  let radiusError: string | null = null;
  if (options.radius) {
    try {
      radius = await startRadius(
        { store, access, accounting, now, log: log.child('radius'), committed: (ids, queued) => afterCommit(ids, queued) },
        options.radius,
      );
    } catch (err) {
      radiusError = err instanceof Error ? err.message : String(err);
      log.error(radiusError);
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

  const scheduler = startScheduler(
    [
      {
        name: 'stale-sweep',
        everyMs: 30_000,
        run: () => afterCommit(store.tx(() => accounting.sweepStale(now())), false),
      },
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
    };
  };

  const deps: ApiDeps = { store, now, events, settings, sessions, operators, status, radiusStatus, version: VERSION };
  const handlers = mergeHandlers(operatorHandlers(deps), packageHandlers(deps), sessionHandlers(deps), routerHandlers(deps), adminHandlers(deps));
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
    scheduler,
    api,
    status,
    radiusStatus,
    async close() {
      if (closed) return;
      closed = true;
      scheduler.stop();
      await radius?.close();
      events.close();
      store.db.close();
      log.info('core stopped');
    },
  };
}
