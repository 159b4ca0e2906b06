/**
 * The database side of an Access-Request: find the session the customer names,
 * decide with the engine, and commit what the decision implies (first login
 * activates; a used-up ACTIVE session, or a voucher past its unused-voucher deadline,
 * expires). A first login is on disk before the router gets its Access-Accept, as a
 * usage report is before its answer: committed without waiting for the disk in the event
 * loop, and accepted once the WAL flush that covers it returns (db/wal-sync.ts). A batch
 * of cards used for the first time at once then costs one flush, not one fsync each on
 * the main thread while every other login waits. An accept of an ACTIVE session whose last
 * change (another device's first login, a top-up) is not on disk yet waits for it the same
 * way (store.sessionOnDisk); the rest are answered at once.
 */
import { normalizeMac } from '../../shared/net';
import type { Actor } from '../db/audit';
import type { RouterRow } from '../db/routers';
import type { AuthRow, SessionFinder } from '../db/sessions';
import type { Store } from '../db/store';
import { authorize, type AuthDecision, type OpenDevice, type SessionRefusal } from '../../shared/engine/authorize';
import { transition } from '../../shared/engine/session-state';
import { normalizeCode } from '../../shared/engine/vouchers';
import type { Language } from '../../shared/i18n/languages';
import type { Lifecycle } from './lifecycle';
import type { SettingsService } from './settings';
import type { UnitOfWork } from './unit-of-work';

export interface LoginDeps {
  store: Store;
  uow: UnitOfWork;
  now: () => number;
  settings: SettingsService;
  lifecycle: Lifecycle;
}

export type Lookup<T> = { session: T; via: 'voucher' | 'mac' } | { session: null };

export function routerActor(r: Pick<RouterRow, 'id' | 'name'>): Actor {
  return { kind: 'router', id: r.id, name: r.name };
}

/**
 * The session a User-Name names: a live MAC-login session when it is a MAC, else the
 * live session with that voucher code, else the latest (ended) one with it.
 */
export function findByUserName<T>(finder: SessionFinder<T>, userName: string): Lookup<T> {
  const mac = normalizeMac(userName);
  if (mac) {
    const s = finder.liveByMac(mac);
    if (s) return { session: s, via: 'mac' };
  }
  const code = normalizeCode(userName);
  const s = finder.liveByCode(code) ?? finder.latestByCode(code);
  return s ? { session: s, via: 'voucher' } : { session: null };
}

export type LoginService = ReturnType<typeof createLoginService>;

export function createLoginService(d: LoginDeps) {
  const { store } = d;
  /** Why the session would be refused now, whatever its devices (null: it would not be). */
  const refusalNow = (id: number, callingMac: string | null): SessionRefusal | null => {
    const late = authorize(store.sessions.forAuth.byId(id)!, [], { callingMac, now: d.now(), interimIntervalS: 0 });
    return late.kind === 'reject' ? late.reason : null;
  };
  return {
    find: (userName: string): Lookup<AuthRow> => findByUserName(store.sessions.forAuth, userName),

    /** The café's language, for the Reply-Message of a refusal (read from the in-memory settings). */
    language: (): Language => d.settings.get().language,

    /** The engine's decision for this session and device now. */
    decide(s: AuthRow, callingMac: string | null): AuthDecision {
      const open: OpenDevice[] = store.connections.openDevices(s.id);
      return authorize(s, open, { callingMac, now: d.now(), interimIntervalS: d.settings.get().radius.interimIntervalS });
    },

    /**
     * Commits an accept: the first login moves the session to ACTIVE (a card in stock is sold
     * by it). Null: go on with the accept now. A promise: go on once it settles — with null
     * once the activation (or the session's last change) is on disk, or a refusal if the
     * session ended meanwhile (it rejects if the disk does not confirm it: no reply).
     * A refusal: the session has ended since it was read (a card voided while its device
     * switch waited).
     */
    commitAccept(s: AuthRow, router: RouterRow, device: { mac: string | null; ip: string | null }): SessionRefusal | null | Promise<SessionRefusal | null> {
      // Most logins are of an ACTIVE session, a no-op move: no transaction for those. But an accept rests on the
      // session as it is now, which must be on disk first: its first login (another device's, just now), or a
      // top-up the cashier has not been told of yet. A flush that failed leaves it unanswered, as the reports are.
      const t = transition(s.state, 'authorized');
      if (!t.ok || !t.changed) {
        const waiting = store.sessionOnDisk(s.id);
        // Ended or used up while it waited (the cashier's End, say): refused after all.
        return waiting ? waiting.then(() => refusalNow(s.id, device.mac)) : null;
      }
      const now = d.now();
      const refusal = d.uow.run(
        () => {
          const current = store.sessions.get(s.id)!;
          if (d.lifecycle.activate(current, routerActor(router), now, { router: router.name, ...device }) || current.state === 'ACTIVE') return null;
          return refusalNow(s.id, device.mac) ?? 'ended';
        },
        { announceOnDisk: true },
      );
      return refusal ?? store.durable().then(() => null);
    },

    /**
     * A login the engine refused because the session ran out: the session expires now if it
     * is still due, and its devices are disconnected (once it is on disk). The Access-Reject
     * does not wait: a refusal promises nothing, and an expiry a power cut undid is made again.
     */
    commitExpire(s: AuthRow, router: RouterRow): void {
      d.uow.run(
        () => {
          const current = store.sessions.forAuth.byId(s.id)!;
          const open = store.connections.openDevices(s.id).map((c) => c.lastUpdateAt);
          d.lifecycle.expireIfDue(current, open, routerActor(router), d.now());
        },
        { announceOnDisk: true },
      );
    },
  };
}
