/**
 * The café's RADIUS server: the authentication and accounting listeners over one
 * router registry and one set of counters.
 */
import type { RemoteInfo } from 'node:dgram';
import type { RadiusStatus } from '../../shared/domain';
import type { Store } from '../db/store';
import type { Logger } from '../log';
import type { LoginService } from '../services/login';
import type { AccountingService } from '../services/accounting';
import { createAcctHandler } from './acct-server';
import { createAuthHandler, type SwitchDevices } from './auth-server';
import { ensureDictionaries } from './codec';
import { RouterRegistry } from './clients';
import { createStats } from './stats';
import type { UdpListener } from './udp';
import { listenUdp } from './udp-thread';

/** How long closing waits for the flush that lets committed accounting be answered. */
const CLOSE_FLUSH_MS = 1_000;

export interface RadiusOptions {
  /** Address to listen on: 0.0.0.0 for the café LAN, 127.0.0.1 in tests. */
  host: string;
  /** 1812 by default; 0 = any free port. */
  authPort: number;
  /** 1813 by default; 0 = any free port. */
  acctPort: number;
}

export interface RadiusDeps {
  store: Store;
  login: LoginService;
  accounting: AccountingService;
  now: () => number;
  log: Logger;
  switchDevices?: SwitchDevices | undefined;
}

export type RadiusServer = Awaited<ReturnType<typeof startRadius>>;

/** Binds both listeners; rejects `radius: …` (with nothing left open) when a port cannot be bound. */
export async function startRadius(d: RadiusDeps, o: RadiusOptions) {
  ensureDictionaries();
  const registry = new RouterRegistry(d.store);
  const stats = createStats();
  let lastWriteError: { at: number; message: string } | null = null;
  const auth = createAuthHandler({ registry, login: d.login, stats, now: d.now, log: d.log.child('radius-auth'), switchDevices: d.switchDevices });
  let loginsWaiting = () => false;
  const acct = createAcctHandler({
    registry,
    loginsWaiting: () => loginsWaiting(),
    accounting: d.accounting,
    stats,
    now: d.now,
    log: d.log.child('radius-acct'),
    committed: () => {
      lastWriteError = null;
    },
    writeFailed: (err) => {
      const message = err instanceof Error ? err.message : String(err);
      if (lastWriteError?.message !== message) d.log.error('accounting could not be saved; no responses sent (routers will retry)', { err });
      lastWriteError = { at: d.now(), message };
    },
  });

  const sockets: UdpListener[] = [];
  // Access-Requests come in floods and are answered at once: their socket calls run on a UDP
  // thread (udp-thread.ts). Accounting is answered after the disk, in small waves, where the
  // thread's wake-ups cost more than the socket calls they move (BENCHMARKS.md): main thread.
  // Its batches give way to logins waiting in the UDP thread's ring (logins-first.ts).
  const bind = (port: number, name: string, thread: boolean, onMessage: (msg: Buffer, from: RemoteInfo) => void) =>
    listenUdp({ host: o.host, port, name, log: d.log, onMessage, onDropped: (n) => stats.drop(null, 'overloaded', n), thread });
  try {
    const a = await bind(o.authPort, 'authentication', true, (msg, from) => auth.handle(msg, from, (r) => a.send(r, from.port, from.address)));
    sockets.push(a);
    loginsWaiting = () => a.waiting();
    const b = await bind(o.acctPort, 'accounting', false, (msg, from) => acct.handle(msg, from, (r) => b.send(r, from.port, from.address)));
    sockets.push(b);
    d.log.info(`RADIUS listening on ${o.host}: authentication ${a.port}, accounting ${b.port}`);
    return {
      authPort: a.port,
      acctPort: b.port,
      registry,
      stats,
      /** Re-reads the routers after a change. */
      reloadRouters: () => registry.reload(),
      status(): RadiusStatus {
        const openByRouter = d.store.connections.openPerRouter();
        return {
          listening: true,
          host: o.host,
          authPort: a.port,
          acctPort: b.port,
          error: null,
          lastWriteError,
          drops: stats.drops(),
          routers: d.store.routers.list().map((r) => ({
            routerId: r.id,
            name: r.name,
            ip: r.ip,
            openConnections: openByRouter.get(r.id) ?? 0,
            ...stats.router(r.id),
            lastSeenAt: stats.router(r.id).lastSeenAt ?? r.lastSeenAt,
          })),
        };
      },
      /** Answers the accounting already committed (its flush returning within a second), then closes both sockets. */
      async close() {
        await acct.stop(CLOSE_FLUSH_MS);
        await Promise.all(sockets.map((s) => s.close()));
      },
    };
  } catch (err) {
    await Promise.all(sockets.map((s) => s.close()));
    throw err;
  }
}
