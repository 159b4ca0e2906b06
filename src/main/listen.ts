/** Where the LAN-facing listeners bind: parsing what an operator typed (CLI flags, the desktop app's environment). */
import { normalizeIp } from '../shared/net';
import type { RadiusOptions } from './radius/server';
import type { WebhookOptions } from './lan/server';

type Fail = (message: string) => never;
const error: Fail = (message) => {
  throw new Error(message);
};

/** A port number 0–65535 (0: any free port); `fallback` when not given. */
export function parsePort(text: string | undefined, fallback: number, what: string, fail: Fail = error): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${what} must be a port number 0–65535 (got "${text}")`);
  return n;
}

/** An IP address to bind; 0.0.0.0 (every interface: the café LAN) when not given. */
export function parseBindAddress(text: string | undefined, what: string, fail: Fail = error): string {
  if (text === undefined || text === '') return '0.0.0.0';
  const ip = normalizeIp(text);
  return ip ?? fail(`${what} must be an IP address (got "${text}")`);
}

/**
 * The desktop app's listeners: RADIUS on 1812/1813 and the webhook on 8790, on every
 * interface, unless the environment says otherwise (IWAS_RADIUS_HOST, IWAS_RADIUS_AUTH_PORT,
 * IWAS_RADIUS_ACCT_PORT, IWAS_WEBHOOK_HOST, IWAS_WEBHOOK_PORT: when another RADIUS server
 * already has the ports, say). Throws on a bad value.
 */
export function desktopListeners(env: NodeJS.ProcessEnv): { radius: RadiusOptions; webhook: WebhookOptions } {
  return {
    radius: {
      host: parseBindAddress(env.IWAS_RADIUS_HOST, 'IWAS_RADIUS_HOST'),
      authPort: parsePort(env.IWAS_RADIUS_AUTH_PORT, 1812, 'IWAS_RADIUS_AUTH_PORT'),
      acctPort: parsePort(env.IWAS_RADIUS_ACCT_PORT, 1813, 'IWAS_RADIUS_ACCT_PORT'),
    },
    webhook: { host: parseBindAddress(env.IWAS_WEBHOOK_HOST, 'IWAS_WEBHOOK_HOST'), port: parsePort(env.IWAS_WEBHOOK_PORT, 8790, 'IWAS_WEBHOOK_PORT') },
  };
}
