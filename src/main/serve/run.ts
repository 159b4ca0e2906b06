/**
 * Headless serve mode: the core plus its HTTP API and the built UI on 127.0.0.1.
 * Used by `npm run serve`, by the demo, and by tests that want the real thing.
 */
import { createCore, type Core, type CoreOptions } from '../core';
import type { Logger } from '../log';
import { VERSION } from '../version';
import { createHttpApi, type HttpApi } from './http-api';
import { AppError } from '../../shared/errors';
import { replaceStoredToken, storedToken } from '../security/api-token';
import { startLanUi, type LanUi } from './lan-ui';

export interface ServeOptions extends CoreOptions {
  /** HTTP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Bearer token for the API; when not given, the one kept in the data directory (made on the first start). */
  token?: string | undefined;
  /** The built renderer (dist/renderer), or null for an API-only server. */
  staticDir: string | null;
  /** --ui-host: also serve the UI on this café LAN address, for paired devices only (else Settings → Devices decides). */
  uiHost?: string | undefined;
  /** false: no UI on the LAN whatever the settings say (the demo stays on 127.0.0.1). */
  lanUi?: boolean | undefined;
  /** Creates this first admin when the database has no operator yet (headless setups). */
  firstAdmin?: { name: string; pin: string } | undefined;
  log: Logger;
}

export interface Serving {
  core: Core;
  http: HttpApi;
  port: number;
  token: string;
  url: string;
  /** The UI on the café LAN (paired devices only). */
  lan: LanUi;
  /** Stops the HTTP server, then the core. */
  stop(): Promise<void>;
}

/** Starts the core and binds the HTTP API; rejects (with everything closed again) if either fails. */
export async function startServe(o: ServeOptions): Promise<Serving> {
  let token = o.token ?? storedToken(o.dataDir, o.log);
  const core = await createCore(o);
  try {
    if (o.firstAdmin && core.operators.needsAdmin()) {
      await core.operators.createFirstAdmin(o.firstAdmin.name, o.firstAdmin.pin, { openShift: false });
      o.log.info(`created the first admin "${o.firstAdmin.name}"`);
    }
    const http = createHttpApi({ api: core.api, events: core.events, token, devices: core.devices, signedIn: (t) => core.operators.resolve(t) !== null, scope: 'local', staticDir: o.staticDir, version: VERSION, log: o.log.child('http') });
    const port = await http.listen(o.port);
    const url = `http://127.0.0.1:${port}/`;
    const fixedToken = o.token !== undefined;
    core.devices.setApiTokenReplacer(() => {
      if (fixedToken) throw new AppError('rule', 'This server was started with --token (or IWAS_TOKEN): change the token there');
      token = replaceStoredToken(o.dataDir);
      http.setToken(token);
      o.log.info('the API token was replaced (Settings → Devices)');
      return token;
    });
    const lan = startLanUi({ core, staticDir: o.staticDir, host: o.uiHost, off: o.lanUi === false, log: o.log.child('lan-ui') });
    core.devices.setUrls(() => [url, ...(lan.state().url ? [lan.state().url!] : [])]);
    core.devices.setLanState(lan.state);
    return {
      core,
      http,
      port,
      get token() {
        return token;
      },
      url,
      lan,
      async stop() {
        await lan.close();
        await http.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close();
    throw err;
  }
}
