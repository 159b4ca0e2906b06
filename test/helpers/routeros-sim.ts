import { onTestFinished } from 'vitest';
import type { RouterApiConfig } from '../../src/main/routeros/client';
import { startRouterOsSim, type Row } from '../../src/main/sim/routeros-api';

/** The RouterOS API simulator with a Hotspot active list of its own (`active`, which `/ip/hotspot/active/remove` edits); closed after the test. */
export async function routerOsWithActive(options: { version?: string; active?: Row[] } = {}) {
  const active = options.active ?? [];
  const s = await startRouterOsSim({
    user: 'iwas',
    password: 'secret-pw',
    identity: 'cafe-hap',
    version: options.version,
    hotspot: {
      activeRows: () => active,
      removeActive: (id) => active.splice(active.findIndex((r) => r['.id'] === id), 1).length > 0,
      hostRows: () => [],
      apiLogin: () => Promise.resolve({ accepted: false, message: 'not used here' }),
    },
  });
  onTestFinished(() => s.close());
  const cfg: RouterApiConfig = { host: '127.0.0.1', port: s.port, user: 'iwas', password: 'secret-pw', tls: false, timeoutMs: 1500 };
  return { s, cfg, active };
}
