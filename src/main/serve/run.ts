/**
 * Headless serve mode: the core plus its HTTP API and the built UI on 127.0.0.1.
 * Used by `npm run serve`, by the demo, and by tests that want the real thing.
 */
import { createCore, type Core, type CoreOptions } from '../core';
import type { Logger } from '../log';
import { VERSION } from '../version';
import { createHttpApi, type HttpApi } from './http-api';
import { storedToken } from './token';

export interface ServeOptions extends CoreOptions {
  /** HTTP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Bearer token for the API; when not given, the one kept in the data directory (made on the first start). */
  token?: string | undefined;
  /** The built renderer (dist/renderer), or null for an API-only server. */
  staticDir: string | null;
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
  /** Stops the HTTP server, then the core. */
  stop(): Promise<void>;
}

/** Starts the core and binds the HTTP API; rejects (with everything closed again) if either fails. */
export async function startServe(o: ServeOptions): Promise<Serving> {
  const token = o.token ?? storedToken(o.dataDir, o.log);
  const core = await createCore(o);
  try {
    if (o.firstAdmin && core.operators.needsAdmin()) {
      await core.operators.createFirstAdmin(o.firstAdmin.name, o.firstAdmin.pin, { openShift: false });
      o.log.info(`created the first admin "${o.firstAdmin.name}"`);
    }
    const http = createHttpApi({ api: core.api, events: core.events, token, staticDir: o.staticDir, version: VERSION, log: o.log.child('http') });
    const port = await http.listen(o.port);
    return {
      core,
      http,
      port,
      token,
      url: `http://127.0.0.1:${port}/`,
      async stop() {
        await http.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close();
    throw err;
  }
}
