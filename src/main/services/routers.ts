/**
 * The routers this PC serves: adding, changing and removing them (RADIUS clients), and
 * over their RouterOS API: test the connection, provision the router for this PC,
 * remove a customer from the active list (the Disconnect fallback), and reconcile the
 * router's active list with the connections the app has open. A router problem is an
 * answer ("wrong password", "no answer within 5 s"), not an app error.
 */
import type { GatePath, RouterInput, RouterView } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { ConnectionRow } from '../db/connections';
import type { RouterFields, RouterRow } from '../db/routers';
import type { Store } from '../db/store';
import { isLive } from '../../shared/engine/session-state';
import type { RadiusServer } from '../radius/server';
import { currentLoginPage, VERSION_FILE, type LoginPageSettings } from '../hotspot-page/login-page';
import { HOTSPOT_FILES_PATH } from '../lan/hotspot-files';
import { RouterOsError, withRouter, type RouterApiConfig } from '../routeros/client';
import { activeHosts, findHotspotHost, hotspotLogin, identify, kick, LoginPageError, provision, type LoginPagePlan, type Step } from '../routeros/operations';
import type { Task } from '../scheduler';
import type { Actor } from '../db/audit';
import { findByUserName } from './login';
import type { UnitOfWork } from './unit-of-work';
import { toRouterView } from './views';

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

function fields(r: RouterInput, previous?: RouterRow): RouterFields {
  return {
    name: r.name,
    ip: r.ip,
    secret: r.secret,
    coaPort: r.coaPort,
    requireMessageAuthenticator: r.requireMessageAuthenticator,
    apiHost: r.api?.host ?? null,
    apiPort: r.api?.port ?? null,
    apiUser: r.api?.user ?? null,
    apiPassword: r.api ? (r.api.password ?? previous?.apiPassword ?? '') : null,
    apiTls: r.api?.tls ? 1 : 0,
  };
}

/** Audit details without secrets. */
function redacted(f: RouterFields) {
  return { name: f.name, ip: f.ip, coaPort: f.coaPort, requireMessageAuthenticator: f.requireMessageAuthenticator, apiHost: f.apiHost, apiUser: f.apiUser };
}

export type RouterService = ReturnType<typeof createRouterService>;

