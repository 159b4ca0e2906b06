/**
 * Routers over their RouterOS API: test the connection, provision the router for this
 * PC, remove a customer from the active list (the Disconnect fallback), and reconcile
 * the router's active list with the connections the app has open. A router problem is
 * an answer ("wrong password", "no answer within 5 s"), not an app error.
 */
import type { ConnectionRow } from '../db/connections';
import type { RouterRow } from '../db/routers';
import type { Store } from '../db/store';
import { isFinal } from '../../shared/engine/session-state';
import type { EventBus } from '../events';
import { RouterOsError, withRouter, type RouterApiConfig } from '../routeros/client';
import { activeHosts, identify, kick, provision, type Step } from '../routeros/operations';
import type { Actor } from '../db/audit';
import { findByUserName } from './login';

export const API_TIMEOUT_MS = 5000;

export interface TestResult {
  ok: boolean;
  identity: string | null;
  version: string | null;
  board: string | null;
  error: string | null;
}

export interface ProvisionResult {
  ok: boolean;
  serverAddress: string | null;
  steps: Step[];
  error: string | null;
}

export interface ReconcileResult {
  ok: boolean;
  /** Devices on the router's active list. */
  active: number;
  /** Connections the app had open that the router no longer has: closed. */
  closed: number;
  /** Devices online for an ended or unknown session: removed. */
  kicked: number;
  /** Devices of live sessions the app has no connection for yet (accounting will follow). */
  unaccounted: number;
  error: string | null;
}

const message = (err: unknown) => (err instanceof RouterOsError ? err.message.replace(/^routeros: /, '') : err instanceof Error ? err.message : String(err));

export type RouterService = ReturnType<typeof createRouterService>;

export function createRouterService(d: { store: Store; now: () => number; events: EventBus; radiusPorts: () => { authPort: number; acctPort: number } | null }) {
  const { store } = d;

  /** The API settings of a router; null when none are configured. */
  const apiConfig = (r: RouterRow): RouterApiConfig | null =>
    r.apiHost && r.apiUser
      ? { host: r.apiHost, port: r.apiPort ?? (r.apiTls ? 8729 : 8728), user: r.apiUser, password: r.apiPassword ?? '', tls: r.apiTls === 1, timeoutMs: API_TIMEOUT_MS }
      : null;

  const noApi = (r: RouterRow) => `"${r.name}" has no RouterOS API settings (address, user, password)`;

  return {
    apiConfig,

    async test(r: RouterRow): Promise<TestResult> {
      const cfg = apiConfig(r);
      if (!cfg) return { ok: false, identity: null, version: null, board: null, error: noApi(r) };
      try {
        const id = await withRouter(cfg, identify);
        return { ok: true, identity: id.identity, version: id.version, board: id.board, error: null };
      } catch (err) {
        return { ok: false, identity: null, version: null, board: null, error: message(err) };
      }
    },

    async provision(r: RouterRow, serverAddress: string | undefined, actor: Actor): Promise<ProvisionResult> {
      const cfg = apiConfig(r);
      const ports = d.radiusPorts();
      if (!cfg) return { ok: false, serverAddress: null, steps: [], error: noApi(r) };
      if (!ports) return { ok: false, serverAddress: null, steps: [], error: 'The RADIUS server is not listening, so there is nothing to point the router at' };
      try {
        const { address, steps } = await withRouter(cfg, async (api) => {
          const address = serverAddress ?? api.localAddress;
          if (!address) throw new RouterOsError('protocol', 'could not tell this PC’s address as the router sees it; give it explicitly');
          return { address, steps: await provision(api, { serverAddress: address, secret: r.secret, authPort: ports.authPort, acctPort: ports.acctPort, coaPort: r.coaPort }) };
        });
        store.audit.record(actor, { action: 'router.provision', entity: 'router', entityId: r.id, details: { serverAddress: address, changed: steps.filter((s) => s.changed).map((s) => s.what) } }, d.now());
        return { ok: true, serverAddress: address, steps, error: null };
      } catch (err) {
        return { ok: false, serverAddress: null, steps: [], error: message(err) };
      }
    },

    /** The Disconnect fallback: remove the device from /ip/hotspot/active. */
    async kick(r: RouterRow, c: ConnectionRow): Promise<boolean> {
      const cfg = apiConfig(r);
      if (!cfg) return false;
      return withRouter(cfg, (api) => kick(api, { userName: c.userName, mac: c.mac, ip: c.ip }));
    },

    async reconcile(r: RouterRow, actor: Actor): Promise<ReconcileResult> {
      const cfg = apiConfig(r);
      const empty = { active: 0, closed: 0, kicked: 0, unaccounted: 0 };
      if (!cfg) return { ok: false, ...empty, error: noApi(r) };
      try {
        return await withRouter(cfg, async (api) => {
          const hosts = await activeHosts(api);
          const open = store.connections.openOfRouter(r.id);
          const matches = (c: ConnectionRow, h: (typeof hosts)[number]) => (c.mac !== null && c.mac === h.mac) || (c.ip !== null && c.ip === h.ip && c.userName === h.user);
          const now = d.now();
          const gone = open.filter((c) => !hosts.some((h) => matches(c, h)));
          const touched = new Set<number>();
          store.tx(() => {
            for (const c of gone) {
              store.connections.close(c.id, now, 'Gone');
              store.outbox.settleForConnection(c.id, `not on ${r.name}'s active list (reconcile)`, now);
              touched.add(c.sessionId);
            }
          });
          let kicked = 0;
          let unaccounted = 0;
          for (const h of hosts.filter((host) => !open.some((c) => matches(c, host)))) {
            const s = findByUserName(store.sessions, h.user).session;
            if (s && !isFinal(s.state)) {
              unaccounted++;
              continue;
            }
            await api.remove('/ip/hotspot/active', h.id);
            kicked++;
          }
          store.audit.record(actor, { action: 'router.reconcile', entity: 'router', entityId: r.id, details: { active: hosts.length, closed: gone.length, kicked, unaccounted } }, now);
          d.events.sessionsChanged(touched);
          return { ok: true, active: hosts.length, closed: gone.length, kicked, unaccounted, error: null };
        });
      } catch (err) {
        return { ok: false, ...empty, error: message(err) };
      }
    },
  };
}
