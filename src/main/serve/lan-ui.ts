/**
 * The UI on the café LAN, for paired devices only (another till PC, the owner's phone).
 * Opt-in: `--ui-host ADDR` in serve mode, or the switch in Settings → Devices (the
 * desktop app, and serve mode without --ui-host). It follows the settings while it
 * runs: switched on, off, or moved to another address or port, it rebinds. A failure
 * to bind (the port taken, an address this PC does not have) is logged and reported
 * in `state()`; the till goes on.
 */
import { networkInterfaces } from 'node:os';
import type { Core } from '../core';
import type { Logger } from '../log';
import { VERSION } from '../version';
import { createHttpApi, type HttpApi } from './http-api';

export interface LanUiOptions {
  core: Core;
  /** The built renderer (dist/renderer), or null for an API only. */
  staticDir: string | null;
  /** serve's --ui-host: listen there whatever the settings say (port from the settings unless `port` is given). */
  host?: string | undefined;
  port?: number | undefined;
  /** Never on the LAN (the demo). */
  off?: boolean | undefined;
  log: Logger;
}

export interface LanUi {
  /** Where it listens now (http://ADDR:PORT/), or null, and the last error. */
  state(): { url: string | null; error: string | null };
  /** Resolves once the current (re)binding is done. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** The first private IPv4 address of this PC (what "the café LAN" most likely is), or null. */
export function firstPrivateIPv4(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) {
      if (i.family === 'IPv4' && !i.internal && /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(i.address)) return i.address;
    }
  }
  return null;
}

/** Starts following the settings (or --ui-host) and binds the LAN UI when it is wanted. */
export function startLanUi(o: LanUiOptions): LanUi {
  let http: HttpApi | null = null;
  let bound: string | null = null;
  let url: string | null = null;
  let error: string | null = null;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  const wanted = (): { host: string; port: number } | null => {
    const lan = o.core.settings.get().lan;
    const port = o.port ?? lan.port;
    if (o.host) return { host: o.host, port };
    if (!lan.enabled) return null;
    const host = lan.address || firstPrivateIPv4();
    return host ? { host, port } : { host: '', port };
  };

  const apply = async () => {
    const want = closed || o.off ? null : wanted();
    const key = want ? `${want.host}:${want.port}` : null;
    if (key === bound && (http !== null || want === null)) return;
    if (http) {
      await http.close();
      http = null;
      url = null;
      o.log.info('the UI is no longer on the café LAN');
    }
    bound = key;
    error = null;
    if (!want) return;
    if (!want.host) {
      error = 'This PC has no private IPv4 address (10.x, 172.16–31.x, 192.168.x): set the address in Settings → Devices';
      o.log.error(error);
      return;
    }
    if (want.host === '0.0.0.0' || want.host === '::') {
      error = 'Give this PC’s LAN address (e.g. 192.168.88.10), not every address: the till should be on the staff network only';
      o.log.error(error);
      return;
    }
    const server = createHttpApi({ api: o.core.api, events: o.core.events, token: null, devices: o.core.devices, signedIn: (t) => o.core.operators.resolve(t) !== null, scope: 'lan', staticDir: o.staticDir, version: VERSION, log: o.log });
    try {
      const port = await server.listen(want.port, want.host);
      http = server;
      // Accept failures (too many open files, say) are logged; they must not end the process.
      server.server.on('error', (err) => o.log.error('the LAN UI server failed', { err }));
      server.server.maxConnections = 256;
      url = `http://${want.host.includes(':') ? `[${want.host}]` : want.host}:${port}/`;
      o.log.info(`the UI is on the café LAN at ${url} (paired devices only)`);
    } catch (err) {
      error = `Cannot listen on ${want.host}:${want.port}: ${(err as Error).message}`;
      o.log.error(error);
      await server.close();
    }
  };
  const reconcile = () => (chain = chain.then(apply, apply));
  const stop = o.core.events.subscribe(() => void reconcile(), ['settings.changed']);
  void reconcile();

  return {
    state: () => ({ url, error }),
    settled: () => chain,
    async close() {
      closed = true;
      stop();
      await reconcile();
    },
  };
}
