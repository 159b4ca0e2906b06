/**
 * Access-Request handling, one datagram at a time and never throwing:
 * known router by source address → sound structure → Message-Authenticator (verified
 * when present, required when the router must send it) → duplicate cache → decode →
 * credentials → engine decision → commit → reply with Message-Authenticator first.
 * Every datagram that gets no reply is counted by reason.
 */
import type { RemoteInfo } from 'node:dgram';
import { normalizeMac } from '../../shared/net';
import type { RouterRow } from '../db/routers';
import type { AuthRow } from '../db/sessions';
import type { OpenDevice, RejectReason } from '../../shared/engine/authorize';
import type { Logger } from '../log';
import type { LoginService } from '../services/login';
import { encodePacket, MAX_PACKET, proxyStates, str, verifyRequestMessageAuthenticator, type Attribute, type Attributes, type Frame } from './codec';
import type { RouterRegistry } from './clients';
import { offeredCredentials, passwordMatches } from './credentials';
import { Code } from './dictionary';
import { acceptAttributes, rejectAttributes } from './entitlement';
import { createIntake, type Send } from './intake';
import { ReplyCache } from './reply-cache';
import type { RadiusStats } from './stats';

/**
 * Scenario D: disconnect `devices` of a session before a new one is accepted;
 * resolves true once the router has confirmed them gone (or they were already gone).
 */
export type SwitchDevices = (session: AuthRow, devices: OpenDevice[], router: RouterRow) => Promise<boolean>;

export interface AuthHandlerDeps {
  registry: RouterRegistry;
  login: LoginService;
  stats: RadiusStats;
  now: () => number;
  log: Logger;
  /** Absent until the Disconnect client exists: a device over the limit is then refused. */
  switchDevices?: SwitchDevices | undefined;
}


/**
 * Bytes of Proxy-State a reply can echo (RFC 2865 section 5.33): the 4096-byte packet less
 * the header, the Message-Authenticator and room for the largest reply body (an
 * Access-Accept's attributes are under 100 bytes).
 */
const MAX_PROXY_STATE_ECHO = MAX_PACKET - 20 - 18 - 256;

/** True when a request's Proxy-State attributes fit in the reply that must echo them; a request with more cannot be answered. */
export function proxyStateFits(attrs: Attributes): boolean {
  return proxyStates(attrs).reduce((n, a) => n + 2 + (Buffer.isBuffer(a[1]) ? a[1].length : 0), 0) <= MAX_PROXY_STATE_ECHO;
}

/** Creates the Access-Request handler; `handle` never throws and replies through `send`. */
export function createAuthHandler(d: AuthHandlerDeps) {
  const cache = new ReplyCache();
  const intake = createIntake({
    ...d,
    cache,
    port: 'access',
    code: Code.AccessRequest,
    authentic: (frame, router) => {
      if (frame.maOffset !== -1) {
        if (!verifyRequestMessageAuthenticator(frame, router.secret)) return 'bad_message_authenticator';
        if (d.registry.noteMessageAuthenticator(router)) d.log.info(`router "${router.name}" sends Message-Authenticator: it is now required from it`);
        return null;
      }
      return d.registry.requiresMessageAuthenticator(router) ? 'missing_message_authenticator' : null;
    },
    // RFC 5997: "the server is up" is an Access-Accept with nothing in it but its Message-Authenticator.
    statusServer: (frame, router) =>
      encodePacket({ code: Code.AccessAccept, identifier: frame.identifier, authenticator: frame.authenticator, secret: router.secret, messageAuthenticator: true, attributes: [] }),
  });
  const { drop } = intake;

  const reply = (frame: Frame, attrs: Attributes, router: RouterRow, code: 2 | 3, body: Attribute[]): Buffer =>
    encodePacket({
      code,
      identifier: frame.identifier,
      authenticator: frame.authenticator,
      secret: router.secret,
      messageAuthenticator: true,
      attributes: [...body, ...proxyStates(attrs)],
    });

  type Outcome = { code: 2 | 3; body: Attribute[] } | null;

  /** Synchronous except for a first login, which waits for the disk, and a device switch, which waits for the router (both off the common path). */
  const decide = (frame: Frame, attrs: Attributes, router: RouterRow): Outcome | Promise<Outcome> => {
    // The Reply-Message in the café's language now (settings are in memory: no query per request).
    const reject = (reason: RejectReason): Outcome => ({ code: 3, body: rejectAttributes(reason, d.login.language()) });
    if (!proxyStateFits(attrs)) {
      drop(router, 'malformed', 'more Proxy-State than a reply can echo');
      return null;
    }
    const userName = str(attrs, 'User-Name');
    if (userName === null || userName.length === 0) {
      drop(router, 'missing_attribute', 'no User-Name');
      return null;
    }
    const callingMac = normalizeMac(str(attrs, 'Calling-Station-Id') ?? '');
    const ip = str(attrs, 'Framed-IP-Address');
    const found = d.login.find(userName);
    if (!found.session) return reject('not_found');
    const s = found.session;
    // MAC login: the router vouches for the device (its MAC is the credential).
    if (found.via === 'voucher' && !passwordMatches(offeredCredentials(frame, attrs, router.secret), s.password)) {
      return reject('wrong_password');
    }
    const decision = d.login.decide(s, callingMac);
    if (decision.kind === 'reject') {
      if (decision.expire) d.login.commitExpire(s, router);
      return reject(decision.reason);
    }
    const accept = (): Outcome | Promise<Outcome> => {
      const accepted: Outcome = { code: 2, body: acceptAttributes(decision.entitlement, decision.interimIntervalS) };
      const late = d.login.commitAccept(s, router, { mac: callingMac, ip });
      if (late instanceof Promise) return late.then((refused) => (refused ? reject(refused) : accepted));
      return late ? reject(late) : accepted;
    };
    if (decision.kind === 'accept') return accept();
    if (!d.switchDevices) return reject('in_use');
    return d.switchDevices(s, decision.disconnect, router).then((ok) => {
      if (ok) return accept();
      d.stats.switchUnconfirmed(router.id, d.now());
      d.log.warn(`router "${router.name}" did not confirm a Disconnect in time: a new device was refused, the old one keeps working`);
      return reject('in_use');
    });
  };

  return {
    /** Handles one datagram from `from`. */
    handle(msg: Buffer, from: RemoteInfo, send: Send): void {
      const req = intake.admit(msg, from, send);
      if (!req) return;
      const { router, frame, attrs, key } = req;
      const finish = (r: Outcome) => {
        if (!r) return cache.abandon(key);
        const bytes = reply(frame, attrs, router, r.code, r.body);
        cache.answer(key, bytes);
        d.stats.answered(router.id, r.code === 2 ? 'accept' : 'reject');
        send(bytes);
      };
      const failed = (err: unknown) => {
        cache.abandon(key);
        drop(router, 'processing_error');
        d.log.error('an Access-Request failed; no reply sent (the router will retry)', { router: router.name, err });
      };
      try {
        const r = decide(frame, attrs, router);
        if (r instanceof Promise) r.then(finish, failed);
        else finish(r);
      } catch (err) {
        failed(err);
      }
    },
  };
}