export function createRouterService(d: {
  store: Store;
  uow: UnitOfWork;
  now: () => number;
  /** The RADIUS server once it listens (its ports to provision, what it last heard from each router); null without one. */
  radius: () => Pick<RadiusServer, 'authPort' | 'acctPort' | 'stats'> | null;
  /** The café's branding (and whether self-service is on), for the login page Provision installs. */
  loginPage: () => LoginPageSettings;
  /** The LAN port the routers fetch the login page from (the webhook receiver's): null, with why, when it is not listening. */
  lan: () => { port: number | null; error: string | null };
}) {
  const { store, uow } = d;

  const load = (id: number): RouterRow => {
    const r = store.routers.get(id);
    if (!r) throw new AppError('not_found', `Router ${id} does not exist`);
    return r;
  };

  const uniqueIp = (ip: string, exceptId?: number) => {
    const other = store.routers.byIp(ip);
    if (other && other.id !== exceptId) {
      throw new AppError('conflict', `Router "${other.name}" already uses ${ip}`, { ip: `Already used by "${other.name}"` });
    }
  };

  /** The API settings of a router; null when none are configured. */
  const apiConfig = (r: RouterRow): RouterApiConfig | null =>
    r.apiHost && r.apiUser
      ? { host: r.apiHost, port: r.apiPort ?? (r.apiTls ? 8729 : 8728), user: r.apiUser, password: r.apiPassword ?? '', tls: r.apiTls === 1, timeoutMs: API_TIMEOUT_MS }
      : null;

  const noApi = (r: RouterRow) => `"${r.name}" has no RouterOS API settings (address, user, password)`;

  /** The login page as the router at `address` fetches it from this PC, or why it cannot. */
  const loginPagePlan = (address: string): LoginPagePlan | string => {
    const lan = d.lan();
    if (lan.port === null) return lan.error ? `this PC's LAN port is not listening (${lan.error})` : 'this PC has no LAN port for the router to fetch it from';
    const page = currentLoginPage(d.loginPage());
    return {
      baseUrl: `http://${address.includes(':') ? `[${address}]` : address}:${lan.port}${HOTSPOT_FILES_PATH}`,
      files: page.files.map((f) => ({ name: f.name, size: f.bytes.length })),
      version: page.version,
      versionFile: VERSION_FILE,
    };
  };

  /** The routers a paid device's gate can be opened on: the named one if it has API settings, else every one that has them. */
  const gateRouters = (routerId: number | null): { router: RouterRow; cfg: RouterApiConfig }[] => {
    const candidates = routerId === null ? store.routers.list() : [store.routers.get(routerId)].filter((r) => r !== undefined);
    return candidates.flatMap((router) => {
      const cfg = apiConfig(router);
      return cfg ? [{ router, cfg }] : [];
    });
  };

  /** Stores what the RADIUS server last heard from each router (shown while it is not listening). */
  const recordLastSeen = () => {
    const radius = d.radius();
    if (!radius) return;
    uow.run(() => {
      for (const r of store.routers.list()) {
        const seen = radius.stats.router(r.id).lastSeenAt;
        if (seen !== null && seen !== r.lastSeenAt) store.routers.touch(r.id, seen);
      }
    });
  };

  return {
    apiConfig,

    /** Seals router secrets stored before secrets were sealed (or with another protection); returns how many. */
    resealSecrets: (): number => uow.run(() => store.routers.resealAll()),

    list: (): RouterView[] => store.routers.list().map(toRouterView),

    /** Adds a router; conflict when another one has its address. */
    create(input: RouterInput, actor: Actor): RouterView {
      const f = fields(input);
      return uow.run((changes) => {
        uniqueIp(f.ip);
        const id = store.routers.insert(f, d.now());
        store.audit.record(actor, { action: 'router.create', entity: 'router', entityId: id, details: redacted(f) }, d.now());
        changes.emit('routers.changed', {});
        return toRouterView(load(id));
      });
    },

    /** Changes a router (an API password left out is kept); not_found, or conflict on a taken address. */
    update(input: RouterInput & { id: number }, actor: Actor): RouterView {
      return uow.run((changes) => {
        const before = load(input.id);
        const f = fields(input, before);
        uniqueIp(f.ip, input.id);
        store.routers.update(input.id, f, d.now());
        store.audit.record(actor, { action: 'router.update', entity: 'router', entityId: input.id, details: redacted(f) }, d.now());
        changes.emit('routers.changed', {});
        return toRouterView(load(input.id));
      });
    },

    /** Removes a router; not_found when there is none. */
    remove(id: number, actor: Actor): void {
      uow.run((changes) => {
        load(id);
        store.routers.remove(id, d.now());
        store.audit.record(actor, { action: 'router.remove', entity: 'router', entityId: id }, d.now());
        changes.emit('routers.changed', {});
      });
    },

    async test(id: number): Promise<TestResult> {
      const r = load(id);
      const cfg = apiConfig(r);
      if (!cfg) return { ok: false, identity: null, version: null, board: null, error: noApi(r) };
      try {
        const id = await withRouter(cfg, identify);
        return { ok: true, identity: id.identity, version: id.version, board: id.board, error: null };
      } catch (err) {
        return { ok: false, identity: null, version: null, board: null, error: message(err) };
      }
    },

    /**
     * Provision (routeros/operations.ts), the login page included. When only the login page
     * cannot be installed (the LAN port is not listening, the router cannot fetch from this
     * PC), the RADIUS steps still stand: not ok, with those steps and why.
     */
    async provision(id: number, serverAddress: string | undefined, actor: Actor): Promise<ProvisionResult> {
      const r = load(id);
      const cfg = apiConfig(r);
      const ports = d.radius();
      if (!cfg) return { ok: false, serverAddress: null, steps: [], error: noApi(r) };
      if (!ports) return { ok: false, serverAddress: null, steps: [], error: 'The RADIUS server is not listening, so there is nothing to point the router at' };
      try {
        const { address, steps, pageProblem } = await withRouter(cfg, async (api) => {
          const address = serverAddress ?? api.localAddress;
          if (!address) throw new RouterOsError('protocol', 'could not tell this PC’s address as the router sees it; give it explicitly');
          const page = loginPagePlan(address);
          const plan = { serverAddress: address, secret: r.secret, authPort: ports.authPort, acctPort: ports.acctPort, coaPort: r.coaPort, loginPage: typeof page === 'string' ? undefined : page };
          try {
            return { address, steps: await provision(api, plan), pageProblem: typeof page === 'string' ? page : null };
          } catch (err) {
            if (err instanceof LoginPageError) return { address, steps: err.steps, pageProblem: err.message };
            throw err;
          }
        });
        uow.run(() =>
          store.audit.record(actor, { action: 'router.provision', entity: 'router', entityId: r.id, details: { serverAddress: address, changed: steps.filter((s) => s.changed).map((s) => s.what), ...(pageProblem ? { loginPage: pageProblem } : {}) } }, d.now()),
        );
        if (pageProblem) return { ok: false, serverAddress: address, steps, error: `RADIUS is set up, but the café's login page could not be installed: ${pageProblem}` };
        return { ok: true, serverAddress: address, steps, error: null };
      } catch (err) {
        return { ok: false, serverAddress: null, steps: [], error: message(err) };
      }
    },

    /** Whether a paid device's gate can be opened over an API: the given router's, or (none given) any router's with API settings. */
    canOpenGate(routerId: number | null): boolean {
      return gateRouters(routerId).length > 0;
    },

    /**
     * Opens a paid device's gate: on the router its customers are on (or, none named, the router
     * with API settings whose Hotspot lists the device), `/ip/hotspot/active/login` with the device's
     * MAC as the user, so the router sends the Access-Request and RADIUS takes over. Resolves
     * 'router-api' when a router took the login, 'already-online' when the router has the device
     * logged in already as the paid session (`sessionId`), else 'login-page' with why (the
     * login page's MAC login opens it when the customer taps Connect; a device online as another
     * voucher keeps it, and the paid session starts at its next login); never rejects.
     */
    async openGate(device: { mac: string; ip: string | null; sessionId: number }, routerId: number | null): Promise<{ path: GatePath; error: string | null }> {
      const routers = gateRouters(routerId);
      if (routers.length === 0) return { path: 'login-page', error: null };
      const problems: string[] = [];
      for (const { router, cfg } of routers) {
        try {
          const took = await withRouter(cfg, async (api): Promise<boolean | 'online' | { as: string }> => {
            const host = await findHotspotHost(api, device.mac);
            if (host?.authorized) {
              // Logged in already as the paid session (a top-up while online): nothing to open. As another
              // voucher, it is not taken off that one: the paid session waits for its next login.
              const as = (await activeHosts(api, host.mac))[0]?.user;
              return as === undefined || findByUserName(store.sessions, as).session?.id === device.sessionId ? 'online' : { as };
            }
            // A device the router does not list yet is tried only where it must be (one router, its IP known).
            const ip = device.ip ?? host?.ip ?? null;
            if (ip === null || (!host && routers.length > 1)) return false;
            await hotspotLogin(api, { user: device.mac, password: '', mac: device.mac, ip });
            return true;
          });
          if (took === 'online') return { path: 'already-online', error: null };
          if (typeof took === 'object') return { path: 'login-page', error: `${device.mac} is online on "${router.name}" as "${took.as}"; the paid session starts at its next login` };
          if (took) return { path: 'router-api', error: null };
          problems.push(`"${router.name}" does not see ${device.mac} on its Hotspot`);
        } catch (err) {
          problems.push(`"${router.name}": ${err instanceof Error ? err.message.replace(/^routeros: /, '') : String(err)}`);
        }
      }
      return { path: 'login-page', error: problems.join('; ') };
    },

    /** The Disconnect fallback: remove the device from /ip/hotspot/active (by `until`, if given: see coa/worker.ts Kick). */
    async kick(r: RouterRow, c: ConnectionRow, until?: number, mustFind?: boolean): Promise<boolean> {
      const cfg = apiConfig(r);
      if (!cfg) return false;
      // Each step of the exchange waits at most until the deadline.
      const timeoutMs = until === undefined ? cfg.timeoutMs : Math.min(cfg.timeoutMs, Math.max(1, until - performance.now()));
      return withRouter({ ...cfg, timeoutMs }, (api) => kick(api, { userName: c.userName, mac: c.mac, ip: c.ip }, until, mustFind));
    },

    async reconcile(id: number, actor: Actor): Promise<ReconcileResult> {
      const r = load(id);
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
          uow.run((changes) => {
            for (const c of gone) {
              store.connections.close(c.id, now, 'Gone');
              store.outbox.settleForConnection(c.id, `not on ${r.name}'s active list (reconcile)`, now);
              changes.sessions(c.sessionId);
            }
          });
          let kicked = 0;
          let unaccounted = 0;
          for (const h of hosts.filter((host) => !open.some((c) => matches(c, host)))) {
            const s = findByUserName(store.sessions, h.user).session;
            // A live session the router knows and we do not (yet): counted, left alone. An unsold card is removed.
            if (s && isLive(s.state)) {
              unaccounted++;
              continue;
            }
            await api.remove('/ip/hotspot/active', h.id);
            kicked++;
          }
          uow.run(() =>
            store.audit.record(actor, { action: 'router.reconcile', entity: 'router', entityId: r.id, details: { active: hosts.length, closed: gone.length, kicked, unaccounted } }, now),
          );
          return { ok: true, active: hosts.length, closed: gone.length, kicked, unaccounted, error: null };
        });
      } catch (err) {
        return { ok: false, ...empty, error: message(err) };
      }
    },

    /** Every minute: remember when each router was last heard from. */
    tasks: [{ name: 'router-last-seen', everyMs: 60_000, run: recordLastSeen }] satisfies Task[],
  };
}
