/**
 * The steps every request datagram takes before its own pipeline, on either port:
 * a known router by source address → sound structure → the port's packet code (a signed
 * Status-Server is answered here, RFC 5997) → the port's authenticity checks → the duplicate cache → decoded attributes. Each failed
 * step is counted by reason; nothing here throws.
 */
import type { RemoteInfo } from 'node:dgram';
import type { RouterRow } from '../db/routers';
import type { Logger } from '../log';
import { decodeAttributes, parseFrame, verifyRequestMessageAuthenticator, type Attributes, type Frame } from './codec';
import type { RouterRegistry } from './clients';
import { Code, codeNames } from './dictionary';
import type { ReplyCache, RequestKey } from './reply-cache';
import type { DropReason, RadiusStats } from './stats';

export type Send = (reply: Buffer) => void;

export interface Admitted {
  router: RouterRow;
  frame: Frame;
  attrs: Attributes;
  /** The duplicate-cache key: answer or abandon it. */
  key: RequestKey;
  now: number;
}

export interface IntakeDeps {
  registry: RouterRegistry;
  stats: RadiusStats;
  cache: ReplyCache;
  now: () => number;
  log: Logger;
  port: 'access' | 'accounting';
  code: number;
  /** The port's authenticity checks; a drop reason when the datagram fails them. */
  authentic: (frame: Frame, router: RouterRow) => DropReason | null;
  /**
   * Status-Server (RFC 5997) on this port: the answer to a signed one (its Message-Authenticator
   * verified here first: without one it is dropped, as the RFC says). Absent: dropped as wrong_code.
   */
  statusServer?: ((frame: Frame, router: RouterRow) => Buffer) | undefined;
}

/** Creates the intake; `admit` returns the request to handle, or null when it was dropped or answered from the cache. */
export function createIntake(d: IntakeDeps) {
  const drop = (router: RouterRow | null, reason: DropReason, detail?: string) => {
    d.stats.drop(router?.id ?? null, reason);
    if (detail) d.log.debug(`dropped a ${codeNames[d.code]}: ${reason}`, { router: router?.name, detail });
  };
  return {
    drop,
    admit(msg: Buffer, from: RemoteInfo, send: Send): Admitted | null {
      const router = d.registry.byIp(from.address) ?? null;
      if (!router) {
        drop(null, 'unknown_client');
        return null;
      }
      const now = d.now();
      d.stats.seen(router.id, now, d.port);
      const parsed = parseFrame(msg);
      if (!parsed.ok) {
        drop(router, 'malformed', parsed.reason);
        return null;
      }
      const frame = parsed.frame;
      if (frame.code === Code.StatusServer && d.statusServer) {
        // Monitoring asks whether the server is up: no session, no database, no duplicate cache (each probe is answered).
        if (frame.maOffset === -1) drop(router, 'missing_message_authenticator', 'Status-Server without Message-Authenticator');
        else if (!verifyRequestMessageAuthenticator(frame, router.secret)) drop(router, 'bad_message_authenticator', 'Status-Server');
        else {
          send(d.statusServer(frame, router));
          d.stats.statusServer(router.id);
        }
        return null;
      }
      if (frame.code !== d.code) {
        drop(router, 'wrong_code', `code ${frame.code} on the ${d.port} port`);
        return null;
      }
      const inauthentic = d.authentic(frame, router);
      if (inauthentic) {
        drop(router, inauthentic, 'wrong secret, forged, or missing');
        return null;
      }
      const key = d.cache.begin(router.id, from.port, frame.identifier, frame.authenticator, now);
      if (typeof key !== 'number') {
        d.stats.duplicate(router.id);
        if (key.state === 'answered') send(key.reply);
        else drop(router, 'duplicate_in_progress');
        return null;
      }
      const decoded = decodeAttributes(frame);
      if (!decoded.ok) {
        d.cache.abandon(key);
        drop(router, 'malformed', decoded.reason);
        return null;
      }
      return { router, frame, attrs: decoded.attributes, key, now };
    },
  };
}
