/**
 * What the app does on a router over its API: identify it, provision it for this PC
 * (idempotently: a second run changes nothing), remove a customer from the Hotspot's
 * active list (the Disconnect fallback), read that list (for reconciling), find a
 * device among the Hotspot's hosts and log it in (opening the gate after a
 * self-service payment).
 */
import { normalizeMac } from '../../shared/net';
import { normalizeCode } from '../../shared/engine/vouchers';
import { RouterOsError, type RouterApi, type Row } from './client';

export const COMMENT = 'IWAS Counter';

export interface Identity {
  identity: string;
  version: string;
  board: string;
}

/** Reads the router's name, RouterOS version and board. */
export async function identify(api: RouterApi): Promise<Identity> {
  const [id] = await api.print('/system/identity');
  const [res] = await api.print('/system/resource');
  return { identity: id?.name ?? '?', version: res?.version ?? '?', board: res?.['board-name'] ?? '?' };
}

/** RouterOS durations ("1s100ms", "300ms", "00:00:01.1", "2m") in milliseconds; NaN when unreadable. */
export function durationMs(text: string): number {
  const clock = /^(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text);
  if (clock) return ((Number(clock[1]) * 60 + Number(clock[2])) * 60 + Number(clock[3])) * 1000 + Number((clock[4] ?? '').padEnd(3, '0').slice(0, 3) || 0);
  const units: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let rest = text;
  while (rest.length) {
    const m = /^(\d+)(ms|w|d|h|m|s)/.exec(rest);
    if (!m) return Number.NaN;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return text.length ? total : Number.NaN;
}

export interface ProvisionPlan {
  /** This PC as the router reaches it. */
  serverAddress: string;
  secret: string;
  authPort: number;
  acctPort: number;
  coaPort: number;
  /** The café's login page to install; left out: the Hotspot's pages are not touched. */
  loginPage?: LoginPagePlan | undefined;
}

/** The login page's files as this PC serves them on its LAN port. */
export interface LoginPagePlan {
  /** Where the router fetches them: `http://<this PC>:<LAN port>/hotspot/`. */
  baseUrl: string;
  files: { name: string; size: number }[];
  /** The set's version, which `versionFile` holds. */
  version: string;
  versionFile: string;
}

/** The folder Provision puts the login page in (under flash/ on routers that keep files only there). */
export const LOGIN_PAGE_DIR = 'hotspot-iwas';

/** The RADIUS part of Provision went through; the login page did not. `steps` says what was done. */
export class LoginPageError extends Error {
  constructor(
    readonly steps: Step[],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LoginPageError';
  }
}

export interface Step {
  what: string;
  changed: boolean;
}

const RADIUS_TIMEOUT = '1100ms';

/**
 * Makes the router use this PC for its Hotspot: a RADIUS client entry with the secret,
 * incoming CoA accepted, every Hotspot profile using RADIUS with accounting and
 * interim updates as the server says, and this PC bypassed (so the counter itself is
 * never behind the login page); then, when the plan has one, the café's login page
 * (installLoginPage). Only what differs is written. Rejects a RouterOsError when the
 * router fails, or a LoginPageError (with the steps done) when only the login page did.
 */
export async function provision(api: RouterApi, p: ProvisionPlan): Promise<Step[]> {
  const steps: Step[] = [];

  const wanted = { secret: p.secret, 'authentication-port': String(p.authPort), 'accounting-port': String(p.acctPort), timeout: RADIUS_TIMEOUT };
  const entry = (await api.print('/radius')).find((r) => r.address === p.serverAddress);
  if (!entry) {
    await api.add('/radius', { address: p.serverAddress, service: 'hotspot', ...wanted, comment: COMMENT });
    steps.push({ what: `RADIUS server ${p.serverAddress} added for the Hotspot`, changed: true });
  } else {
    const diff: Record<string, string> = {};
    if (!(entry.service ?? '').split(',').includes('hotspot')) diff.service = [entry.service, 'hotspot'].filter(Boolean).join(',');
    if (entry.secret !== wanted.secret) diff.secret = wanted.secret;
    if (entry['authentication-port'] !== wanted['authentication-port']) diff['authentication-port'] = wanted['authentication-port'];
    if (entry['accounting-port'] !== wanted['accounting-port']) diff['accounting-port'] = wanted['accounting-port'];
    if (durationMs(entry.timeout ?? '') !== durationMs(RADIUS_TIMEOUT)) diff.timeout = RADIUS_TIMEOUT;
    if (Object.keys(diff).length) await api.set('/radius', diff, entry['.id']);
    steps.push({ what: `RADIUS server ${p.serverAddress}${Object.keys(diff).length ? ` updated (${Object.keys(diff).join(', ')})` : ' already set'}`, changed: Object.keys(diff).length > 0 });
  }

  const incoming = (await api.print('/radius/incoming'))[0] ?? {};
  const accepts = incoming.accept === 'true' || incoming.accept === 'yes';
  if (!accepts || incoming.port !== String(p.coaPort)) {
    await api.set('/radius/incoming', { accept: 'yes', port: String(p.coaPort) });
    steps.push({ what: `incoming Disconnect/CoA accepted on port ${p.coaPort}`, changed: true });
  } else {
    steps.push({ what: `incoming Disconnect/CoA already accepted on port ${p.coaPort}`, changed: false });
  }

  for (const profile of await api.print('/ip/hotspot/profile')) {
    const ok = profile['use-radius'] === 'true' && profile['radius-accounting'] === 'true' && profile['radius-interim-update'] === 'received';
    if (!ok) await api.set('/ip/hotspot/profile', { 'use-radius': 'yes', 'radius-accounting': 'yes', 'radius-interim-update': 'received' }, profile['.id']);
    steps.push({ what: `Hotspot profile "${profile.name}" ${ok ? 'already uses' : 'now uses'} RADIUS with accounting`, changed: !ok });
  }

  const bypassed = (await api.print('/ip/hotspot/ip-binding')).some((b) => b.address === p.serverAddress && b.type === 'bypassed');
  if (!bypassed) await api.add('/ip/hotspot/ip-binding', { address: p.serverAddress, type: 'bypassed', comment: `${COMMENT} (counter PC)` });
  steps.push({ what: `this PC (${p.serverAddress}) ${bypassed ? 'already bypasses' : 'now bypasses'} the login page`, changed: !bypassed });

  if (p.loginPage) {
    try {
      steps.push(...(await installLoginPage(api, p.loginPage)));
    } catch (err) {
      throw new LoginPageError(steps, err instanceof Error ? err.message.replace(/^routeros: /, '') : String(err), { cause: err });
    }
  }
  return steps;
}

/** Has the router download `url` into `dstPath` (its /tool/fetch, over HTTP from this PC); rejects with what the router said. */
async function fetchInto(api: RouterApi, url: string, dstPath: string): Promise<void> {
  let rows: Row[];
  try {
    rows = await api.run('/tool/fetch', { url, 'dst-path': dstPath, mode: 'http' });
  } catch (err) {
    const why = err instanceof RouterOsError ? err.message.replace(/^routeros: (\S+: )?/, '') : String(err);
    const port = new URL(url).port || '80';
    throw new RouterOsError(err instanceof RouterOsError ? err.kind : 'trap', `the router could not fetch ${url} (${why}); check that this PC's firewall lets the router reach TCP port ${port}`, { cause: err });
  }
  const status = rows.at(-1)?.status;
  if (status !== undefined && status !== 'finished') throw new RouterOsError('trap', `the router's fetch of ${url} ended "${status}"`);
}

/**
 * Puts the café's login page on the router: its files fetched from this PC into
 * LOGIN_PAGE_DIR (skipped when the version file there already holds this version and
 * every file is there at its size; a file no longer in the set is removed), then every
 * Hotspot profile's html-directory pointed at it. Rejects a RouterOsError saying which
 * fetch failed.
 */
export async function installLoginPage(api: RouterApi, page: LoginPagePlan): Promise<Step[]> {
  const steps: Step[] = [];
  const files = await api.print('/file');
  // Routers with a flash/ folder keep only what is in it across a reboot.
  const dir = files.some((f) => f.name === 'flash' && (f.type === 'disk' || f.type === 'directory')) ? `flash/${LOGIN_PAGE_DIR}` : LOGIN_PAGE_DIR;
  const there = new Map(files.filter((f) => f.name?.startsWith(`${dir}/`) && f.type !== 'directory').map((f) => [f.name!.slice(dir.length + 1), f]));
  const hasSize = (name: string, size: number) => {
    const shown = there.get(name)?.size;
    return shown !== undefined && (!/^\d+$/.test(shown) || Number(shown) === size);
  };
  const current = there.get(page.versionFile)?.contents?.trim() === page.version && page.files.every((f) => hasSize(f.name, f.size));
  if (current) {
    steps.push({ what: `login page (version ${page.version}) already in ${dir}`, changed: false });
  } else {
    // The version file last: a fetch that fails half-way leaves no matching version, so the next Provision fetches again.
    const ordered = [...page.files.filter((f) => f.name !== page.versionFile), ...page.files.filter((f) => f.name === page.versionFile)];
    for (const f of ordered) await fetchInto(api, `${page.baseUrl}${f.name}`, `${dir}/${f.name}`);
    steps.push({ what: `login page (version ${page.version}, ${page.files.length} files) fetched from ${page.baseUrl} into ${dir}`, changed: true });
  }
  const stale = [...there].filter(([name]) => !page.files.some((f) => f.name === name));
  for (const [, f] of stale) await api.remove('/file', f['.id']!);
  if (stale.length) steps.push({ what: `old login page files removed from ${dir}: ${stale.map(([name]) => name).join(', ')}`, changed: true });

  for (const profile of await api.print('/ip/hotspot/profile')) {
    const ok = (profile['html-directory'] ?? '').replace(/^\//, '') === dir;
    if (!ok) await api.set('/ip/hotspot/profile', { 'html-directory': dir }, profile['.id']);
    const override = profile['html-directory-override'] ? ` (but while "${profile['html-directory-override']}" exists, its html-directory-override shows that instead)` : '';
    steps.push({ what: `Hotspot profile "${profile.name}" ${ok ? 'already shows' : 'now shows'} the café's login page${override}`, changed: !ok });
  }
  return steps;
}

export interface ActiveHost {
  id: string;
  user: string;
  mac: string | null;
  ip: string | null;
}

/** The Hotspot's active list; with `mac` (any case or separator), only that device's entries, asked of the router by a query. */
export async function activeHosts(api: RouterApi, mac?: string): Promise<ActiveHost[]> {
  const wanted = mac === undefined ? null : (normalizeMac(mac) ?? mac.toUpperCase());
  const rows = await api.print('/ip/hotspot/active', wanted === null ? undefined : { 'mac-address': wanted });
  const hosts = rows.map((r: Row) => ({
    id: r['.id'] ?? '',
    user: r.user ?? '',
    mac: r['mac-address']?.toUpperCase() ?? null,
    ip: r.address ?? null,
  }));
  return wanted === null ? hosts : hosts.filter((h) => h.mac === wanted);
}

/** Whether the router's user name for a login and ours are the same login: equal, or the same MAC or voucher code however written. */
function sameLogin(routerUser: string, ours: string): boolean {
  if (routerUser === ours) return true;
  const mac = normalizeMac(ours);
  return mac !== null ? normalizeMac(routerUser) === mac : normalizeCode(routerUser) === normalizeCode(ours);
}

/**
 * Removes a customer's login from the active list: the entry of that login with the device's MAC
 * or address (the same phone logged in as another customer since stays; with no user name known,
 * the device's entries). Resolves true when it is no longer there (removed, or already gone);
 * false when `until` (a `performance.now()` time) comes before it is: no removal is started that
 * could not end by then, taking as long as the list took. `mustFind` (the router reports the device
 * online after saying it was gone): false too when the list shows the device's MAC or address under a
 * login that does not match (the same login named otherwise), true when it shows nothing of the device.
 */
export async function kick(api: RouterApi, device: { userName: string; mac: string | null; ip: string | null }, until?: number, mustFind = false): Promise<boolean> {
  const asked = performance.now();
  const hosts = await activeHosts(api);
  const roundTrip = performance.now() - asked;
  const ours = (h: ActiveHost) => device.userName === '' || sameLogin(h.user, device.userName);
  const thisDevice = (h: ActiveHost) => (device.mac !== null && h.mac === device.mac) || (device.ip !== null && h.ip === device.ip);
  const matches = hosts.filter((h) => ours(h) && thisDevice(h));
  // Not listed is "gone" to a Disconnect's fallback. Where the router reports the device online all the same, only a
  // list with nothing of the device's is: its MAC or address under another login is the same login named otherwise.
  if (mustFind && matches.length === 0) return !hosts.some(thisDevice);
  for (const h of matches) {
    if (until !== undefined && performance.now() + roundTrip > until) return false;
    await api.remove('/ip/hotspot/active', h.id);
  }
  return true;
}

export interface HotspotHost {
  id: string;
  mac: string;
  ip: string;
  /** Logged in (in the active list) or not yet. */
  authorized: boolean;
}

/** Finds a device among the Hotspot's hosts (on its WiFi, logged in or not) by MAC, any case or separator; null when the router lists no such device with an address. Rejects a RouterOsError when the router fails. */
export async function findHotspotHost(api: RouterApi, mac: string): Promise<HotspotHost | null> {
  const wanted = normalizeMac(mac) ?? mac.toUpperCase();
  // RouterOS prints MACs upper-case with colons; the query spares reading the whole table.
  const row = (await api.print('/ip/hotspot/host', { 'mac-address': wanted })).find((r) => r['mac-address']?.toUpperCase() === wanted && r.address);
  if (!row) return null;
  return { id: row['.id'] ?? '', mac: wanted, ip: row.address!, authorized: row.authorized === 'true' || row.authorized === 'yes' };
}

/**
 * Logs a device in on the Hotspot as if it had used the login page
 * (`/ip/hotspot/active/login`): the router sends its Access-Request and the usual
 * RADIUS path follows. Rejects a RouterOsError saying what the router answered (a
 * refusal's Reply-Message, "RADIUS server is not responding", …).
 */
export async function hotspotLogin(api: RouterApi, login: { user: string; password: string; mac: string; ip: string }): Promise<void> {
  try {
    await api.run('/ip/hotspot/active/login', { user: login.user, password: login.password, 'mac-address': login.mac, ip: login.ip });
  } catch (err) {
    if (!(err instanceof RouterOsError)) throw err;
    const said = err.message.replace(/^routeros: (\S+: )?/, '');
    throw new RouterOsError(err.kind, `the router did not log in ${login.mac} (${login.ip}) as "${login.user}": ${said}`, { cause: err });
  }
}
