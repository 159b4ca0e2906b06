/**
 * The RouterOS API through node-routeros 1.6.9 (pinned: unmaintained), made safe:
 *
 * - RouterOS 7.18+ answers a print with no results `!empty` (then `!done`). 1.6.9's
 *   Channel treats it as an unknown reply and *throws from an event handler* — an
 *   uncaught exception. `patchNodeRouteros` (below) makes the Channel skip `!empty`
 *   and turns any other unknown reply into a rejected call.
 * - A router that stops answering after login leaves 1.6.9's promises pending
 *   forever, and its socket timeout is emitted as an 'error' nobody listens to (another
 *   uncaught exception). Every connection here has an error listener, and every
 *   command its own timeout.
 * - Failures become one `RouterOsError` with a sentence for the operator.
 */
import { constants } from 'node:os';
import { Channel, Connector, RouterOSAPI } from 'node-routeros';

export type RouterOsFailure = 'auth' | 'refused' | 'unreachable' | 'timeout' | 'trap' | 'protocol';

/** Something went wrong talking to a router; `message` is for the operator. */
export class RouterOsError extends Error {
  constructor(
    readonly kind: RouterOsFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`routeros: ${message}`, options);
    this.name = 'RouterOsError';
  }
}

let patched = false;

/**
 * The documented patch of node-routeros 1.6.9 (idempotent): `!empty` is skipped (the
 * `!done` that follows ends the call with no rows), and an unknown reply rejects the
 * call instead of throwing out of the socket's data handler. Its socket sends without
 * Nagle's delay: 1.6.9 writes a command word by word, so with Nagle on every command
 * after the first waited for the router's delayed ACK (about 40 ms; a paid device's gate
 * took ~100 ms to open instead of ~17 ms).
 */
export function patchNodeRouteros(): void {
  if (patched) return;
  patched = true;
  const proto = Channel.prototype as unknown as {
    processPacket(this: Channel, packet: string[]): void;
    onUnknown(this: Channel, reply: string): void;
  };
  const processPacket = proto.processPacket;
  proto.processPacket = function (packet: string[]) {
    if (packet[0] === '!empty') return;
    processPacket.call(this, packet);
  };
  proto.onUnknown = function (reply: string) {
    this.emit('trap', { message: `unexpected reply ${reply}` });
  };
  const connector = Connector.prototype as unknown as { onConnect(this: { socket?: { setNoDelay?(on: boolean): void } }): void };
  const onConnect = connector.onConnect;
  connector.onConnect = function () {
    this.socket?.setNoDelay?.(true);
    onConnect.call(this);
  };
}

export interface RouterApiConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  tls: boolean;
  /** For connecting and for each command. */
  timeoutMs: number;
}

export type Row = Record<string, string>;

/** A connected session with one router. */
export interface RouterApi {
  /** `print` of a menu (e.g. '/ip/hotspot/active'), with `?key=value` queries; [] when empty. */
  print(menu: string, where?: Record<string, string>): Promise<Row[]>;
  add(menu: string, values: Record<string, string>): Promise<string | null>;
  set(menu: string, values: Record<string, string>, id?: string): Promise<void>;
  remove(menu: string, id: string): Promise<void>;
  /** Runs any other command (e.g. '/tool/fetch') with `=key=value` arguments; its `!re` rows. */
  run(command: string, values?: Record<string, string>): Promise<Row[]>;
  /** This PC's address on the connection to the router (what the router sees). */
  localAddress: string | null;
}

const errnoNames = Object.fromEntries(Object.entries(constants.errno).map(([name, n]) => [n, name]));

function describe(err: unknown, cfg: RouterApiConfig): RouterOsError {
  if (err instanceof RouterOsError) return err;
  const e = err as { errno?: unknown; message?: string; code?: string } | null;
  const where = `${cfg.host}:${cfg.port}`;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.errno === 'number' ? errnoNames[Math.abs(e.errno)] : e?.errno;
  if (code === 'CANTLOGIN' || /invalid user name or password|cannot log in/i.test(e?.message ?? '')) {
    return new RouterOsError('auth', `${where} refused the user name or password`, { cause: err });
  }
  if (code === 'ECONNREFUSED') return new RouterOsError('refused', `${where} refused the connection (is the API service enabled? /ip service enable api)`, { cause: err });
  if (code === 'SOCKTMOUT' || code === 'ETIMEDOUT') return new RouterOsError('timeout', `no answer from ${where} within ${cfg.timeoutMs / 1000} s`, { cause: err });
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNRESET') {
    return new RouterOsError('unreachable', `cannot reach ${where} (${code})`, { cause: err });
  }
  return new RouterOsError('trap', `${where}: ${e?.message || String(code ?? err)}`, { cause: err });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string, cfg: RouterApiConfig): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RouterOsError('timeout', `no answer from ${cfg.host}:${cfg.port} to ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Connects, runs `fn`, and always closes; every failure is a RouterOsError. */
export async function withRouter<T>(cfg: RouterApiConfig, fn: (api: RouterApi) => Promise<T>): Promise<T> {
  patchNodeRouteros();
  const conn = new RouterOSAPI({
    host: cfg.host,
    port: cfg.port,
    user: cfg.user,
    password: cfg.password,
    tls: cfg.tls ? { rejectUnauthorized: false } : undefined,
    timeout: Math.max(1, Math.ceil(cfg.timeoutMs / 1000)),
  });
  let lost: RouterOsError | null = null;
  conn.on('error', (err: unknown) => {
    lost = describe(err, cfg);
  });
  try {
    await withTimeout(conn.connect(), cfg.timeoutMs, 'the login', cfg);
  } catch (err) {
    (conn as unknown as { connector?: { destroy(): void } }).connector?.destroy();
    throw describe(err, cfg);
  }
  const run = async (words: string[], what: string): Promise<Row[]> => {
    if (lost) throw lost;
    try {
      return (await withTimeout(conn.write(words) as Promise<Row[]>, cfg.timeoutMs, what, cfg)) ?? [];
    } catch (err) {
      throw describe(lost ?? err, cfg);
    }
  };
  const socket = (conn as unknown as { connector?: { socket?: { localAddress?: string } } }).connector?.socket;
  const api: RouterApi = {
    localAddress: socket?.localAddress?.replace(/^::ffff:/, '') ?? null,
    print: (menu, where = {}) => run([`${menu}/print`, ...Object.entries(where).map(([k, v]) => `?${k}=${v}`)], `${menu}/print`),
    add: async (menu, values) => {
      const rows = await run([`${menu}/add`, ...Object.entries(values).map(([k, v]) => `=${k}=${v}`)], `${menu}/add`);
      return rows[0]?.ret ?? null;
    },
    set: async (menu, values, id) => {
      await run([`${menu}/set`, ...(id ? [`=.id=${id}`] : []), ...Object.entries(values).map(([k, v]) => `=${k}=${v}`)], `${menu}/set`);
    },
    remove: async (menu, id) => {
      await run([`${menu}/remove`, `=.id=${id}`], `${menu}/remove`);
    },
    run: (command, values = {}) => run([command, ...Object.entries(values).map(([k, v]) => `=${k}=${v}`)], command),
  };
  try {
    return await fn(api);
  } finally {
    try {
      await withTimeout(conn.close(), 2000, 'closing', cfg);
    } catch {
      (conn as unknown as { connector?: { destroy(): void } }).connector?.destroy();
    }
  }
}
