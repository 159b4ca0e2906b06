/**
 * The database side of an Access-Request: find the session the customer names,
 * decide with the engine, and commit what the decision implies (first login
 * activates; a used-up ACTIVE session, or a voucher past its unused-voucher deadline,
 * expires) before the router gets its answer.
 */
import { normalizeMac } from '../../shared/net';
import type { Actor } from '../db/audit';
import type { RouterRow } from '../db/routers';
import type { AuthRow, SessionFinder } from '../db/sessions';
import type { Store } from '../db/store';
import { authorize, expiryReason, type AuthDecision, type Expiry, type OpenDevice } from '../../shared/engine/authorize';
import { normalizeCode } from '../../shared/engine/vouchers';
import type { EventBus } from '../events';
import type { Lifecycle } from './lifecycle';
import type { SettingsService } from './settings';

export interface LoginDeps {
  store: Store;
  now: () => number;
  events: EventBus;
  settings: SettingsService;
  lifecycle: Lifecycle;
  outboxChanged: () => void;
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
  return {
    find: (userName: string): Lookup<AuthRow> => findByUserName(store.sessions.forAuth, userName),

    /** The engine's decision for this session and device now. */
    decide(s: AuthRow, callingMac: string | null): AuthDecision {
      const open: OpenDevice[] = store.connections.openDevices(s.id);
      return authorize(s, open, { callingMac, now: d.now(), interimIntervalS: d.settings.get().radius.interimIntervalS });
    },

    /** Commits an accept: the first login moves the session to ACTIVE (durably, before the reply). */
    commitAccept(s: AuthRow, router: RouterRow, device: { mac: string | null; ip: string | null }): void {
      if (s.state !== 'PENDING') return;
      const now = d.now();
      const activated = store.tx(() => {
        const current = store.sessions.get(s.id)!;
        return d.lifecycle.activate(current, routerActor(router), now, { router: router.name, ...device });
      });
      if (activated) d.events.sessionsChanged([s.id]);
    },

    /** An ACTIVE session found used up, or a PENDING one past its unused deadline, at login: it expires now, and its devices are disconnected. */
    commitExpire(s: AuthRow, expiry: Expiry, router: RouterRow): void {
      const queued = store.tx(() => {
        const current = store.sessions.get(s.id)!;
        if (current.state !== (expiry === 'unused' ? 'PENDING' : 'ACTIVE')) return 0;
        return d.lifecycle.finish(current, expiry === 'unused' ? 'never_used' : 'limit_reached', expiryReason(expiry), routerActor(router), d.now());
      });
      d.events.sessionsChanged([s.id]);
      if (queued) d.outboxChanged();
    },
  };
}
